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

}  // namespace
}  // namespace aspirasi
