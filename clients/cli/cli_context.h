// What every CLI command gets: resolved endpoints, timeouts, output mode and streams, and the
// helpers that turn a Status into the one-line error message and the exit code.
//
// Exit codes: 0 success, 1 a failure (broker error, timeout, I/O), 2 a usage error.
#pragma once

#include <iostream>
#include <string>

#include "common/config.h"
#include "common/status.h"

namespace aspirasi::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

struct CliContext {
  std::string ingest_endpoint;
  std::string api_endpoint;
  std::string events_endpoint;
  int timeout_ms = 5000;
  bool json = false;
  std::string actor;                // --as / $ASPIRASI_ADMIN: the admin acting (desk commands, scoped reads)
  int utc_offset_minutes = 7 * 60;  // the tenant's timezone (WIB unless configured)
  std::string zone_abbrev = "WIB";
  std::ostream* out = &std::cout;
  std::ostream* err = &std::cerr;
};

// Where the endpoints come from: explicit flags win, then the config file (--config, else the
// environment variable ASPIRASI_CONFIG), then the built-in defaults.
struct EndpointFlags {
  std::string config_path;
  std::string ingest, api, events;
};

// Fills ctx's endpoints and timezone. CONFIG_INVALID / IO_ERROR when the config cannot be used.
Status ResolveEndpoints(const EndpointFlags& flags, CliContext* ctx);

// Prints "aspirasi: <what>: <message> (<CODE>)" (or "aspirasi: <message> (<CODE>)" when `what`
// is empty) and returns kExitFailure.
int Fail(const CliContext& ctx, const std::string& what, const Status& status);
// Prints "aspirasi: <message>" and returns kExitUsage.
int UsageError(const CliContext& ctx, const std::string& message);

}  // namespace aspirasi::cli
