#include "broker/auth/authorize.h"

#include "common/i18n/catalogue.h"

namespace aspirasi::auth {
namespace {

using i18n::K;
using i18n::T;

bool IsApiQueryOrDesk(v1::Envelope::BodyCase b) {
  switch (b) {
    case v1::Envelope::kGetTicket:
    case v1::Envelope::kListTickets:
    case v1::Envelope::kCountTickets:
    case v1::Envelope::kReadEvents:
    case v1::Envelope::kGetQueue:
    case v1::Envelope::kListSavedReplies:
    case v1::Envelope::kListAlerts:
    case v1::Envelope::kGetReport:
    case v1::Envelope::kDesk:
    case v1::Envelope::kAckAlert:
    case v1::Envelope::kCitizenExport:
    case v1::Envelope::kCitizenErase:
    case v1::Envelope::kDataRequest:
      return true;
    default:
      return false;
  }
}

// The command's name as the protocol spells it ("submit", "desk", ...).
std::string CommandName(v1::Envelope::BodyCase body) {
  const auto* field = v1::Envelope::descriptor()->FindFieldByNumber(static_cast<int>(body));
  return field != nullptr ? field->name() : std::to_string(static_cast<int>(body));
}

Decision Deny(const Identity& who, v1::Envelope::BodyCase body) {
  return {Status::PermissionDenied(
              T(K("auth.role_may_not"),
                {{"identity", who.name}, {"role", RoleName(who.role)}, {"command", CommandName(body)}})),
          ""};
}

}  // namespace

Decision Authorize(const Identity* who, Endpoint endpoint, v1::Envelope::BodyCase body,
                   const std::string& envelope_actor, const AdminExists& admin_exists) {
  if (who == nullptr) return {Status::Ok(), envelope_actor};  // no keys: version 1 behaviour
  switch (endpoint) {
    case Endpoint::kIngest:
      if (who->role == Role::kIngest && body == v1::Envelope::kSubmit) return {Status::Ok(), ""};
      return Deny(*who, body);
    case Endpoint::kWorker:
      if (who->role == Role::kResponder) return {Status::Ok(), ""};
      return Deny(*who, body);
    case Endpoint::kApi:
      break;
  }
  if (body == v1::Envelope::kPing) {
    // Anyone may ask whether the broker is there; an admin's ping answers with its OPDs.
    bool person = who->role == Role::kAdmin || who->role == Role::kSupervisor;
    return {Status::Ok(), person ? who->name : (who->role == Role::kConsole ? envelope_actor : "")};
  }
  if (!IsApiQueryOrDesk(body)) return Deny(*who, body);
  switch (who->role) {
    case Role::kAdmin:
    case Role::kSupervisor:
      // The key is the person: whatever actor it sends, it acts as itself.
      return {Status::Ok(), who->name};
    case Role::kConsole:
      if (envelope_actor.empty()) {
        return {Status::PermissionDenied(T(K("auth.console_needs_user"), {{"identity", who->name}})), ""};
      }
      if (!admin_exists || !admin_exists(envelope_actor)) {
        return {Status::PermissionDenied(
                    T(K("auth.console_unknown_user"), {{"identity", who->name}, {"user", envelope_actor}})),
                ""};
      }
      return {Status::Ok(), envelope_actor};
    default:
      return Deny(*who, body);
  }
}

Status AuthorizeHello(const Identity* who, const v1::Hello& hello) {
  if (who == nullptr) return Status::Ok();
  for (std::string opd : hello.opds()) {
    for (char& c : opd) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c;
    if (!who->Covers(opd)) {
      return Status::PermissionDenied(
          T(K("auth.responder_not_of_opd"), {{"identity", who->name}, {"opd", opd}}));
    }
  }
  return Status::Ok();
}

}  // namespace aspirasi::auth
