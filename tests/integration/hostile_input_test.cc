// Hostile input on every ZeroMQ endpoint of a real aspirasid: each bad message gets an error
// reply (or, past libzmq's own limit, a dropped connection), a metric and a log line, and the
// broker keeps serving everyone else.
#include <gtest/gtest.h>
#include <httplib.h>

#include <random>

#include "common/frame.h"
#include "tests/support/broker_fixture.h"
#include "tests/support/raw_peer.h"

namespace aspirasi::testing {
namespace {

class HostileInputTest : public ::testing::TestWithParam<std::string> {
 protected:
  static void SetUpTestSuite() {
    broker_ = new BrokerFixture("hostile", "max_message_bytes = 65536\nmax_text_bytes = 16384");
    ASSERT_TRUE(broker_->Start()) << broker_->error();
  }
  static void TearDownTestSuite() {
    delete broker_;
    broker_ = nullptr;
  }

  std::string Endpoint() const {
    const auto& e = broker_->endpoints();
    return GetParam() == "ingest" ? e.ingest : GetParam() == "worker" ? e.worker : e.api;
  }

  v1::ErrorCode ErrorFor(const std::vector<std::string>& frames) {
    RawPeer peer(ctx_, Endpoint());
    peer.SendFrames(frames);
    auto reply = peer.Receive();
    if (!reply) return static_cast<v1::ErrorCode>(-1);
    EXPECT_TRUE(reply->has_error()) << reply->DebugString();
    return reply->error().code();
  }

  // The endpoint still answers a well-formed request properly.
  void ExpectStillServing() {
    const auto& e = broker_->endpoints();
    RawPeer ingest(ctx_, e.ingest);
    v1::Envelope submit;
    submit.set_request_id(1);
    submit.mutable_submit()->set_idempotency_key("hostile:ok:" + GetParam() + std::to_string(++counter_));
    submit.mutable_submit()->mutable_draft()->set_channel("facebook");
    submit.mutable_submit()->mutable_draft()->set_account("104582736190254");
    submit.mutable_submit()->mutable_draft()->set_text("jalan rusak");
    auto ack = ingest.Request(submit);
    ASSERT_TRUE(ack.has_value());
    EXPECT_TRUE(ack->has_submit_ack()) << ack->DebugString();
    RawPeer api(ctx_, e.api);
    v1::Envelope ping;
    ping.set_request_id(2);
    ping.mutable_ping();
    auto pong = api.Request(ping);
    ASSERT_TRUE(pong.has_value());
    EXPECT_TRUE(pong->has_pong());
  }

