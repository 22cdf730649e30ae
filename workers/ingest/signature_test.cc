#include "workers/ingest/signature.h"

#include <gtest/gtest.h>

#include "workers/ingest/channel.h"
#include "workers/ingest/keys.h"

namespace aspirasi::ingest {
namespace {

TEST(Signature, HmacSha256MatchesRfc4231TestCase2) {
  EXPECT_EQ(HmacSha256Hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(HmacSha256Base64("Jefe", "what do ya want for nothing?"),
            "W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM=");
}

TEST(Signature, ConstantTimeEquals) {
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
}

TEST(Keys, FollowTheContract) {
  std::string item = ItemKey("facebook", "104582736190254", "comment", "1_2");
  EXPECT_EQ(item, "facebook:104582736190254:comment:1_2");
  EXPECT_EQ(EditKey(item, "1700000000"), item + ":edit:1700000000");
  EXPECT_EQ(RemoveKey(item), item + ":remove");
  EXPECT_EQ(ConversationKey("telegram", "7712340098", "-100200"), "telegram:7712340098:-100200");
}

class NullChannel : public Channel {
 public:
  Status Verify(const HttpRequestView&, const AccountContext&) const override { return Status::Ok(); }
  Result<ParseResult> Parse(std::string_view, const AccountContext&) const override { return ParseResult{}; }
};

TEST(Registry, RefusesADuplicateName) {
  ChannelRegistry r;
  EXPECT_TRUE(
      r.Register({"null", "wip", "webhook", "none", "none", {}}, std::make_unique<NullChannel>()).ok());
  EXPECT_EQ(
      r.Register({"null", "wip", "webhook", "none", "none", {}}, std::make_unique<NullChannel>()).code(),
      v1::CONFLICT);
  EXPECT_NE(r.Find("null"), nullptr);
  EXPECT_EQ(r.Find("other"), nullptr);
  EXPECT_EQ(r.List().size(), 1u);
}

TEST(Account, OwnIds) {
  AccountContext a;
  a.id = "1";
  a.own_ids = {"2"};
  EXPECT_TRUE(a.IsOwn("1"));
  EXPECT_TRUE(a.IsOwn("2"));
  EXPECT_FALSE(a.IsOwn("3"));
  EXPECT_FALSE(a.IsOwn(""));
}

}  // namespace
}  // namespace aspirasi::ingest
