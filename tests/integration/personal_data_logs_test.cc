// UU 27/2022 in the logs: every platform fixture of this repository (workers/ingest/channels/*/
// testdata) goes through aspirasi-ingest over real HTTP into a real broker, every ticket is
// worked at the desk, and the error paths that quote what came in are taken too (texts over the
// broker's limit refused for good, bodies with a changed byte, a wrong account). Then no log line
// at info or above, of any process, contains a citizen's name, handle, phone number, platform
// user id or message text taken from the fixtures, and no line at any level contains a secret.
// Both processes log at debug, so the lines that may carry such data are written and checked to
// stay at debug.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "clients/lib/api_client.h"
#include "tests/support/broker_fixture.h"
#include "tests/support/ingest_fixture.h"
#include "tests/support/webhook_client.h"
#include "workers/ingest/signature.h"

namespace aspirasi::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// The accounts the repository's fixtures were written for (the receiving page, business account,
// bot), added to the sample configuration, so their items make tickets.
struct Platform {
  const char* account;
  const char* header;
  const char* secret;  // as SetSampleSecrets() sets it
};
const std::map<std::string, Platform> kPlatforms = {
    {"facebook", {"109284756301122", "X-Hub-Signature-256", "888fb134eab5647abfc13ee992e73517"}},
    {"instagram", {"17841499900011223", "X-Hub-Signature-256", "f423d233f52f6e2827f4aa81da47bc11"}},
    {"whatsapp", {"415550001112223", "X-Hub-Signature-256", "230ec0633f5452d77286ddb95ab89795"}},
    {"telegram", {"7712340098", "X-Telegram-Bot-Api-Secret-Token", "nusaharapan_tg-fixture-9Qm3Lx7Vb2"}},
    {"x",
     {"1587203349912207361", "x-twitter-webhooks-signature",
      "7n7bfA7VGKwXFXOtYMNhADwMaEg7SsdJ4T9VQxGkMIBNCz7PsW"}},
};

std::string Sign(const std::string& platform, const std::string& body) {
  const std::string secret = kPlatforms.at(platform).secret;
  if (platform == "telegram") return secret;
  if (platform == "x") return "sha256=" + ingest::HmacSha256Base64(secret, body);
  return "sha256=" + ingest::HmacSha256Hex(secret, body);
}

// The regency's own accounts and the fixtures' page ids: not personal data.
bool Ours(const std::string& v) {
  for (const auto& [name, p] : kPlatforms)
    if (v == p.account) return true;
  return v == "6280000010000" || v == "301948572210663" || v == "305550001112223" || v == "104582736190254" ||
         v == "17841458230017425" || v == "412093385561207";
}

