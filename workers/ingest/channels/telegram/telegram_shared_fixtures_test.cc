// Replays the shared, recorded-style fixtures (../shared/fixtures/channels/telegram beside the
// repository) when they exist: Verify accepts the recorded header, and the parse-level outcome
// agrees with expected.json. Skipped cleanly in a clone without them.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "workers/ingest/channels/telegram/telegram_channel.h"
#include "workers/ingest/testing/channel_testing.h"

namespace aspirasi::ingest {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;
using channel_testing::FakeRequest;
using channel_testing::ReadFileBytes;

const fs::path kShared = fs::path(ASPIRASI_SOURCE_DIR) / ".." / "shared" / "fixtures" / "channels";

AccountContext SharedAccount(const std::string& secret) {
  AccountContext a;
  a.channel = "telegram";
  a.id = "7712340098";
  a.own_ids = {"@LaporNusaHarapanBot"};
  a.secret = secret;
  return a;
}

class TelegramSharedFixtures : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::is_directory(kShared / "telegram")) GTEST_SKIP() << "no shared fixtures at " << kShared;
    signatures_ = Json::parse(ReadFileBytes((kShared / "signatures.json").string()))["platforms"]["telegram"];
    expected_ = Json::parse(ReadFileBytes((kShared / "expected.json").string()));
  }
  ParseResult Parse(const std::string& file) {
    auto r = channel_->Parse(ReadFileBytes((kShared / "telegram" / file).string()), SharedAccount(Secret()));
    EXPECT_TRUE(r.ok()) << file << ": " << r.status().ToString();
    return r.ok() ? *r : ParseResult{};
  }
  std::string Secret() const { return signatures_["secret_token"].get<std::string>(); }

  Json signatures_, expected_;
  std::unique_ptr<Channel> channel_ = MakeTelegramChannel();
};

int Count(const Json& counts, const char* name) {
  return counts.contains(name) ? counts[name].get<int>() : 0;
}

TEST_F(TelegramSharedFixtures, VerifyAcceptsEveryRecordedHeader) {
  for (const auto& [file, header] : signatures_["files"].items()) {
    FakeRequest req;
    req.body = ReadFileBytes((kShared / "telegram" / file).string());
    req.Header(signatures_["header"].get<std::string>(), header.get<std::string>());
    EXPECT_TRUE(channel_->Verify(req.View(), SharedAccount(Secret())).ok()) << file;
    req.Header(signatures_["header"].get<std::string>(), header.get<std::string>() + "x");
    EXPECT_EQ(channel_->Verify(req.View(), SharedAccount(Secret())).code(), v1::PERMISSION_DENIED) << file;
  }
}

TEST_F(TelegramSharedFixtures, ParseLevelOutcomesAgreeWithExpectedJson) {
  int files = 0;
  for (const auto& entry : fs::directory_iterator(kShared / "telegram")) {
    std::string file = entry.path().filename().string();
    SCOPED_TRACE(file);
    const Json& counts = expected_.at("telegram/" + file).at("counts");
    ParseResult r = Parse(file);
    std::map<v1::SubmitAction, int> actions;
    for (const auto& s : r.submits) ++actions[s.action()];
    EXPECT_EQ(r.ignored, Count(counts, "ignored"));
    EXPECT_EQ(actions[v1::CREATE],
              Count(counts, "new") + Count(counts, "appended") + Count(counts, "duplicates"));
    EXPECT_EQ(actions[v1::UPDATE], Count(counts, "updated"));
    EXPECT_EQ(actions[v1::WITHDRAW], Count(counts, "withdrawn"));
    ++files;
  }
  EXPECT_EQ(files, 8);
}

// What the broker decides from keys: appends share the conversation key of an earlier message,
// the edit targets 01's key, the redelivery repeats 01's key.
TEST_F(TelegramSharedFixtures, KeysLetTheBrokerAppendUpdateAndDedup) {
  const v1::Submit first = Parse("01-message-text-ppid.json").submits.at(0);
  EXPECT_EQ(first.idempotency_key(), "telegram:7712340098:message:6120934871:1207");
  EXPECT_EQ(first.draft().conversation_key(), "telegram:7712340098:6120934871");
  EXPECT_EQ(first.draft().written_at_ms(), 1794186137000);

  const v1::Submit photo = Parse("02-message-photo-caption-drainase.json").submits.at(0);
  ASSERT_EQ(photo.draft().attachments_size(), 1);
  EXPECT_EQ(photo.draft().attachments(0).media_id(),
            "AgACAgUAAxkBAAIIb0ANApR-2vOLX1IksNP8DpXuZntmVHn-PAHEKBbu_WzjoiPTfm3XjYTYE");
  const v1::Submit location = Parse("03-message-location.json").submits.at(0);
  EXPECT_EQ(location.draft().conversation_key(), photo.draft().conversation_key());
  EXPECT_EQ(location.draft().attachments(0).type(), v1::LOCATION);

  const v1::Submit edit = Parse("04-edited-message.json").submits.at(0);
  EXPECT_EQ(edit.target_key(), first.idempotency_key());
  EXPECT_EQ(edit.idempotency_key(), first.idempotency_key() + ":edit:1794186400");

  const v1::Submit reply = Parse("05-reply-to-bot-message.json").submits.at(0);
  EXPECT_EQ(reply.draft().conversation_key(), first.draft().conversation_key());
  EXPECT_EQ(reply.draft().parent_id(), "6120934871:1208");

  EXPECT_EQ(Parse("07-duplicate-redelivery-of-01.json").submits.at(0).SerializeAsString(),
            first.SerializeAsString());

  const v1::Submit group = Parse("08-group-mention-emoji-wire.json").submits.at(0);
  EXPECT_EQ(group.idempotency_key(), "telegram:7712340098:message:-1002087733145:5512");
  EXPECT_TRUE(group.draft().public_item());
  EXPECT_EQ(group.draft().conversation_key(), "");
}

}  // namespace
}  // namespace aspirasi::ingest
