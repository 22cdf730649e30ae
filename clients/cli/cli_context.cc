#include "clients/cli/cli_context.h"

#include <cstdlib>

#include "common/curve_keys.h"
#include "common/i18n/catalogue.h"
#include "common/ready_file.h"
#include "common/time_zone.h"

namespace aspirasi::cli {

Status ResolveEndpoints(const EndpointFlags& flags, CliContext* ctx) {
  BrokerConfig defaults;
  ctx->ingest_endpoint = defaults.ingest_endpoint;
  ctx->api_endpoint = defaults.api_endpoint;
  ctx->events_endpoint = defaults.events_endpoint;

  std::string path = flags.config_path;
  if (path.empty()) {
    const char* env = std::getenv("ASPIRASI_CONFIG");
    if (env != nullptr) path = env;
  }
  if (!path.empty()) {
    auto config = LoadConfig(path);
    if (!config.ok()) return config.status();
    ctx->ingest_endpoint = config->broker.ingest_endpoint;
    ctx->api_endpoint = config->broker.api_endpoint;
    ctx->events_endpoint = config->broker.events_endpoint;
    ctx->database = config->broker.database;
    ctx->tenant = config->tenant.id;
    if (config->broker.http_port != 0)
      ctx->broker_http = config->broker.http_host + ":" + std::to_string(config->broker.http_port);
    if (config->ingest.http_port != 0)
      ctx->ingest_http = config->ingest.http_host + ":" + std::to_string(config->ingest.http_port);
    ctx->ticket_prefix = config->tenant.ticket_prefix;
    ctx->security = config->security;
    if (const IndonesianZone* z = FindIndonesianZone(config->tenant.timezone)) {
      ctx->utc_offset_minutes = z->offset_minutes;
      ctx->zone_abbrev = std::string(z->abbrev);
    }
  }
  if (!flags.ready_file.empty()) {
    auto ready = ReadReadyFile(flags.ready_file);
    if (!ready.ok()) return ready.status();
    for (const auto& [key, field] :
         {std::pair{"ingest", &ctx->ingest_endpoint}, std::pair{"api", &ctx->api_endpoint},
          std::pair{"events", &ctx->events_endpoint}, std::pair{"http", &ctx->broker_http}}) {
      auto it = ready->find(key);
      if (it != ready->end() && !it->second.empty()) *field = it->second;
    }
  }
  if (!flags.ingest.empty()) ctx->ingest_endpoint = flags.ingest;
  if (!flags.api.empty()) ctx->api_endpoint = flags.api;
  if (!flags.events.empty()) ctx->events_endpoint = flags.events;
  return Status::Ok();
}

Status LoadKeys(const EndpointFlags& flags, CliContext* ctx) {
  auto keys = LoadClientKeys(ctx->security, flags.key_file);
  if (!keys.ok()) return keys.status();
  ctx->keys = std::move(keys).value();
  if (!ctx->keys.enabled()) return Status::Ok();
  // A person's key is that person: the broker acts as it whatever --as says. Take it as the
  // actor, and say so when --as named someone else.
  for (const KeyConfig& k : ctx->security.keys) {
    if (k.role != "admin" && k.role != "supervisor") continue;
    std::string listed = k.public_key;
    if (listed.empty()) {
      auto read = ReadCurvePublicKey(k.public_file);
      if (!read.ok()) continue;
      listed = *read;
    }
    if (listed != ctx->keys.public_key) continue;
    if (!ctx->actor.empty() && ctx->actor != k.identity) {
      *ctx->err << "aspirasi: "
                << Tr(*ctx, i18n::K("cli.key_is_actor"), {{"identity", k.identity}, {"as", ctx->actor}})
                << "\n";
    }
    ctx->actor = k.identity;
    break;
  }
  return Status::Ok();
}

i18n::Zone ZoneOf(const CliContext& ctx) { return {ctx.utc_offset_minutes, ctx.zone_abbrev}; }

std::string Tr(const CliContext& ctx, i18n::Key key, std::initializer_list<i18n::Arg> args) {
  return i18n::Render(ctx.lang, key, args, ZoneOf(ctx));
}

std::string Tr(const CliContext& ctx, const i18n::Text& text) {
  return i18n::Render(ctx.lang, text, ZoneOf(ctx));
}

std::string Named(const CliContext& ctx, std::string_view group, std::string_view value) {
  std::string key(group);
  key.append(".").append(value);
  const i18n::Entry* e = i18n::Find(key);
  if (e == nullptr) return std::string(value);
  return std::string(ctx.lang == i18n::Lang::kEn ? e->en : e->id);
}

int Fail(const CliContext& ctx, const std::string& what, const Status& status) {
  const std::string message = status.Message(ctx.lang, ZoneOf(ctx));
  *ctx.err << "aspirasi: ";
  if (!what.empty()) *ctx.err << what << ": ";
  *ctx.err << message;
  if (!status.field().empty() && message.find(status.field()) == std::string::npos) {
    *ctx.err << " [" << status.field() << "]";
  }
  *ctx.err << " (" << status.CodeName() << ")\n";
  return kExitFailure;
}

int UsageError(const CliContext& ctx, const std::string& message) {
  *ctx.err << "aspirasi: " << message << "\n";
  return kExitUsage;
}

int UsageError(const CliContext& ctx, const Status& status) {
  return UsageError(ctx, status.Message(ctx.lang, ZoneOf(ctx)));
}

}  // namespace aspirasi::cli
