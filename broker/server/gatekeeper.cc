#include "broker/server/gatekeeper.h"

#include <zmq.h>

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
  const char* user = nullptr;
  for (std::size_t i = 1; i < msg.frames.size() && user == nullptr; ++i) {
    user = zmq_msg_gets(const_cast<zmq_msg_t*>(msg.frames[i].handle()), "User-Id");
  }
  Status refused;
  const auth::Identity* who = user != nullptr ? keys_->FindName(user) : nullptr;
  if (user == nullptr) {
    refused = Status::PermissionDenied(i18n::T(i18n::K("auth.no_identity")));
  } else if (who == nullptr) {
    refused =
        Status::PermissionDenied(i18n::T(i18n::K("auth.key_revoked"), {{"identity", std::string(user)}}));
  }
  if (!refused.ok()) {
    CountDenial(nullptr, endpoint, "any", refused);
    return refused;
  }
  return who;
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
