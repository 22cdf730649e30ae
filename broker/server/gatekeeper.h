// Gatekeeper: the broker's side of docs/SECURITY.md. With [security] keys it makes every endpoint
// a CURVE server checked by the ZAP handler (fail closed), tells who sent each message (the
// identity the handler gave its connection), and decides each command through auth::Authorize,
// counting and logging every denial. Without keys it says loudly that the endpoints are open to
// anyone on this machine (the configuration keeps them on loopback) and lets everything through.
//
// Thread safety: the event loop's thread only.
#pragma once

#include <sys/socket.h>

#include <memory>
#include <string>
#include <unordered_map>
#include <zmq.hpp>

#include "aspirasi/v1/wire.pb.h"
#include "broker/auth/authorize.h"
#include "broker/auth/key_table.h"
#include "broker/auth/zap_handler.h"
#include "common/config.h"
#include "common/curve_keys.h"
#include "common/metrics.h"
#include "common/status.h"
#include "common/zmq_io.h"

namespace aspirasi::server {

class Gatekeeper {
 public:
  Gatekeeper(const Config& config, Metrics& metrics);
  ~Gatekeeper();

  // Reads the broker's key pair and the [[key]] table and starts the ZAP handler, before any
  // endpoint binds. CONFIG_INVALID / IO_ERROR when a key cannot be used.
  Status Start(zmq::context_t& ctx);
  // What Start reads, read and checked without starting anything (aspirasid --check): OK without keys.
  static Status CheckKeys(const Config& config);
  void Stop();
  bool enabled() const { return keys_ != nullptr; }

  // Makes a server socket (before it binds) speak CURVE under the handler. No-op without keys.
  Status Secure(zmq::socket_t& socket);

  // Who sent `msg` (its frames after the routing id carry the connection's User-Id): nullptr
  // without keys. PERMISSION_DENIED (counted and logged) when the identity is no longer in the
  // table (revoked).
  Result<const auth::Identity*> Identify(const Received& msg, auth::Endpoint endpoint);

  // Authorizes one command (auth::Authorize), counting a denial in aspirasi_denied_total and
  // logging it. `endpoint_name`: "ingest", "worker" or "api".
  auth::Decision Check(const auth::Identity* who, auth::Endpoint endpoint, const v1::Envelope& env);
  // A worker's hello: the OPDs must be the key's.
  Status CheckHello(const auth::Identity* who, const v1::Hello& hello);

  // SIGHUP: reads the configuration file again and swaps in its [[key]] table whole (the ZAP
  // handler's and the per-message lookup's). Everything else stays as started: the broker's own
  // key, the admins, the endpoints. Connections that spoke with a key no longer listed are closed
  // (their clients reconnect and are refused); until then their messages are refused anyway.
  // CONFIG_INVALID (the table stays as it was) when the file does not load, a key cannot be read,
  // a key names an [[admin]] the running broker does not have, or [security] itself changed;
  // each reload is counted in aspirasi_key_reloads_total{result} and logged with what changed.
  Status Reload();

 private:
  struct Loaded {
    CurveKeyPair pair;        // the broker's own
    auth::KeyTablePtr table;  // the [[key]] entries
  };
  // The broker's key pair and the key table, read and checked (Start and CheckKeys share it).
  static Result<Loaded> LoadKeys(const Config& config);

  void CountDenial(const auth::Identity* who, auth::Endpoint endpoint, std::string_view command,
                   const Status& why);
  Status SwapKeys();
  // Notes which key spoke on the message's connection (its file descriptor and peer address).
  void Remember(const Received& msg, const zmq_msg_t* frame, const std::string& key);
  // Shuts down the connections last seen with one of `keys` (Z85) whose descriptor still leads to
  // the same peer; returns how many.
  std::size_t CloseConnectionsOf(const std::unordered_map<std::string, std::string>& keys);

  struct Connection {
    std::string key;         // Z85
    std::string routing_id;  // the ROUTER's id of the connection
    sockaddr_storage peer = {};
    socklen_t peer_len = 0;
  };

  const Config& config_;
  Metrics& metrics_;
  std::string server_secret_;
  auth::KeyTablePtr keys_;  // null without keys
  std::unique_ptr<auth::ZapHandler> zap_;
  std::unordered_map<int, Connection> connections_;  // fd -> the key last heard on it
};

}  // namespace aspirasi::server
