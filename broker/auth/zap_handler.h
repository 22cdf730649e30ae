// The broker's ZAP handler (ZeroMQ RFC 27): every CURVE handshake on the broker's endpoints asks
// it whether the client's public key may connect; it answers from the key table, in memory.
//
// Fail closed: each server socket has a ZAP domain and ZMQ_ZAP_ENFORCE_DOMAIN on (SecureServer),
// because libzmq 4.3.4 otherwise ADMITS every client when no handler answers (no handler bound,
// or the handler's socket closed). With enforcement a stopped handler refuses everyone, and a
// handler that stops reading stalls new handshakes until their handshake interval ends (5 s),
// never admits them. Connections already made are not asked again: revoking a key also closes
// its connections (the broker's job, by the User-Id on their messages).
//
// Thread safety: Start/Stop from one thread; Replace from any thread; the decision is pure.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>
#include <zmq.hpp>

#include "broker/auth/key_table.h"
#include "common/metrics.h"
#include "common/status.h"

namespace aspirasi::auth {

// ZMQ_ZAP_ENFORCE_DOMAIN: in the draft part of zmq.h, honoured by the stable 4.3.4 library.
inline constexpr int kZapEnforceDomain = 93;
inline constexpr const char* kZapEndpoint = "inproc://zeromq.zap.01";

struct ZapReply {
  std::string request_id;
  std::string status_code;  // "200" admitted, "400" refused, "500" a malformed request
  std::string status_text;
  std::string user_id;   // the identity's name when admitted
  std::string metadata;  // ZMTP properties: X-Role, X-Key (the key's Z85)
};

// Decides one ZAP request from its frames (after REP's envelope): version "1.0", request id,
// domain, address, identity, mechanism, credentials. Admits a CURVE client whose 32-byte key is in
// `keys`, in `domain`; refuses anything else. Never throws, whatever the frames hold.
ZapReply DecideZap(const std::vector<std::string_view>& frames, const KeyTable& keys,
                   std::string_view domain);

// The value of a ZMTP metadata property in `metadata` ("" when absent or malformed).
std::string MetadataValue(std::string_view metadata, std::string_view name);

class ZapHandler {
 public:
  ZapHandler(zmq::context_t& ctx, std::string domain, KeyTablePtr keys);
  ~ZapHandler();
  ZapHandler(const ZapHandler&) = delete;
  ZapHandler& operator=(const ZapHandler&) = delete;

  // Binds the handler's socket (before any server socket is secured) and starts its thread.
  Status Start();
  // Stops answering: with enforcement, new handshakes are refused from then on.
  void Stop();
  // A new key table (a reload); handshakes from now on use it.
  void Replace(KeyTablePtr keys);

  uint64_t admitted() const { return admitted_.load(); }
  uint64_t refused() const { return refused_.load(); }
  // Also counts its decisions into these (before Start; may be null).
  void CountInto(Counter* admitted, Counter* refused) {
    admitted_metric_ = admitted;
    refused_metric_ = refused;
  }

 private:
  void Run();
  KeyTablePtr Keys() const;

  zmq::context_t& ctx_;
  const std::string domain_;
  mutable std::mutex mu_;
  KeyTablePtr keys_;
  std::unique_ptr<zmq::socket_t> socket_;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::atomic<uint64_t> admitted_{0}, refused_{0};
  Counter* admitted_metric_ = nullptr;
  Counter* refused_metric_ = nullptr;
};

// Makes `socket` (before it binds) a CURVE server with `server_secret_z85`, checked by the ZAP
// handler of `domain` (enforced), with handshakes that must finish within `handshake_ms`.
Status SecureServer(zmq::socket_t& socket, const std::string& server_secret_z85, const std::string& domain,
                    int handshake_ms = 5000);

}  // namespace aspirasi::auth
