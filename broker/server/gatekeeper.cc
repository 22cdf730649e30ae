#include "broker/server/gatekeeper.h"

#include <sys/socket.h>
#include <zmq.h>

#include <cstring>

#include "common/curve_keys.h"
#include "common/frame.h"
#include "common/i18n/catalogue.h"
#include "common/log.h"

namespace aspirasi::server {
namespace {

constexpr const char* kZapDomain = "aspirasi";

const char* EndpointName(auth::Endpoint e) {
  switch (e) {
    case auth::Endpoint::kIngest:
      return "ingest";
    case auth::Endpoint::kWorker:
      return "worker";
    case auth::Endpoint::kApi:
      return "api";
  }
  return "";
}

}  // namespace

Gatekeeper::Gatekeeper(const Config& config, Metrics& metrics) : config_(config), metrics_(metrics) {}

Gatekeeper::~Gatekeeper() { Stop(); }

Status Gatekeeper::Start(zmq::context_t& ctx) {
  auto log = ModuleLogger("security");
  if (!config_.security.enabled()) {
    log->warn(
        "NO KEYS: [security] configures no CURVE keys, so any process on this machine may submit, read "
        "every ticket and act as any admin. The endpoints listen on loopback only. Configure keys before "
        "anyone else can log in to this machine (docs/SECURITY.md).");
    return Status::Ok();
  }
  auto loaded = LoadKeys(config_);
  if (!loaded.ok()) return loaded.status();
  const CurveKeyPair& pair = loaded->pair;
  server_secret_ = pair.secret_key;
  keys_ = loaded->table;
  zap_ = std::make_unique<auth::ZapHandler>(ctx, kZapDomain, keys_);
  const char* help = "CURVE handshakes decided by the broker's ZAP handler (admitted: a known key)";
  zap_->CountInto(&metrics_.GetCounter("aspirasi_handshakes_total", help, "result=\"admitted\""),
                  &metrics_.GetCounter("aspirasi_handshakes_total", help, "result=\"refused\""));
  if (Status s = zap_->Start(); !s.ok()) {
    zap_.reset();
    keys_.reset();
    return s;
  }
  log->info("CURVE on every endpoint; {} key(s) known; broker key {}", keys_->size(), pair.public_key);
  if (keys_->size() == 0) {
    log->warn(
        "[security] lists no [[key]]: every client will be refused until keys are added (docs/SECURITY.md)");
  }
  return Status::Ok();
}

Result<Gatekeeper::Loaded> Gatekeeper::LoadKeys(const Config& config) {
  const auto& sec = config.security;
  if (sec.server_secret_file.empty()) {
    return Status::ConfigInvalid("security.server_secret_file",
                                 "security.server_secret_file: the broker needs its own key pair (aspirasi "
                                 "keygen --out DIR broker), given here");
  }
  auto pair = ReadCurveSecretKey(sec.server_secret_file);
  if (!pair.ok()) {
    return Status::ConfigInvalid("security.server_secret_file",
                                 "security.server_secret_file: " + pair.status().message());
  }
  auto table = auth::BuildKeyTable(config, pair->public_key);
  if (!table.ok()) return table.status();
  return Loaded{*pair, *table};
}

Status Gatekeeper::CheckKeys(const Config& config) {
  if (!config.security.enabled()) return Status::Ok();
  return LoadKeys(config).status();
}

void Gatekeeper::Stop() {
  if (zap_) zap_->Stop();
}

Status Gatekeeper::Secure(zmq::socket_t& socket) {
  if (!enabled()) return Status::Ok();
  return auth::SecureServer(socket, server_secret_, kZapDomain);
}

Result<const auth::Identity*> Gatekeeper::Identify(const Received& msg, auth::Endpoint endpoint) {
  if (!enabled()) return static_cast<const auth::Identity*>(nullptr);
  // The routing-id frame of a ROUTER loses its metadata in libzmq 4.3.4: ask a payload frame.
  const zmq_msg_t* frame = nullptr;
  const char* user = nullptr;
  const char* key = nullptr;
  for (std::size_t i = 1; i < msg.frames.size() && user == nullptr; ++i) {
    frame = msg.frames[i].handle();
    user = zmq_msg_gets(const_cast<zmq_msg_t*>(frame), "User-Id");
    key = zmq_msg_gets(const_cast<zmq_msg_t*>(frame), "X-Key");
  }
  Status refused;
  // The key, not the name: a rotated identity's old key is refused while its new one works.
  const auth::Identity* who = key != nullptr ? keys_->FindZ85(key) : nullptr;
  if (who != nullptr && who->name != user) who = nullptr;
  if (user == nullptr || key == nullptr) {
    refused = Status::PermissionDenied(i18n::T(i18n::K("auth.no_identity")));
  } else if (who == nullptr) {
    refused =
        Status::PermissionDenied(i18n::T(i18n::K("auth.key_revoked"), {{"identity", std::string(user)}}));
  }
  if (!refused.ok()) {
    CountDenial(nullptr, endpoint, "any", refused);
    return refused;
  }
  Remember(msg, frame, key);
  return who;
}

void Gatekeeper::Remember(const Received& msg, const zmq_msg_t* frame, const std::string& key) {
  const int fd = zmq_msg_get(frame, ZMQ_SRCFD);
  if (fd < 0 || msg.frames.empty()) return;  // inproc, or a library that does not say
  const std::string_view routing = msg.Frame(0);
  auto it = connections_.find(fd);
  // The common case, one lookup: the same connection as before (a descriptor reused by a new
  // connection comes with a new routing id, and its peer address is read again).
  if (it != connections_.end() && it->second.key == key && it->second.routing_id == routing) return;
  Connection c;
  c.key = key;
  c.routing_id = std::string(routing);
  c.peer_len = sizeof c.peer;
  if (::getpeername(fd, reinterpret_cast<sockaddr*>(&c.peer), &c.peer_len) != 0) return;
  connections_[fd] = std::move(c);
}

std::size_t Gatekeeper::CloseConnectionsOf(const std::unordered_map<std::string, std::string>& keys) {
  std::size_t closed = 0;
  for (auto it = connections_.begin(); it != connections_.end();) {
    if (!keys.count(it->second.key)) {
      ++it;
      continue;
    }
    // libzmq owns the descriptor. It may have been closed and reused since the last message, so
    // it is shut down (never closed) only while it still leads to the same peer address and port;
    // libzmq then sees the connection end and cleans up as for any lost peer.
    sockaddr_storage now = {};
    socklen_t len = sizeof now;
    if (::getpeername(it->first, reinterpret_cast<sockaddr*>(&now), &len) == 0 &&
        len == it->second.peer_len && std::memcmp(&now, &it->second.peer, len) == 0 &&
        ::shutdown(it->first, SHUT_RDWR) == 0) {
      ++closed;
    }
    it = connections_.erase(it);
  }
  return closed;
}

Status Gatekeeper::Reload() {
  auto log = ModuleLogger("security");
  Status s = SwapKeys();
  metrics_
      .GetCounter("aspirasi_key_reloads_total", "Reloads of the [[key]] table (SIGHUP), by result",
                  s.ok() ? "result=\"ok\"" : "result=\"failed\"")
      .Inc();
  if (!s.ok()) log->error("reload refused, the keys stay as they were: {}", s.message());
  return s;
}

Status Gatekeeper::SwapKeys() {
  auto fresh = LoadConfig(config_.source_path);
  if (!fresh.ok()) return fresh.status();
  const SecurityConfig& now = config_.security;
  const SecurityConfig& next = fresh->security;
  if (next.enabled() != now.enabled() || next.server_secret_file != now.server_secret_file) {
    return Status::ConfigInvalid("security",
                                 "[security] itself (keys on or off, the broker's own key) changes only with "
                                 "a restart of aspirasid; a reload reads the [[key]] entries");
  }
  if (!enabled()) {
    ModuleLogger("security")->info("reload: no keys are configured, so there is nothing to reload");
    return Status::Ok();
  }
  // The new entries, checked against the running broker's admins: a key for an admin added to the
  // file since the start would name someone this broker does not know.
  for (std::size_t i = 0; i < next.keys.size(); ++i) {
    const KeyConfig& k = next.keys[i];
    const std::string field = "key[" + std::to_string(i) + "]";
    const AdminConfig* admin = config_.FindAdmin(k.identity);
    if ((k.role == "admin" || k.role == "supervisor") && (admin == nullptr || admin->role != k.role)) {
      return Status::ConfigInvalid(field + ".identity",
                                   field + ".identity: '" + k.identity + "' is not an [[admin]] with role " +
                                       k.role +
                                       " of the running broker; a key for a new admin needs a "
                                       "restart of aspirasid");
    }
    for (const auto& o : k.opds) {
      if (o != "*" && !config_.FindOpd(o)) {
        return Status::ConfigInvalid(field + ".opds", field + ".opds: OPD '" + o +
                                                          "' is not one of the running broker; a new OPD "
                                                          "needs a restart of aspirasid");
      }
    }
  }
  Config merged = config_;
  merged.security.keys = next.keys;
  auto pair = ReadCurveSecretKey(now.server_secret_file);
  if (!pair.ok()) return Status::ConfigInvalid("security.server_secret_file", pair.status().message());
  auto table = auth::BuildKeyTable(merged, pair->public_key);
  if (!table.ok()) return table.status();
  auth::KeyTablePtr old = keys_;
  std::unordered_map<std::string, std::string> gone;
  std::size_t added = 0;
  old->ForEach([&](const std::string& z85, const auth::Identity& who) {
    if ((*table)->FindZ85(z85) == nullptr) gone.emplace(z85, who.name);
  });
  (*table)->ForEach([&](const std::string& z85, const auth::Identity&) {
    if (old->FindZ85(z85) == nullptr) ++added;
  });
  keys_ = *table;
  zap_->Replace(keys_);  // new handshakes first, then the connections already made
  const std::size_t closed = CloseConnectionsOf(gone);
  metrics_
      .GetCounter("aspirasi_revoked_connections_closed_total",
                  "Connections closed because their key was removed by a reload")
      .Inc(closed);
  auto log = ModuleLogger("security");
  log->info("keys reloaded: {} known, {} added, {} removed; {} connection(s) of removed keys closed",
            keys_->size(), added, gone.size(), closed);
  for (const auto& [z85, name] : gone) log->info("key of {} removed (key {})", name, z85);
  return Status::Ok();
}

auth::Decision Gatekeeper::Check(const auth::Identity* who, auth::Endpoint endpoint,
                                 const v1::Envelope& env) {
  const Config& config = config_;
  auth::Decision d =
      auth::Authorize(who, endpoint, env.body_case(), env.actor(),
                      [&config](const std::string& id) { return config.FindAdmin(id) != nullptr; });
  if (!d.status.ok()) CountDenial(who, endpoint, BodyName(env), d.status);
  return d;
}

Status Gatekeeper::CheckHello(const auth::Identity* who, const v1::Hello& hello) {
  Status s = auth::AuthorizeHello(who, hello);
  if (!s.ok()) {
    CountDenial(who, auth::Endpoint::kWorker, "hello", s);
  }
  return s;
}

void Gatekeeper::CountDenial(const auth::Identity* who, auth::Endpoint endpoint, std::string_view command,
                             const Status& why) {
  const std::string role = who != nullptr ? std::string(auth::RoleName(who->role)) : "unknown";
  metrics_
      .GetCounter("aspirasi_denied_total",
                  "Commands refused by authorization, by endpoint and the key's role",
                  "endpoint=\"" + std::string(EndpointName(endpoint)) + "\",role=\"" + role + "\"")
      .Inc();
  ModuleLogger("security")
      ->warn("denied '{}' from {} ({}) on {}: {}", command, who != nullptr ? who->name : "?", role,
             EndpointName(endpoint), why.message());
}

}  // namespace aspirasi::server
