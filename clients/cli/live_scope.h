// What a live stream of events (watch, events --follow) shows: the OPDs asked for, checked against
// those the broker allows the acting admin (read_events is scoped by the broker as well; this gives
// the clear message before the first read).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "clients/cli/cli_context.h"
#include "common/status.h"

namespace aspirasi::cli {

struct LiveScope {
  std::vector<std::string> opds;  // empty: every OPD
  uint64_t last_seq = 0;          // the newest event when the scope was resolved
};

// `opds` as asked, once the broker has accepted them for ctx.actor (the names exist, and the admin
// works for them: the rules of read_events); with an actor and no `opds`, the actor's OPDs.
// The broker's error (PERMISSION_DENIED, INVALID_ARGUMENT, TIMEOUT) otherwise.
Result<LiveScope> ResolveLiveScope(const CliContext& ctx, std::vector<std::string> opds);

}  // namespace aspirasi::cli
