// ResponderConfig: the responder's command-line options checked against the system config.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "clients/lib/worker_session.h"
#include "common/config.h"
#include "common/status.h"

namespace aspirasi::responder {

struct ResponderFlags {
  std::string config_path;
  std::vector<std::string> opds;  // required: configured OPD codes, any case, each value may list several
                                  // separated by ',' or '-' ("DINKES,DLH", a systemd instance "DINKES-DLH")
  std::string name;               // default: "responder-" + the OPD codes, lower case
  uint32_t credit = 16;           // deliveries in flight at once
  std::string worker_endpoint;    // default: the config's broker.worker_endpoint
  int posters = 4;                // replies posted side by side
  uint64_t exit_after = 0;        // stop after N deliveries (tests, demos); 0 = run until signalled
  std::string log_level;          // default: the config's logging.level
  std::string key_file;           // --key-file; default: $ASPIRASI_KEY_FILE (a broker with keys)
};

// The session options for these flags. CONFIG_INVALID when an OPD is not configured (the
// message names it and lists the known codes), when no OPD is given, or when the endpoint is a
// wildcard bind address; INVALID_ARGUMENT / a key file's error when the keys cannot be used
// (clients/lib/client_keys.h).
Result<WorkerSessionOptions> BuildSessionOptions(const ResponderFlags& flags, const Config& config);

}  // namespace aspirasi::responder
