#include "clients/cli/cli_context.h"

#include <cstdlib>

namespace aspirasi::cli {
namespace {

struct Zone {
  const char* name;
  int offset_minutes;
  const char* abbrev;
};
constexpr Zone kZones[] = {
    {"Asia/Jakarta", 7 * 60, "WIB"}, {"Asia/Makassar", 8 * 60, "WITA"}, {"Asia/Jayapura", 9 * 60, "WIT"}};

}  // namespace

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
    for (const Zone& z : kZones) {
      if (config->tenant.timezone == z.name) {
        ctx->utc_offset_minutes = z.offset_minutes;
        ctx->zone_abbrev = z.abbrev;
      }
    }
  }
  if (!flags.ingest.empty()) ctx->ingest_endpoint = flags.ingest;
  if (!flags.api.empty()) ctx->api_endpoint = flags.api;
  if (!flags.events.empty()) ctx->events_endpoint = flags.events;
  return Status::Ok();
}

int Fail(const CliContext& ctx, const std::string& what, const Status& status) {
  *ctx.err << "aspirasi: ";
  if (!what.empty()) *ctx.err << what << ": ";
  *ctx.err << status.message();
  if (!status.field().empty() && status.message().find(status.field()) == std::string::npos) {
    *ctx.err << " [" << status.field() << "]";
  }
  *ctx.err << " (" << status.CodeName() << ")\n";
  return kExitFailure;
}

int UsageError(const CliContext& ctx, const std::string& message) {
  *ctx.err << "aspirasi: " << message << "\n";
  return kExitUsage;
}

}  // namespace aspirasi::cli
