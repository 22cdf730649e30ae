// aspirasi-ingest over real HTTP, against a real aspirasid: the generic channel's own fixtures
// give exactly their expected outcome counts; refusals (401/403/413/400/404) submit nothing and
// disturb no other request; duplicates are 200; handshakes of the landed platforms; the account
// decides the OPD; a broker outage is bridged by the spool.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "clients/lib/api_client.h"
#include "tests/support/broker_fixture.h"
#include "tests/support/ingest_fixture.h"
#include "tests/support/webhook_client.h"
#include "workers/ingest/signature.h"

namespace aspirasi::testing {
namespace {

namespace fs = std::filesystem;
using ingest::HmacSha256Base64;
using ingest::HmacSha256Hex;

const char* kFormSecret = "form-fixture-secret-4f9c2a";
const char* kFormPath = "/webhooks/form/lapor-bupati";

std::string TestData() { return SourceDir() + "/workers/ingest/channels/generic/testdata"; }

std::map<std::string, std::string> FormSig(const std::string& body, const std::string& secret = kFormSecret) {
  return {{"X-Form-Signature", "sha256=" + HmacSha256Hex(secret, body)}};
}

std::string FormBody(const std::string& id, const std::string& text, const std::string& event = "submitted") {
  nlohmann::json j = {
      {"event", event},
      {"submission",
       {{"id", id}, {"revision", 1}, {"submitted_at", "2026-01-05T08:30:00+07:00"}, {"isi", text}}}};
  return j.dump();
}

// Every ticket of a channel, oldest first.
std::vector<v1::Ticket> Tickets(const BrokerFixture& broker, const std::string& channel) {
  ApiClient api(broker.endpoints().api);
  std::vector<v1::Ticket> out;
  v1::ListTickets req;
  req.mutable_filter()->add_channels(channel);
  req.set_limit(1000);
  while (true) {
    auto page = api.ListTickets(req);
    if (!page.ok()) break;
    for (const auto& t : page->tickets()) out.push_back(t);
    if (page->next_after_id() == 0) break;
    req.set_after_id(page->next_after_id());
  }
  return out;
}

class IngestEndpointTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SetSampleSecrets();
    ASSERT_TRUE(broker_.Start()) << broker_.error();
    ingest_ = std::make_unique<IngestFixture>(
        broker_,
        std::map<std::string, std::string>{{"body_limit_bytes", "65536"}, {"submit_timeout_ms", "3000"}});
    ASSERT_TRUE(ingest_->Start()) << ingest_->error();
  }
  void TearDown() override {
    if (HasFailure()) std::cerr << "--- aspirasi-ingest log ---\n" << ingest_->Log();
  }

  // Adds an [[account]] to the shared configuration before the broker starts (it routes by it).
  static void AddAccount(BrokerFixture& broker, const std::string& toml) {
    std::ofstream(broker.config_path(), std::ios::app) << "\n" << toml << "\n";
  }

  BrokerFixture broker_{"ingest-endpoint"};
  std::unique_ptr<IngestFixture> ingest_;
};

TEST_F(IngestEndpointTest, GenericFixturesGiveTheirExpectedCounts) {
  auto expected = nlohmann::json::parse(ReadBytes(TestData() + "/expected.json"));
  WebhookClient client(ingest_->port());
  std::vector<std::string> files;
  for (const auto& [file, counts] : expected["files"].items()) files.push_back(file);
  std::sort(files.begin(), files.end());
  ASSERT_EQ(files.size(), 11u);
  for (const auto& file : files) {
    std::string source = file.substr(0, file.find('/'));
    std::string body = ReadBytes(TestData() + "/" + file);
    std::string secret = expected["secrets"][source];
    std::map<std::string, std::string> headers =
        source == "form"
            ? FormSig(body, secret)
            : std::map<std::string, std::string>{{"X-Gateway-Signature", HmacSha256Base64(secret, body)}};
    std::string path = "/webhooks/" + source + "/" + expected["accounts"][source].get<std::string>();
    WebhookResponse r = client.Post(path, body, headers);
    ASSERT_EQ(r.status, 200) << file << ": " << r.body;
    std::map<std::string, int> want;
    for (const auto& [k, v] : expected["files"][file].items()) want[k] = v.get<int>();
    EXPECT_EQ(FormatCounts(ParseCounts(r.body)), FormatCounts(want)) << file;
  }
  auto form = Tickets(broker_, "form");
  ASSERT_EQ(form.size(), 3u);
  EXPECT_EQ(form[0].opd(), "PUPR");  // "jalan berlubang": the rule jalan-dan-drainase
  EXPECT_EQ(form[0].status(), v1::NEW);
  EXPECT_EQ(form[1].status(), v1::WITHDRAWN);
  EXPECT_EQ(Tickets(broker_, "sms").size(), 2u);
}

