// The ZAP handler with real CURVE sockets in one process: who is admitted, what the server sees of
// them, and that it fails closed.
#include "broker/auth/zap_handler.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "common/curve_keys.h"

namespace aspirasi::auth {
namespace {

using namespace std::chrono_literals;

struct Peer {
  CurveKeyPair keys = *GenerateCurveKeyPair();
};

class ZapTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto table = std::make_shared<KeyTable>();
    ASSERT_TRUE(table->Add(alice_.keys.public_key, {"responder-pupr", Role::kResponder, {"PUPR"}}).ok());
    handler_ = std::make_unique<ZapHandler>(ctx_, "aspirasi", table);
    ASSERT_TRUE(handler_->Start().ok());
    server_ = std::make_unique<zmq::socket_t>(ctx_, zmq::socket_type::router);
    server_->set(zmq::sockopt::linger, 0);
    ASSERT_TRUE(SecureServer(*server_, server_keys_.keys.secret_key, "aspirasi", 1000).ok());
    server_->bind("tcp://127.0.0.1:*");
    endpoint_ = server_->get(zmq::sockopt::last_endpoint);
  }
  void TearDown() override {
    server_.reset();
    handler_.reset();
  }

  // A DEALER that connects with `keys` (none: a plain client), sends "hello".
  std::unique_ptr<zmq::socket_t> Client(const CurveKeyPair* keys) {
    auto s = std::make_unique<zmq::socket_t>(ctx_, zmq::socket_type::dealer);
    s->set(zmq::sockopt::linger, 0);
    if (keys != nullptr) {
      s->set(zmq::sockopt::curve_serverkey, server_keys_.keys.public_key);
      s->set(zmq::sockopt::curve_publickey, keys->public_key);
      s->set(zmq::sockopt::curve_secretkey, keys->secret_key);
    }
    s->connect(endpoint_);
    s->send(zmq::str_buffer("hello"), zmq::send_flags::dontwait);
    return s;
  }

  // The next message at the server within `wait`: its payload's User-Id and X-Role ("" if none).
  bool ServerReceives(std::chrono::milliseconds wait, std::string* user = nullptr,
                      std::string* role = nullptr) {
    zmq::pollitem_t item{server_->handle(), 0, ZMQ_POLLIN, 0};
    if (zmq::poll(&item, 1, wait) == 0) return false;
    zmq::message_t id, payload;
    (void)server_->recv(id);
    (void)server_->recv(payload);
    // Read from the payload frame: in libzmq 4.3.4 a polled ROUTER's routing-id frame has no metadata.
    const char* u = zmq_msg_gets(payload.handle(), "User-Id");
    const char* r = zmq_msg_gets(payload.handle(), "X-Role");
    if (user) *user = u ? u : "";
    if (role) *role = r ? r : "";
    return true;
  }

  zmq::context_t ctx_;
  Peer server_keys_, alice_, mallory_;
  std::unique_ptr<ZapHandler> handler_;
  std::unique_ptr<zmq::socket_t> server_;
  std::string endpoint_;
};

TEST_F(ZapTest, AKnownKeyIsAdmittedAndNamedOnEveryMessage) {
  auto alice = Client(&alice_.keys);
  std::string user, role;
  ASSERT_TRUE(ServerReceives(3s, &user, &role));
  EXPECT_EQ(user, "responder-pupr");
  EXPECT_EQ(role, "responder");
  EXPECT_EQ(handler_->admitted(), 1u);
}

TEST_F(ZapTest, UnknownKeysAndPlainClientsAreRefusedWithoutDisturbingOthers) {
  auto mallory = Client(&mallory_.keys);
  auto plain = Client(nullptr);
  auto alice = Client(&alice_.keys);
  std::string user;
  ASSERT_TRUE(ServerReceives(3s, &user));
  EXPECT_EQ(user, "responder-pupr");
  EXPECT_FALSE(ServerReceives(1500ms)) << "a refused client's message arrived";
  EXPECT_GE(handler_->refused(), 1u);
}

TEST_F(ZapTest, AStoppedHandlerRefusesEveryoneNew) {
  auto alice = Client(&alice_.keys);
  ASSERT_TRUE(ServerReceives(3s));
  handler_->Stop();
  // Without ZMQ_ZAP_ENFORCE_DOMAIN libzmq would admit this client now.
  auto again = Client(&alice_.keys);
  auto mallory = Client(&mallory_.keys);
  EXPECT_FALSE(ServerReceives(2500ms)) << "admitted with no handler: ZAP is failing open";
  // The connection made before goes on.
  alice->send(zmq::str_buffer("still here"), zmq::send_flags::none);
  EXPECT_TRUE(ServerReceives(3s));
}

TEST_F(ZapTest, AReplacedTableAppliesToNewHandshakes) {
  auto table = std::make_shared<KeyTable>();
  ASSERT_TRUE(table->Add(mallory_.keys.public_key, {"ingest", Role::kIngest, {}}).ok());
  handler_->Replace(table);
  auto alice = Client(&alice_.keys);
  auto mallory = Client(&mallory_.keys);
  std::string user;
  ASSERT_TRUE(ServerReceives(3s, &user));
  EXPECT_EQ(user, "ingest");
  EXPECT_FALSE(ServerReceives(1500ms));  // alice's key was revoked
}

TEST(ZapDecision, MalformedRequestsAreAnsweredNotTrusted) {
  KeyTable keys;
  auto pair = GenerateCurveKeyPair();
  ASSERT_TRUE(keys.Add(pair->public_key, {"console", Role::kConsole, {"*"}}).ok());
  uint8_t raw[32];
  ASSERT_NE(zmq_z85_decode(raw, pair->public_key.c_str()), nullptr);
  std::string key32(reinterpret_cast<const char*>(raw), 32);
  std::vector<std::string_view> good = {"1.0", "1", "aspirasi", "127.0.0.1", "", "CURVE", key32};
  ZapReply ok = DecideZap(good, keys, "aspirasi");
  EXPECT_EQ(ok.status_code, "200");
  EXPECT_EQ(ok.user_id, "console");
  EXPECT_EQ(MetadataValue(ok.metadata, "X-Role"), "console");
  EXPECT_EQ(MetadataValue(ok.metadata, "X-Key"), pair->public_key);  // which of its keys
  auto with = [&](std::size_t i, std::string_view v) {
    auto f = good;
    f[i] = v;
    return DecideZap(f, keys, "aspirasi").status_code;
  };
  EXPECT_EQ(with(0, "2.0"), "500");
  EXPECT_EQ(with(2, "other"), "400");
  EXPECT_EQ(with(5, "PLAIN"), "400");
  EXPECT_EQ(with(6, "short"), "400");
  EXPECT_EQ(DecideZap({}, keys, "aspirasi").status_code, "500");
  EXPECT_EQ(DecideZap({"1.0"}, keys, "aspirasi").status_code, "500");
  EXPECT_EQ(DecideZap({"1.0", std::string_view(std::string(1000, 'x'))}, keys, "aspirasi").request_id.size(),
            256u);
  EXPECT_EQ(MetadataValue(std::string_view("\x06X-Role\x00\x00\x00\x09", 11), "X-Role"), "");  // past the end
}

}  // namespace
}  // namespace aspirasi::auth