bool AllDigits(const std::string& v) {
  return !v.empty() && std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Personal data in a platform payload, by the field names the platforms use (see each channel's
// README): names and handles, message texts, phone numbers, and the ids of people.
void Collect(const json& j, const std::string& parent, std::set<std::string>* out) {
  static const std::set<std::string> kNames = {"name",     "first_name",  "last_name",
                                               "username", "screen_name", "authorDisplayName"};
  static const std::set<std::string> kTexts = {"text",      "message",      "body",       "caption",
                                               "full_text", "textOriginal", "textDisplay"};
  static const std::set<std::string> kPhones = {"wa_id", "phone_number", "recipient_id", "from", "sender_id"};
  static const std::set<std::string> kPeople = {"from", "sender", "user", "author", "reporter"};
  if (j.is_object()) {
    for (const auto& [k, v] : j.items()) {
      if (v.is_string()) {
        std::string s = v.get<std::string>();
        if (kNames.count(k) && s.size() >= 6) out->insert(s);
        if (kTexts.count(k) && s.size() >= 12) out->insert(s.substr(0, 24));  // a window: logs may cut it
        if (kPhones.count(k) && AllDigits(s) && s.size() >= 8 && !Ours(s)) out->insert(s);
        if ((k == "id" || k == "id_str") && kPeople.count(parent) && s.size() >= 6 && !Ours(s))
          out->insert(s);
      } else if ((k == "id") && v.is_number_integer() && kPeople.count(parent)) {
        std::string s = std::to_string(v.get<int64_t>());
        if (s.size() >= 6 && !Ours(s)) out->insert(s);
      }
      Collect(v, k, out);
    }
  } else if (j.is_array()) {
    for (const auto& v : j) Collect(v, parent, out);
  }
}

bool AboveDebug(const std::string& line) {
  // "2026-12-07T07:10:19.123+07:00 info  aspirasi-ingest [ingest] ..."
  auto sp = line.find(' ');
  if (sp == std::string::npos) return true;  // not a log line (stderr): counts as visible
  std::string level = line.substr(sp + 1, 5);
  return level.rfind("debug", 0) != 0 && level.rfind("trace", 0) != 0;
}

TEST(PersonalData, NoFixtureNameNumberIdOrTextReachesALogAboveDebug) {
  SetSampleSecrets();
  // Texts over 1 KiB are refused for good: the ingest's refusal path runs for the long fixtures.
  BrokerFixture broker("pii-logs", "max_text_bytes = 1024", {{"level", "debug"}});
  broker.AppendConfig(R"(
[[account]]
channel = "facebook"
id = "109284756301122"
secret_env = "ASPIRASI_FACEBOOK_APP_SECRET"
verify_token = "fixture-verify"

[[account]]
channel = "instagram"
id = "17841499900011223"
secret_env = "ASPIRASI_INSTAGRAM_APP_SECRET"
verify_token = "fixture-verify"

[[account]]
channel = "whatsapp"
id = "415550001112223"
secret_env = "ASPIRASI_WHATSAPP_APP_SECRET"
verify_token = "fixture-verify"
)");
  ASSERT_TRUE(broker.Start()) << broker.error();
  IngestFixture ingest(broker);
  ASSERT_TRUE(ingest.Start()) << ingest.error();
  WebhookClient client(ingest.port());

  std::set<std::string> needles;
  int posted = 0;
  for (const auto& [platform, p] : kPlatforms) {
    fs::path dir = fs::path(SourceDir()) / "workers/ingest/channels" / platform / "testdata";
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir))
      if (e.path().extension() == ".json") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
      SCOPED_TRACE(file.string());
      std::string body = ReadBytes(file.string());
      json parsed = json::parse(body, nullptr, false);
      if (!parsed.is_discarded()) Collect(parsed, "", &needles);
      const std::string path = std::string("/webhooks/") + platform + "/" + p.account;
      WebhookResponse r = client.Post(path, body, {{p.header, Sign(platform, body)}});
      EXPECT_TRUE(r.status == 200 || r.status == 400) << r.status << " " << r.body;
      posted += r.status == 200;
      // The same body with a byte changed, and to an account that is not ours: refused, logged.
      std::string changed = body;
      changed[changed.size() / 2] ^= 0x01;
      if (platform != "telegram") {
        EXPECT_EQ(client.Post(path, changed, {{p.header, Sign(platform, body)}}).status, 403);
      }
      EXPECT_EQ(client
                    .Post(std::string("/webhooks/") + platform + "/999999999", body,
                          {{p.header, Sign(platform, body)}})
                    .status,
                404);
    }
  }
  ASSERT_GT(posted, 40);
  ASSERT_GT(needles.size(), 100u)
      << "the fixtures' personal data was not found: the test would prove nothing";

  // Every ticket worked at the desk: claimed, noted, answered (no responder: the reply waits).
  ApiClient api(broker.endpoints().api);
  v1::ListTickets list;
  list.set_limit(1000);
  auto tickets = api.ListTickets(list);
  ASSERT_TRUE(tickets.ok()) << tickets.status().ToString();
  ASSERT_GT(tickets->tickets_size(), 10);
  api.set_actor("kominfo.supervisor");  // every OPD
  for (const auto& t : tickets->tickets()) {
    for (v1::DeskAction a : {v1::DESK_CLAIM, v1::DESK_NOTE, v1::DESK_REPLY}) {
      v1::DeskCommand c;
      c.set_action(a);
      c.set_ticket_id(t.id());
      if (a != v1::DESK_CLAIM) c.set_text("Terima kasih, laporan " + t.number() + " kami tindak lanjuti.");
      (void)api.Desk(c);  // some are withdrawn or not the admin's: refused, which is logged too
    }
  }
  // The refusal path was taken (long texts), so the check below covers it.
  ASSERT_EQ(ingest.Stop(), 0);
  ASSERT_EQ(broker.Stop(), 0);
  const std::string ingest_log = ingest.Log(), broker_log = broker.Log();
  EXPECT_NE(ingest_log.find("for good (key digest "), std::string::npos) << "no submit was refused for good";

  const std::vector<std::string> secrets = {
      "888fb134eab5647abfc13ee992e73517", "f423d233f52f6e2827f4aa81da47bc11",
      "230ec0633f5452d77286ddb95ab89795", "nusaharapan_tg-fixture-9Qm3Lx7Vb2",
      "7n7bfA7VGKwXFXOtYMNhADwMaEg7SsdJ4T9VQxGkMIBNCz7PsW"};
  int lines = 0;
  for (const auto& [name, log] :
       {std::pair{"aspirasi-ingest", ingest_log}, std::pair{"aspirasid", broker_log}}) {
    std::istringstream in(log);
    for (std::string line; std::getline(in, line);) {
      ++lines;
      for (const auto& s : secrets)
        EXPECT_EQ(line.find(s), std::string::npos) << name << " logs a secret: " << line;
      if (!AboveDebug(line)) continue;
      for (const auto& n : needles)
        EXPECT_EQ(line.find(n), std::string::npos) << name << " logs '" << n << "' above debug: " << line;
    }
  }
  EXPECT_GT(lines, 200);
}

}  // namespace
}  // namespace aspirasi::testing