TEST_F(IngestEndpointTest, RefusalsSubmitNothingAndDisturbNoOneElse) {
  // Valid requests keep flowing on other connections while hostile ones are refused.
  std::atomic<int> ok{0}, bad{0};
  std::thread good([&] {
    WebhookClient c(ingest_->port());
    for (int i = 0; i < 40; ++i) {
      std::string body = FormBody("ok-" + std::to_string(i), "Lampu jalan mati nomor " + std::to_string(i));
      WebhookResponse r = c.Post(kFormPath, body, FormSig(body));
      (r.status == 200 && ParseCounts(r.body) == std::map<std::string, int>{{"new", 1}} ? ok : bad)++;
    }
  });

  WebhookClient client(ingest_->port());
  std::string body = FormBody("refused-1", "Jalan rusak");
  auto expect = [&](WebhookResponse r, int status, const std::string& part) {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_NE(r.body.find(part), std::string::npos) << r.body;
  };
  expect(client.Post(kFormPath, body), 401, "X-Form-Signature header is missing");
  expect(client.Post(kFormPath, body, FormSig(body, "wrong-secret")), 403, "does not match");
  std::string changed = body;
  changed[changed.size() / 2] ^= 0x01;
  expect(client.Post(kFormPath, changed, FormSig(body)), 403, "does not match");
  std::string sig = FormSig(body)["X-Form-Signature"];
  expect(client.Post(kFormPath, body, {{"X-Form-Signature", sig.substr(7)}}), 403, "does not match");
  std::string big = FormBody("refused-2", std::string(70000, 'a'));
  expect(client.Post(kFormPath, big, FormSig(big)), 413, "limit of 65536 bytes");
  std::string huge(2 << 20, ' ');
  expect(client.Post(kFormPath, huge, FormSig(huge)), 413, "over the limit");
  expect(client.Post("/webhooks/form/lapor-camat", huge, FormSig(huge)), 413, "over the limit");
  std::string broken = "{\"event\": \"submitted\", \"submission\": {\"id\": ";
  expect(client.Post(kFormPath, broken, FormSig(broken)), 400, "body is not valid JSON");
  std::string shape = "{\"event\":\"submitted\",\"submission\":{\"isi\":\"tanpa id\"}}";
  expect(client.Post(kFormPath, shape, FormSig(shape)), 400,
         "\\\"/submission/id\\\" (the item id) is missing");
  expect(client.Post("/webhooks/form/unknown-account", body, FormSig(body)), 404,
         "no account 'unknown-account'");
  expect(client.Post("/webhooks/telepathy/1", body, FormSig(body)), 404, "no account");
  expect(client.Post("/hooks", body, FormSig(body)), 404, "webhooks are POST /webhooks/<channel>/<account>");
  good.join();

  EXPECT_EQ(ok, 40);
  EXPECT_EQ(bad, 0);
  EXPECT_EQ(Tickets(broker_, "form").size(), 40u);  // nothing from the refused ones
  WebhookResponse metrics = client.Get("/metrics");
  for (const char* reason :
       {"missing_signature", "bad_signature", "too_large", "malformed", "unknown_account"}) {
    EXPECT_NE(metrics.body.find(std::string("reason=\"") + reason + "\""), std::string::npos) << reason;
  }
  // The warnings name the endpoint and the reason, never the citizen's text.
  std::string log = ingest_->Log();
  EXPECT_NE(log.find("refused: 403 bad_signature"), std::string::npos);
  // A body over the server's own limit is refused before the handler sees it; the line still says
  // which account it was for.
  EXPECT_NE(log.find("webhook form/lapor-camat refused: 413 too_large"), std::string::npos) << log;
  EXPECT_EQ(log.find("Jalan rusak"), std::string::npos);
}

TEST_F(IngestEndpointTest, DuplicatesAreAnsweredTwoHundred) {
  WebhookClient client(ingest_->port());
  std::string body = FormBody("dup-1", "Sampah menumpuk di pasar");
  for (int i = 0; i < 3; ++i) {
    WebhookResponse r = client.Post(kFormPath, body, FormSig(body));
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(ParseCounts(r.body), (std::map<std::string, int>{{i == 0 ? "new" : "duplicates", 1}}));
  }
  EXPECT_EQ(Tickets(broker_, "form").size(), 1u);
}

