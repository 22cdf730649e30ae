#include "workers/responder/responder_config.h"

#include <algorithm>
#include <cctype>

namespace aspirasi::responder {

Result<WorkerSessionOptions> BuildSessionOptions(const ResponderFlags& flags, const Config& config) {
  if (flags.opds.empty()) return Status::ConfigInvalid("opd", "give at least one --opd");
  WorkerSessionOptions o;
  for (const std::string& code : flags.opds) {
    if (config.FindOpd(code) == nullptr) {
      std::string known;
      for (const auto& opd : config.opds) known += (known.empty() ? "" : ", ") + opd.code;
      return Status::ConfigInvalid(
          "opd", "unknown OPD '" + code + "' (not in " + config.source_path + "; known: " + known + ")");
    }
    if (std::find(o.opds.begin(), o.opds.end(), code) == o.opds.end()) o.opds.push_back(code);
  }
  o.endpoint = flags.worker_endpoint.empty() ? config.broker.worker_endpoint : flags.worker_endpoint;
  if (o.endpoint.find(":*") != std::string::npos) {
    return Status::ConfigInvalid(
        "worker",
        "worker endpoint '" + o.endpoint + "' has a wildcard port; give --worker with the broker's address");
  }
  o.name = flags.name;
  if (o.name.empty()) {
    o.name = "responder";
    for (const auto& code : o.opds) o.name += "-" + code;
    std::transform(o.name.begin(), o.name.end(), o.name.begin(),
                   [](unsigned char c) { return std::tolower(c); });
  }
  o.credit = std::max<uint32_t>(flags.credit, 1);
  auto keys = LoadClientKeys(config.security, flags.key_file);
  if (!keys.ok()) return keys.status();
  o.keys = std::move(keys).value();
  o.heartbeat_ms = config.broker.heartbeat_ms;
  o.liveness = config.broker.liveness;
  return o;
}

}  // namespace aspirasi::responder
