// Replays the shared platform fixtures (/work/shared/fixtures/channels, found as
// <source>/../shared/fixtures/channels; skipped when absent) through aspirasi-ingest over real
// HTTP into a fresh broker per platform folder, files in numeric order, each signed with the
// platform's fixture secret. Requires, per file: the signature we compute equals the recorded
// one, a one-byte change (of the body, or of Telegram's token) is refused with nothing
// submitted, and the 200 body's outcome counts equal expected.json exactly.
//
// A platform whose plug-in is not in this build is skipped with a message. YouTube's fixtures are
// polling responses: the youtube channel's own tests replay every file with its counts; here the
// poller runs inside aspirasi-ingest against a fake Data API serving the first poll's two pages, and
// the broker must end with exactly the tickets those pages create (the wiring: poller registry ->
// durable submitter -> broker).
#include <gtest/gtest.h>
#include <httplib.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <thread>

#include "clients/lib/api_client.h"
#include "tests/support/broker_fixture.h"
#include "tests/support/fake_youtube_api.h"
#include "tests/support/ingest_fixture.h"
#include "tests/support/webhook_client.h"
#include "workers/ingest/signature.h"

namespace aspirasi::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

fs::path FixturesDir() { return fs::path(SourceDir()) / ".." / "shared" / "fixtures" / "channels"; }

// Our receiving account per platform (fixtures README) and the variable the sample config reads.
struct Platform {
  const char* account;
  const char* secret_env;
};
const std::map<std::string, Platform> kPlatforms = {
    {"facebook", {"104582736190254", "ASPIRASI_FACEBOOK_APP_SECRET"}},
    {"instagram", {"17841458230017425", "ASPIRASI_INSTAGRAM_APP_SECRET"}},
    {"whatsapp", {"412093385561207", "ASPIRASI_WHATSAPP_APP_SECRET"}},
    {"telegram", {"7712340098", "ASPIRASI_TELEGRAM_SECRET_TOKEN"}},
    {"x", {"1587203349912207361", "ASPIRASI_X_CONSUMER_SECRET"}},
};

// The header value this platform sends for `body`.
std::string Sign(const std::string& platform, const std::string& secret, const std::string& body) {
  if (platform == "telegram") return secret;  // a token, not a signature of the body
  if (platform == "x") return "sha256=" + ingest::HmacSha256Base64(secret, body);
  return "sha256=" + ingest::HmacSha256Hex(secret, body);
}

class ReplayTest : public ::testing::TestWithParam<std::string> {};

void ReplayYoutube(const json& expected) {
  const fs::path dir = FixturesDir() / "youtube";
  FakeYoutubeApi api(ReadBytes((dir / "01-commentThreads-page1.json").string()),
                     ReadBytes((dir / "02-commentThreads-page2-last.json").string()));
  int want = 0;
  for (const char* f :
       {"youtube/01-commentThreads-page1.json", "youtube/02-commentThreads-page2-last.json"}) {
    want += expected[f]["counts"].value("new", 0);
  }
  SetSampleSecrets();
  BrokerFixture broker("replay-youtube");
  ASSERT_TRUE(broker.Start()) << broker.error();
  IngestFixture ingest(broker);
  ingest.SetYoutubeApi(api.base_url());
  ASSERT_TRUE(ingest.Start()) << ingest.error();

  ApiClient client(broker.endpoints().api);
  v1::CountTickets count;
  count.mutable_filter()->add_channels("youtube");
  uint64_t got = 0;
  for (int i = 0; i < 600 && got < static_cast<uint64_t>(want); ++i) {  // the first poll starts at once
    auto c = client.CountTickets(count);
    got = c.ok() ? c->total() : 0;
    if (got < static_cast<uint64_t>(want)) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(got, static_cast<uint64_t>(want)) << ingest.Log();
  EXPECT_GE(api.requests(), 2);
}

TEST_P(ReplayTest, EveryFileGivesItsExpectedCounts) {
  const std::string platform = GetParam();
  if (!fs::exists(FixturesDir() / "expected.json")) {
    GTEST_SKIP() << "no shared fixtures at " << FixturesDir().lexically_normal();
  }
  auto channels = RegisteredChannels();
  if (std::find(channels.begin(), channels.end(), platform) == channels.end()) {
    GTEST_SKIP() << "the " << platform << " plug-in is not in this build yet (workers/ingest/channels/"
                 << platform << "/ and channels/builtin.cc)";
  }
  json expected = json::parse(ReadBytes((FixturesDir() / "expected.json").string()));
  if (platform == "youtube") return ReplayYoutube(expected);
  json signatures =
      json::parse(ReadBytes((FixturesDir() / "signatures.json").string()))["platforms"][platform];
  std::string header = signatures["header"];
  std::string secret = signatures.contains("app_secret")        ? signatures["app_secret"]
                       : signatures.contains("consumer_secret") ? signatures["consumer_secret"]
                                                                : signatures["secret_token"];
  const Platform& p = kPlatforms.at(platform);

  SetSampleSecrets();
  ::setenv(p.secret_env, secret.c_str(), 1);
  BrokerFixture broker("replay-" + platform);
  ASSERT_TRUE(broker.Start()) << broker.error();
  IngestFixture ingest(broker);
  ASSERT_TRUE(ingest.Start()) << ingest.error();
  WebhookClient client(ingest.port());
  const std::string path = "/webhooks/" + platform + "/" + p.account;

  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(FixturesDir() / platform)) files.push_back(entry.path());
  std::sort(files.begin(), files.end());  // numeric prefixes: 01-, 02-, ...
  ASSERT_FALSE(files.empty());
  for (const auto& file : files) {
    const std::string name = file.filename().string();
    const std::string key = platform + "/" + name;
    SCOPED_TRACE(key);
    const std::string body = ReadBytes(file.string());
    const std::string signature = Sign(platform, secret, body);
    ASSERT_TRUE(signatures["files"].contains(name)) << "signatures.json lacks " << key;
    EXPECT_EQ(signature, signatures["files"][name].get<std::string>())
        << "our signature differs from the recorded one";

    // One byte changed: refused, nothing submitted (else the real request below would count
    // duplicates instead of its expected outcomes).
    if (platform == "telegram") {
      std::string token = signature;
      token[token.size() / 2] ^= 0x01;
      EXPECT_EQ(client.Post(path, body, {{header, token}}).status, 403);
    } else {
      std::string changed = body;
      changed[changed.size() / 2] ^= 0x01;
      EXPECT_EQ(client.Post(path, changed, {{header, signature}}).status, 403);
    }
    EXPECT_EQ(client.Post(path, body).status, 401);

    WebhookResponse r = client.Post(path, body, {{header, signature}});
    ASSERT_EQ(r.status, 200) << r.body << "\n" << ingest.Log();
    std::map<std::string, int> want;
    for (const auto& [k, v] : expected[key]["counts"].items()) want[k] = v.get<int>();
    EXPECT_EQ(FormatCounts(ParseCounts(r.body)), FormatCounts(want))
        << expected[key].value("action", std::string()) << "\nbody: " << r.body;
  }
}

INSTANTIATE_TEST_SUITE_P(SharedFixtures, ReplayTest,
                         ::testing::Values("facebook", "instagram", "whatsapp", "telegram", "x", "youtube"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

}  // namespace
}  // namespace aspirasi::testing