TEST_F(IngestEndpointTest, HandshakesOfTheLandedPlatforms) {
  auto channels = RegisteredChannels();
  auto has = [&](const std::string& c) {
    return std::find(channels.begin(), channels.end(), c) != channels.end();
  };
  WebhookClient client(ingest_->port());
  int checked = 0;
  if (has("facebook")) {
    WebhookResponse r = client.Get(
        "/webhooks/facebook/104582736190254?hub.mode=subscribe&hub.challenge=1158201444"
        "&hub.verify_token=nusaharapan-verify-fixture");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, "1158201444");
    WebhookResponse wrong = client.Get(
        "/webhooks/facebook/"
        "104582736190254?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=nope");
    EXPECT_EQ(wrong.status, 403);
    ++checked;
  }
  if (has("x")) {
    WebhookResponse r =
        client.Get("/webhooks/x/1587203349912207361?crc_token=5f1e2d3c-4b5a-4978-8a1b-2c3d4e5f6a7b");
    EXPECT_EQ(r.status, 200);
    auto j = nlohmann::json::parse(r.body, nullptr, false);
    EXPECT_EQ(j.value("response_token", ""), "sha256=8vGpHnO6iW3TodCCWB3P6rjaaKwN2KcgOYJJyzo4YW8=") << r.body;
    ++checked;
  }
  // A GET that is no handshake, to a channel without one.
  EXPECT_EQ(client.Get("/webhooks/form/lapor-bupati").status, 400);
  if (checked == 0) GTEST_SKIP() << "neither the facebook nor the x plug-in is in this build yet";
}

TEST_F(IngestEndpointTest, MetricsAndHealth) {
  WebhookClient client(ingest_->port());
  WebhookResponse health = client.Get("/healthz");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.body, "ok\n");
  std::string body = FormBody("m-1", "Posyandu tutup");
  ASSERT_EQ(client.Post(kFormPath, body, FormSig(body)).status, 200);
  WebhookResponse metrics = client.Get("/metrics");
  EXPECT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find("aspirasi_ingest_accepted_total{channel=\"form\"} 1"), std::string::npos)
      << metrics.body;
  EXPECT_NE(metrics.body.find("aspirasi_ingest_items_total{channel=\"form\",outcome=\"new\"} 1"),
            std::string::npos);
  EXPECT_NE(metrics.body.find("aspirasi_ingest_spool_depth 0"), std::string::npos);
}

class IngestAccountOpdTest : public IngestEndpointTest {
 protected:
  void SetUp() override {
    AddAccount(broker_,
               "[[account]]\nchannel = \"form\"\nid = \"dinkes-web\"\nopd = \"DINKES\"\n"
               "secret_env = \"ASPIRASI_FORM_SECRET\"\n");
    IngestEndpointTest::SetUp();
  }
};

TEST_F(IngestAccountOpdTest, TheReceivingAccountDecidesTheOpd) {
  WebhookClient client(ingest_->port());
  std::string body = FormBody("acc-1", "Jalan berlubang di depan puskesmas");  // a PUPR rule word
  WebhookResponse r = client.Post("/webhooks/form/dinkes-web", body, FormSig(body));
  ASSERT_EQ(r.status, 200) << r.body;
  auto tickets = Tickets(broker_, "form");
  ASSERT_EQ(tickets.size(), 1u);
  EXPECT_EQ(tickets[0].channel(), "form");
  EXPECT_EQ(tickets[0].account(), "dinkes-web");
  EXPECT_EQ(tickets[0].opd(), "DINKES");
  EXPECT_EQ(tickets[0].source_id(), "acc-1");
}

TEST_F(IngestEndpointTest, BrokerOutageIsBridgedByTheSpool) {
  broker_.PinEndpoints();
  broker_.Kill9();
  WebhookClient client(ingest_->port());
  std::string create = FormBody("out-1", "Jembatan retak");
  std::string other = FormBody("out-2", "Drainase tersumbat");
  auto j = nlohmann::json::parse(FormBody("out-1", "Jembatan retak parah", "edited"));
  j["submission"]["revision"] = 2;
  std::string edit = j.dump();
  for (const auto& body : {create, other, edit}) {
    WebhookResponse r = client.Post(kFormPath, body, FormSig(body));
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(ParseCounts(r.body), (std::map<std::string, int>{{"spooled", 1}}));
  }
  EXPECT_NE(client.Get("/metrics").body.find("aspirasi_ingest_spool_depth 3"), std::string::npos);

  ASSERT_TRUE(broker_.Start()) << broker_.error();
  bool drained = false;
  for (int i = 0; i < 600 && !drained; ++i) {
    drained = client.Get("/metrics").body.find("aspirasi_ingest_spool_depth 0") != std::string::npos;
    if (!drained) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_TRUE(drained) << ingest_->Log();
  auto tickets = Tickets(broker_, "form");
  ASSERT_EQ(tickets.size(), 2u);
  EXPECT_EQ(tickets[0].source_id(), "out-1");  // drained in order: the create before the other
  EXPECT_EQ(tickets[1].source_id(), "out-2");
  ASSERT_GE(tickets[0].messages_size(), 1);
  EXPECT_EQ(tickets[0].messages(0).text(), "Jembatan retak parah");  // the edit came after the create
  // After the drain, requests go straight to the broker again.
  std::string later = FormBody("out-3", "Lampu PJU mati");
  EXPECT_EQ(ParseCounts(client.Post(kFormPath, later, FormSig(later)).body),
            (std::map<std::string, int>{{"new", 1}}));
}

}  // namespace
}  // namespace aspirasi::testing
