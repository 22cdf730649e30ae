#include "workers/ingest/webhook_handler.h"

#include <gtest/gtest.h>

#include <atomic>

namespace aspirasi::ingest {
namespace {

// Verifies X-Test-Sig == "good"; handshakes on ?challenge=...; parses "ok:<n>" into n submits
// plus one ignored item, anything else is MALFORMED.
class TestChannel : public Channel {
 public:
  std::optional<HttpReply> Handshake(const HttpRequestView& req, const AccountContext&) const override {
    std::string c = req.query("challenge");
    if (c.empty()) return std::nullopt;
    return HttpReply{200, "text/plain", c};
  }
  Status Verify(const HttpRequestView& req, const AccountContext&) const override {
    std::string sig = req.header("X-Test-Sig");
    if (sig.empty()) return Status::InvalidArgument("X-Test-Sig", "the X-Test-Sig header is missing");
    if (sig != "good") return Status::Error(v1::PERMISSION_DENIED, "the signature does not match");
    return Status::Ok();
  }
  Result<ParseResult> Parse(std::string_view body, const AccountContext& account) const override {
    if (body.substr(0, 3) != "ok:") return Status::Malformed("body: expected ok:<n> at byte 0");
    ParseResult r;
    int n = std::stoi(std::string(body.substr(3)));
    for (int i = 0; i < n; ++i) {
      v1::Submit s;
      s.set_idempotency_key("test:" + account.id + ":" + std::to_string(i));
      r.submits.push_back(s);
    }
    r.ignored = 1;
    return r;
  }
};

class WebhookHandlerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(registry_
                    .Register({"test", "wip", "webhook", "X-Test-Sig", "?challenge", {"tests"}},
                              std::make_unique<TestChannel>())
                    .ok());
    auto config = ParseConfig(R"(
[tenant]
id = "t"
name = "T"
triage_opd = "A"
[ingest]
body_limit_bytes = 2048
[[opd]]
code = "A"
name = "A"
[[account]]
channel = "test"
id = "acc"
secret_env = "S"
[[account]]
channel = "test"
id = "small"
secret_env = "S"
body_limit_bytes = 1024
)",
                              "a.toml");
    ASSERT_TRUE(config.ok()) << config.status().ToString();
    auto e = Endpoints::Build(*config, registry_, [](const char*) { return "secret"; });
    ASSERT_TRUE(e.ok()) << e.status().ToString();
    endpoints_ = std::make_unique<Endpoints>(std::move(e).value());
    handler_ = std::make_unique<WebhookHandler>(
        *endpoints_,
        [this](const std::vector<v1::Submit>& s) -> Result<OutcomeCounts> {
          submitted_ += static_cast<int>(s.size());
          ++calls_;
          if (fail_) return Status::Io("disk full");
          OutcomeCounts c;
          c.created = static_cast<int>(s.size());
          return c;
        },
        metrics_);
  }

  HttpReply Call(const std::string& method, const std::string& account, const std::string& body,
                 const std::string& sig = "good", const std::string& challenge = "") {
    HttpRequestView v;
    v.method = method;
    v.body = body;
    v.header = [sig](std::string_view name) { return name == "X-Test-Sig" ? sig : std::string(); };
    v.query = [challenge](std::string_view name) { return name == "challenge" ? challenge : std::string(); };
    return handler_->Handle("test", account, v);
  }

  ChannelRegistry registry_;
  Metrics metrics_;
  std::unique_ptr<Endpoints> endpoints_;
  std::unique_ptr<WebhookHandler> handler_;
  std::atomic<int> submitted_{0}, calls_{0};
  bool fail_ = false;
};

TEST_F(WebhookHandlerTest, AcceptsAndReportsOutcomes) {
  HttpReply r = Call("POST", "acc", "ok:2");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_EQ(
      r.body,
      "{\"new\":2,\"updated\":0,\"appended\":0,\"withdrawn\":0,\"duplicates\":0,\"ignored\":1,\"spooled\":0,"
      "\"rejected\":0}");
  EXPECT_EQ(submitted_, 2);
  std::string metrics = metrics_.Render();
  EXPECT_NE(metrics.find("aspirasi_ingest_items_total{channel=\"test\",outcome=\"new\"} 2"),
            std::string::npos);
  EXPECT_NE(metrics.find("aspirasi_ingest_accepted_total{channel=\"test\"} 1"), std::string::npos);
}

TEST_F(WebhookHandlerTest, RefusalsSubmitNothing) {
  EXPECT_EQ(Call("POST", "nobody", "ok:1").status, 404);
  EXPECT_EQ(Call("POST", "acc", "ok:1", "").status, 401);
  EXPECT_EQ(Call("POST", "acc", "ok:1", "bad").status, 403);
  HttpReply malformed = Call("POST", "acc", "{nope");
  EXPECT_EQ(malformed.status, 400);
  EXPECT_EQ(malformed.body, "{\"error\":\"body: expected ok:<n> at byte 0\"}");
  EXPECT_EQ(Call("POST", "small", "ok:1" + std::string(1100, ' ')).status, 413);
  EXPECT_EQ(Call("PUT", "acc", "ok:1").status, 405);
  EXPECT_EQ(Call("GET", "acc", "").status, 400);
  EXPECT_EQ(submitted_, 0);
  EXPECT_EQ(calls_, 0);
  std::string metrics = metrics_.Render();
  for (const char* reason :
       {"unknown_account", "missing_signature", "bad_signature", "malformed", "too_large"}) {
    EXPECT_NE(metrics.find(std::string("reason=\"") + reason + "\"} 1"), std::string::npos) << reason;
  }
}

TEST_F(WebhookHandlerTest, HandshakesAreDelegatedAndNeedNoSignature) {
  HttpReply r = Call("GET", "acc", "", "", "12345");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "12345");
  EXPECT_EQ(calls_, 0);
}

TEST_F(WebhookHandlerTest, NoTwoHundredWhenNothingHoldsThePayload) {
  fail_ = true;
  HttpReply r = Call("POST", "acc", "ok:1");
  EXPECT_EQ(r.status, 503);
}

TEST_F(WebhookHandlerTest, PayloadsWithoutTicketsAreStillTwoHundred) {
  HttpReply r = Call("POST", "acc", "ok:0");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("\"ignored\":1"), std::string::npos);
}

TEST(ErrorJson, Escapes) {
  EXPECT_EQ(ErrorJson("a \"b\"\n\xff"), "{\"error\":\"a \\\"b\\\"\\n\xEF\xBF\xBD\"}");
}

}  // namespace
}  // namespace aspirasi::ingest
