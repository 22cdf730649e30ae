// Replays the shared, recorded-style fixtures (../shared/fixtures/channels/x beside the repository)
// when they exist: Verify accepts the recorded signature, the CRC example answers as recorded, and
// the parse-level outcome agrees with expected.json. Skipped cleanly in a clone without them.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "workers/ingest/channels/x/x_channel.h"
#include "workers/ingest/testing/channel_testing.h"

namespace aspirasi::ingest {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;
using channel_testing::FakeRequest;
using channel_testing::ReadFileBytes;

const fs::path kShared = fs::path(ASPIRASI_SOURCE_DIR) / ".." / "shared" / "fixtures" / "channels";

class XSharedFixtures : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::is_directory(kShared / "x")) GTEST_SKIP() << "no shared fixtures at " << kShared;
    signatures_ = Json::parse(ReadFileBytes((kShared / "signatures.json").string()))["platforms"]["x"];
    expected_ = Json::parse(ReadFileBytes((kShared / "expected.json").string()));
    account_.channel = "x";
    account_.id = "1587203349912207361";
    account_.own_ids = {"@PemkabNusaHarapan"};
    account_.secret = signatures_["consumer_secret"].get<std::string>();
  }
  ParseResult Parse(const std::string& file) {
    auto r = channel_->Parse(ReadFileBytes((kShared / "x" / file).string()), account_);
    EXPECT_TRUE(r.ok()) << file << ": " << r.status().ToString();
    return r.ok() ? *r : ParseResult{};
  }

  Json signatures_, expected_;
  AccountContext account_;
  std::unique_ptr<Channel> channel_ = MakeXChannel();
};

int Count(const Json& counts, const char* name) {
  return counts.contains(name) ? counts[name].get<int>() : 0;
}

TEST_F(XSharedFixtures, VerifyAcceptsEveryRecordedSignature) {
  int files = 0;
  for (const auto& [file, header] : signatures_["files"].items()) {
    FakeRequest req;
    req.body = ReadFileBytes((kShared / "x" / file).string());
    req.Header(signatures_["header"].get<std::string>(), header.get<std::string>());
    EXPECT_TRUE(channel_->Verify(req.View(), account_).ok()) << file;
    req.body.back() = ' ';  // one byte changed
    EXPECT_EQ(channel_->Verify(req.View(), account_).code(), v1::PERMISSION_DENIED) << file;
    ++files;
  }
  EXPECT_EQ(files, 8);
}

TEST_F(XSharedFixtures, CrcExampleAnswersTheRecordedToken) {
  FakeRequest get;
  get.method = "GET";
  get.query["crc_token"] = signatures_["crc_example"]["crc_token"].get<std::string>();
  auto reply = channel_->Handshake(get.View(), account_);
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 200);
  EXPECT_EQ(Json::parse(reply->body), signatures_["crc_example"]["response_body"]);
  EXPECT_EQ(reply->body, R"({"response_token":"sha256=8vGpHnO6iW3TodCCWB3P6rjaaKwN2KcgOYJJyzo4YW8="})");
}

TEST_F(XSharedFixtures, ParseLevelOutcomesAgreeWithExpectedJson) {
  int files = 0;
  for (const auto& entry : fs::directory_iterator(kShared / "x")) {
    std::string file = entry.path().filename().string();
    SCOPED_TRACE(file);
    const Json& counts = expected_.at("x/" + file).at("counts");
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

TEST_F(XSharedFixtures, KeysComeFromIdStrAndTheDeleteTargetsTheMention) {
  const v1::Submit mention = Parse("01-tweet-mention-jalan-rusak.json").submits.at(0);
  EXPECT_EQ(mention.idempotency_key(), "x:1587203349912207361:tweet:2119614542504787969");
  EXPECT_EQ(mention.draft().written_at_ms(), 1794190462124);
  const v1::Submit reply = Parse("02-tweet-reply-in-thread.json").submits.at(0);
  EXPECT_EQ(reply.draft().parent_id(), "2119339135595446279");
  const v1::Submit dm = Parse("04-dm-received-banjir.json").submits.at(0);
  EXPECT_EQ(dm.idempotency_key(), "x:1587203349912207361:dm:2119925052198617092");
  EXPECT_EQ(dm.draft().conversation_key(), "x:1587203349912207361:1799120043387211776");
  EXPECT_EQ(dm.draft().written_at_ms(), 1794264493404);
  const v1::Submit longer = Parse("06-tweet-extended-long-bansos.json").submits.at(0);
  EXPECT_TRUE(longer.draft().text().starts_with("@PemkabNusaHarapan Mohon perhatian"));
  EXPECT_TRUE(
      longer.draft().text().ends_with("manusiawi. #Bansos #NusaHarapan"));  // extended_tweet.full_text
  ParseResult batch = Parse("07-dm-batch-duplicate-id.json");
  ASSERT_EQ(batch.submits.size(), 3u);
  EXPECT_EQ(batch.submits[2].idempotency_key(), batch.submits[0].idempotency_key());
  const v1::Submit withdraw = Parse("08-tweet-delete-event.json").submits.at(0);
  EXPECT_EQ(withdraw.action(), v1::WITHDRAW);
  EXPECT_EQ(withdraw.target_key(), mention.idempotency_key());
}

}  // namespace
}  // namespace aspirasi::ingest
