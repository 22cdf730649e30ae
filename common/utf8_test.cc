#include "common/utf8.h"

#include <gtest/gtest.h>

namespace aspirasi {
namespace {

TEST(Utf8, Validity) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("Jalan rusak di Desa Sukamaju"));
  EXPECT_TRUE(IsValidUtf8("Terima kasih \xF0\x9F\x99\x8F"));  // U+1F64F
  EXPECT_TRUE(IsValidUtf8("\xE2\x80\x8B"));                   // zero-width space
  EXPECT_FALSE(IsValidUtf8("\xFF"));
  EXPECT_FALSE(IsValidUtf8("abc\xC3"));           // truncated
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // a surrogate
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // past U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xE2\x28\xA1"));      // bad continuation
}

TEST(Utf8, BlankTexts) {
  EXPECT_TRUE(IsBlank(""));
  EXPECT_TRUE(IsBlank("   "));
  EXPECT_TRUE(IsBlank(" \t\r\n "));
  EXPECT_TRUE(IsBlank("\xC2\xA0\xC2\xA0"));          // no-break spaces
  EXPECT_TRUE(IsBlank("\xE3\x80\x80"));              // ideographic space
  EXPECT_TRUE(IsBlank("\xE2\x80\x8B\xE2\x80\x8D"));  // zero-width space and joiner
  EXPECT_TRUE(IsBlank("\xEF\xBB\xBF "));             // byte-order mark
  EXPECT_FALSE(IsBlank(" ."));
  EXPECT_FALSE(IsBlank("  ok  "));
  EXPECT_FALSE(IsBlank("\xF0\x9F\x99\x8F"));  // an emoji is an answer of sorts
  EXPECT_FALSE(IsBlank("\xFF"));              // not text at all: not blank either (refused elsewhere)
}

TEST(Utf8, CollapsesBlanks) {
  EXPECT_EQ(CollapseBlanks("  Mohon\n\n maaf  "), "Mohon maaf");
  EXPECT_EQ(CollapseBlanks("a\xC2\xA0\tb"), "a b");
  EXPECT_EQ(CollapseBlanks("   "), "");
  EXPECT_EQ(CollapseBlanks("tetap"), "tetap");
}

TEST(Utf8, MaskLongNumbersKeepsCodesAndHidesIds) {
  EXPECT_EQ(MaskLongNumbers("(#131047) Re-engagement message (code 131047)"),
            "(#131047) Re-engagement message (code 131047)");
  EXPECT_EQ(MaskLongNumbers("recipient 6281234567890 is not on WhatsApp"),
            "recipient \u2026 is not on WhatsApp");
  EXPECT_EQ(MaskLongNumbers("chat 1234567 / user 12345678"), "chat 1234567 / user \u2026");
  EXPECT_EQ(MaskLongNumbers(""), "");
  std::string long_text(300, 'a');
  EXPECT_EQ(MaskLongNumbers(long_text).size(), 200u);
  // Never cut inside a character: "é" is two bytes.
  std::string accents;
  for (int i = 0; i < 150; ++i) accents += "\xc3\xa9";
  std::string cut = MaskLongNumbers(accents, 201);
  EXPECT_EQ(cut.size(), 200u);
  EXPECT_TRUE(IsValidUtf8(cut));
}

}  // namespace
}  // namespace aspirasi
