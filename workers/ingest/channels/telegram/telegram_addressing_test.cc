#include "workers/ingest/channels/telegram/telegram_addressing.h"

#include <gtest/gtest.h>

namespace aspirasi::ingest::telegram {
namespace {

AccountContext Account() {
  AccountContext a;
  a.id = "7712340098";
  a.own_ids = {"LaporNusaHarapanBot"};  // with or without '@'
  return a;
}

TEST(Utf16Slice, CountsSurrogatePairsAsTwoUnits) {
  std::string text = "\xF0\x9F\x9A\xA8 @Bot \xC3\xA9!";  // U+1F6A8 (2 units), U+00E9 (1 unit)
  EXPECT_EQ(Utf16Slice(text, 3, 4), "@Bot");
  EXPECT_EQ(Utf16Slice(text, 0, 2), "\xF0\x9F\x9A\xA8");
  EXPECT_EQ(Utf16Slice(text, 8, 2), "\xC3\xA9!");
  EXPECT_EQ(Utf16Slice(text, 1, 1), std::nullopt);  // inside the pair
  EXPECT_EQ(Utf16Slice(text, 8, 3), std::nullopt);  // past the end
  EXPECT_EQ(Utf16Slice(text, -1, 2), std::nullopt);
  EXPECT_EQ(Utf16Slice(text, 10, 0), "");
  EXPECT_EQ(Utf16Slice("", 0, 0), "");
}

Json Message(const std::string& text, int offset, int length, const std::string& type) {
  return Json{{"text", text},
              {"entities", Json::array({{{"offset", offset}, {"length", length}, {"type", type}}})}};
}

TEST(AddressedToUs, MentionOfOurHandleInAnyCase) {
  EXPECT_TRUE(AddressedToUs(Message("@lapornusaharapanbot halo", 0, 20, "mention"), Account()));
  EXPECT_FALSE(AddressedToUs(Message("@LaporNusaHarapanBo halo", 0, 19, "mention"), Account()));
  EXPECT_FALSE(AddressedToUs(Message("@someone_else halo", 0, 13, "mention"), Account()));
  EXPECT_FALSE(AddressedToUs(Message("@LaporNusaHarapanBot", 0, 99, "mention"), Account()));  // bad length
}

TEST(AddressedToUs, MentionInACaption) {
  Json m{{"caption", "foto @LaporNusaHarapanBot"},
         {"caption_entities", Json::array({{{"offset", 5}, {"length", 20}, {"type", "mention"}}})}};
  EXPECT_TRUE(AddressedToUs(m, Account()));
}

TEST(AddressedToUs, TextMentionByOurId) {
  Json m{{"text", "Pak Bot tolong"},
         {"entities", Json::array({{{"offset", 0},
                                    {"length", 7},
                                    {"type", "text_mention"},
                                    {"user", {{"id", 7712340098LL}, {"is_bot", true}}}}})}};
  EXPECT_TRUE(AddressedToUs(m, Account()));
  m["entities"][0]["user"]["id"] = 1;
  EXPECT_FALSE(AddressedToUs(m, Account()));
}

TEST(AddressedToUs, CommandsWithoutTargetOrForUs) {
  EXPECT_TRUE(AddressedToUs(Message("/lapor jalan rusak", 0, 6, "bot_command"), Account()));
  EXPECT_TRUE(AddressedToUs(Message("/lapor@LaporNusaHarapanBot x", 0, 26, "bot_command"), Account()));
  EXPECT_FALSE(AddressedToUs(Message("/lapor@OtherCityBot x", 0, 19, "bot_command"), Account()));
}

TEST(AddressedToUs, ReplyToOurMessage) {
  Json m{{"text", "ya"}, {"reply_to_message", {{"message_id", 5}, {"from", {{"id", 7712340098LL}}}}}};
  EXPECT_TRUE(AddressedToUs(m, Account()));
  m["reply_to_message"]["from"]["id"] = 42;
  EXPECT_FALSE(AddressedToUs(m, Account()));
}

TEST(AddressedToUs, NumericOwnIdsAreNotHandles) {
  AccountContext a;
  a.id = "7712340098";
  a.own_ids = {"7712340098"};
  EXPECT_FALSE(AddressedToUs(Message("@7712340098 halo", 0, 11, "mention"), a));
}

}  // namespace
}  // namespace aspirasi::ingest::telegram