  zmq::context_t ctx_;
  static BrokerFixture* broker_;
  static int counter_;
};

BrokerFixture* HostileInputTest::broker_ = nullptr;
int HostileInputTest::counter_ = 0;

TEST_P(HostileInputTest, RandomBytes) {
  std::mt19937 rng(42);
  for (int i = 0; i < 20; ++i) {
    std::string junk(1 + rng() % 300, '\0');
    for (char& c : junk) c = static_cast<char>(rng());
    auto code = ErrorFor({junk});
    EXPECT_EQ(code, v1::BAD_FRAME);
    std::string junk2(1 + rng() % 300, '\0');
    for (char& c : junk2) c = static_cast<char>(rng());
    code = ErrorFor({std::string(kSignature), junk2});
    EXPECT_TRUE(code == v1::MALFORMED || code == v1::UNKNOWN_COMMAND) << code;
  }
  ExpectStillServing();
}

TEST_P(HostileInputTest, WrongVersionAndForeignSignature) {
  v1::Envelope ping;
  ping.mutable_ping();
  EXPECT_EQ(ErrorFor({std::string("ASP\x02", 4), ping.SerializeAsString()}), v1::UNSUPPORTED_VERSION);
  EXPECT_EQ(ErrorFor({"GET / HTTP/1.1", ping.SerializeAsString()}), v1::BAD_FRAME);
  ExpectStillServing();
}

TEST_P(HostileInputTest, UnknownCommand) {
  // A body this endpoint does not take, and an envelope with only a field from the future.
  v1::Envelope wrong;
  if (GetParam() == "api") {
    wrong.mutable_heartbeat();
  } else {
    wrong.mutable_ping();
  }
  EXPECT_EQ(ErrorFor({std::string(kSignature), wrong.SerializeAsString()}), v1::UNKNOWN_COMMAND);
  std::string future = "\xa2\x3e\x02\x08\x01";  // field 999, length 2
  EXPECT_EQ(ErrorFor({std::string(kSignature), future}), v1::UNKNOWN_COMMAND);
  ExpectStillServing();
}

TEST_P(HostileInputTest, TruncatedProtobuf) {
  v1::Envelope env;
  env.set_request_id(9);
  env.mutable_submit()->set_idempotency_key("truncated");
  env.mutable_submit()->mutable_draft()->set_text(std::string(200, 'x'));
  std::string bytes = env.SerializeAsString();
  EXPECT_EQ(ErrorFor({std::string(kSignature), bytes.substr(0, bytes.size() / 2)}), v1::MALFORMED);
  ExpectStillServing();
}

TEST_P(HostileInputTest, HundredFrames) {
  std::vector<std::string> frames(100, "x");
  frames[0] = std::string(kSignature);
  EXPECT_EQ(ErrorFor(frames), v1::BAD_FRAME);
  ExpectStillServing();
}

TEST_P(HostileInputTest, OversizedFrame) {
  // Over max_message_bytes: a TOO_LARGE reply.
  EXPECT_EQ(ErrorFor({std::string(kSignature), std::string(65537, 'x')}), v1::TOO_LARGE);
  // Far over it: libzmq drops the connection; no reply, and everyone else is served.
  RawPeer peer(ctx_, Endpoint());
  peer.SendFrames({std::string(kSignature), std::string(4 << 20, 'x')});
  EXPECT_FALSE(peer.Receive(300).has_value());
  ExpectStillServing();
}

TEST_P(HostileInputTest, MetricsAndLogsCountRejections) {
  ErrorFor({"junk"});
  httplib::Client http("http://" + broker_->endpoints().http);
  auto res = http.Get("/metrics");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_NE(res->body.find("aspirasi_rejected_total{endpoint=\"" + GetParam() + "\",reason=\"bad_frame\"}"),
            std::string::npos)
      << res->body;
  EXPECT_NE(broker_->Log().find("rejected a message on " + GetParam()), std::string::npos);
  auto health = http.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
}

INSTANTIATE_TEST_SUITE_P(Endpoints, HostileInputTest, ::testing::Values("ingest", "worker", "api"));

TEST(SubmitValidation, InvalidSubmitsNameTheField) {
  BrokerFixture broker("validation");
  ASSERT_TRUE(broker.Start()) << broker.error();
  zmq::context_t ctx;
  RawPeer ingest(ctx, broker.endpoints().ingest);
  v1::Envelope env;
  env.set_request_id(3);
  env.mutable_submit()->mutable_draft()->set_channel("facebook");
  env.mutable_submit()->mutable_draft()->set_account("104582736190254");
  env.mutable_submit()->mutable_draft()->set_text("x");
  auto r = ingest.Request(env);
  ASSERT_TRUE(r && r->has_error());
  EXPECT_EQ(r->request_id(), 3u);
  EXPECT_EQ(r->error().code(), v1::INVALID_ARGUMENT);
  EXPECT_EQ(r->error().field(), "submit.idempotency_key");
  env.mutable_submit()->set_idempotency_key("k");
  env.mutable_submit()->mutable_draft()->set_text(std::string(70000, 'a'));
  r = ingest.Request(env);
  ASSERT_TRUE(r && r->has_error());
  EXPECT_EQ(r->error().code(), v1::TOO_LARGE);
  EXPECT_EQ(r->error().field(), "submit.draft.text");
}

TEST(BrokerConfig, BadConfigExitsNamingTheKey) {
  BrokerFixture broker("badconfig", "lease_ms = 1");
  std::string out;
  int code = RunCommand({BrokerBinary(), "--config", broker.config_path()}, &out);
  EXPECT_EQ(code, 2);
  EXPECT_NE(out.find("broker.lease_ms"), std::string::npos) << out;
}

}  // namespace
}  // namespace aspirasi::testing
