// Who may send which command: the one place the broker decides it (docs/SECURITY.md). Each
// endpoint takes its own commands (the endpoint table, PROTOCOL.md 2.2); on top of that the
// identity's role decides, and the OPD checks that follow (scoped queries, desk rules) use the
// actor this function resolves:
//
//   role        ingest            worker                          api
//   ingest      submit            -                               ping
//   responder   -                 everything, for its OPDs only   ping
//   admin       -                 -                               queries, desk, alerts, report, citizen
//                                                                 data (a PPID officer's): as itself
//   supervisor  -                 -                               the same, as itself
//   console     -                 -                               the same, as the user it names in
//                                                                 Envelope.actor (an [[admin]] id); never
//                                                                 without one, except ping
//
// Without keys (a development setup on loopback: no identity) every command is allowed and the
// envelope's actor is taken as given, as in version 1.
//
// Thread safety: pure.
#pragma once

#include <functional>
#include <string>

#include "aspirasi/v1/wire.pb.h"
#include "broker/auth/identity.h"
#include "common/status.h"

namespace aspirasi::auth {

enum class Endpoint { kIngest, kWorker, kApi };

// Whether an admin id is in the configuration (for a console naming its user).
using AdminExists = std::function<bool(const std::string& admin_id)>;

struct Decision {
  Status status;      // OK, or PERMISSION_DENIED with the reason
  std::string actor;  // the actor the command acts as ("" = none): what the OPD checks use
};

// `who`: the identity of the connection's key, nullptr without keys. `envelope_actor`: as sent.
Decision Authorize(const Identity* who, Endpoint endpoint, v1::Envelope::BodyCase body,
                   const std::string& envelope_actor, const AdminExists& admin_exists);

// A worker's hello may name only OPDs its identity covers (INVALID_ARGUMENT-free: PERMISSION_DENIED
// naming the first OPD outside them).
Status AuthorizeHello(const Identity* who, const v1::Hello& hello);

}  // namespace aspirasi::auth
