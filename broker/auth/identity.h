// Who is at the other end of a ZeroMQ connection: the identity a CURVE public key stands for in
// the configuration ([[key]]), with its role and OPDs. The broker authorizes every command by it
// (docs/SECURITY.md).
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace aspirasi::auth {

enum class Role {
  kIngest,      // submits tickets (aspirasi-ingest, an integrator's importer)
  kResponder,   // takes the deliveries of its OPDs and posts replies (aspirasi-responder)
  kAdmin,       // an OPD admin's own client: its OPDs' tickets
  kSupervisor,  // an OPD head, Diskominfo, Sekda: its OPDs, or all ("*")
  kConsole,     // the web console: acts for the users it has signed in, within their rights
};

std::string_view RoleName(Role r);
// "ingest", "responder", "admin", "supervisor", "console"; false for anything else.
bool ParseRole(std::string_view text, Role* out);

struct Identity {
  std::string name;  // the [[key]] identity: an admin id for admin/supervisor keys
  Role role = Role::kIngest;
  std::vector<std::string> opds;  // upper case; "*" = every OPD

  bool Covers(std::string_view opd) const {
    return std::any_of(opds.begin(), opds.end(), [&](const std::string& o) { return o == "*" || o == opd; });
  }
};

}  // namespace aspirasi::auth
