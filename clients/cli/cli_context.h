// What every CLI command gets: resolved endpoints, timeouts, output mode and streams, and the
// helpers that turn a Status into the one-line error message and the exit code.
//
// Exit codes: 0 success, 1 a failure (broker error, timeout, I/O), 2 a usage error.
#pragma once

#include <iostream>
#include <string>

#include "clients/lib/client_keys.h"
#include "common/config.h"
#include "common/i18n/text.h"
#include "common/status.h"

namespace aspirasi::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

struct CliContext {
  std::string ingest_endpoint;
  std::string api_endpoint;
  std::string events_endpoint;
  std::string database;     // the broker's database file, from the config (audit verify reads it)
  std::string broker_http;  // host:port of the broker's /metrics and /healthz ("" unknown)
  std::string ingest_http;  // and of aspirasi-ingest's
  std::string tenant;       // the config's tenant id
  std::string ticket_prefix = "NH";
  SecurityConfig security;  // the config's [security]: whether the broker wants keys
  ClientKeys keys;          // --key-file / $ASPIRASI_KEY_FILE, for a broker with keys (LoadKeys)
  int timeout_ms = 5000;
  bool json = false;
  std::string actor;                // --as / $ASPIRASI_ADMIN: the admin acting (desk commands, scoped reads)
  int utc_offset_minutes = 7 * 60;  // the tenant's timezone (WIB unless configured)
  std::string zone_abbrev = "WIB";
  i18n::Lang lang = i18n::Lang::kId;  // --lang, else $ASPIRASI_LANG / $LANG: Bahasa Indonesia by default
  std::ostream* out = &std::cout;
  std::ostream* err = &std::cerr;
};

// Where the endpoints come from: explicit flags win, then the broker's ready file (--broker-ready:
// what `aspirasid --ready-file` wrote, with the ports a "tcp://127.0.0.1:*" config bound), then the
// config file (--config, else the environment variable ASPIRASI_CONFIG), then the built-in defaults.
struct EndpointFlags {
  std::string config_path;
  std::string ready_file;
  std::string ingest, api, events;
  std::string key_file;  // --key-file: this user's secret key file
};

// Fills ctx's endpoints and timezone. CONFIG_INVALID / IO_ERROR when the config cannot be used.
Status ResolveEndpoints(const EndpointFlags& flags, CliContext* ctx);

// Fills ctx->keys for the commands that reach the broker (docs/SECURITY.md): INVALID_ARGUMENT
// with what to do when the broker wants a key and none is given, or the other way round.
Status LoadKeys(const EndpointFlags& flags, CliContext* ctx);

// The tenant's zone for times.
i18n::Zone ZoneOf(const CliContext& ctx);
// A catalogue text in the user's language.
std::string Tr(const CliContext& ctx, i18n::Key key, std::initializer_list<i18n::Arg> args = {});
std::string Tr(const CliContext& ctx, const i18n::Text& text);
// The catalogue's name for a value: Named(ctx, "status", "NEW") shows "status.NEW" ("BARU");
// the value itself when the catalogue has no entry for it.
std::string Named(const CliContext& ctx, std::string_view group, std::string_view value);

// Prints "aspirasi: <what>: <message> (<CODE>)" (or "aspirasi: <message> (<CODE>)" when `what`
// is empty), the message in the user's language, and returns kExitFailure.
int Fail(const CliContext& ctx, const std::string& what, const Status& status);
// Prints "aspirasi: <message>" and returns kExitUsage.
int UsageError(const CliContext& ctx, const std::string& message);
int UsageError(const CliContext& ctx, const Status& status);

}  // namespace aspirasi::cli
