#include "workers/responder/responder_config.h"

#include <algorithm>
#include <cctype>
#include <utility>

namespace aspirasi::responder {

Result<WorkerSessionOptions> BuildSessionOptions(const ResponderFlags& flags, const Config& config) {
  if (flags.opds.empty()) return Status::ConfigInvalid("opd", "give at least one --opd");
  WorkerSessionOptions o;
  // "PUPR", "pupr", "DINKES,DLH" or "DINKES-DLH" (a systemd instance name: OPD codes have no '-').
  std::vector<std::string> codes;
  for (const std::string& value : flags.opds) {
    std::string code;
    for (char c : value + ",") {
      if (c == ',' || c == '-') {
        if (!code.empty()) codes.push_back(std::exchange(code, std::string()));
      } else if (c != ' ') {
        code += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      }
    }
  }
  if (codes.empty()) return Status::ConfigInvalid("opd", "give at least one --opd");
  for (const std::string& code : codes) {
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
