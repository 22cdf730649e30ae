// Writer-thread operations on alerts (v1::Alert): what a person must look at until one of its
// recipients acknowledges it, or the broker closes it because the ticket no longer needs it.
//
//   opened by   an SLA stage (SlaOps: warning, breach, escalation), a reply that failed or may not
//               have arrived (ReplyOps: REPLY_REJECTED, REPLY_UNCERTAIN)
//   for         an escalation role ("opd_supervisor", "diskominfo", ...): the admins whose
//               escalation_roles name it and who cover the ticket's OPD; or "" (warnings, breaches
//               without a role, replies): the OPD's desk, every admin and supervisor of the OPD
//   closed by   the ticket's answer reaching the citizen (its response-clock and reply alerts),
//               its resolution or withdrawal (all), its transfer (those of the OPD it left), a
//               reply confirmed after all (that reply's alert)
//
// An alert id is the one number people see for it: the event that opened it, the one that
// acknowledged it and the one that closed it carry it (Event.alert_id), `aspirasi watch` shows it
// and `aspirasi alerts ack` takes it. A reply alert marks its ticket (Ticket.attention_reply_id)
// while it is open, so the OPD's queue shows it.
//
// Thread safety: used by the broker's writer thread only, inside its transactions.
#pragma once

#include <cstdint>
#include <string>

#include "aspirasi/v1/wire.pb.h"
#include "broker/store/store.h"
#include "common/config.h"

namespace aspirasi::server {

struct AckAlertOp {
  v1::AckAlert command;
  std::string actor;
  int64_t now_ms = 0;
};

struct AckAlertResult {
  Status status;
  v1::Alert alert;
};

// What settled the alerts being closed.
enum class AlertCloseReason {
  kAnswered,        // an answer or question reached the citizen: response clocks and reply alerts
  kResolved,        // resolved (by a person or by the waiting limit): all
  kWithdrawn,       // the citizen withdrew the item: all
  kTransferred,     // moved to another OPD: the alerts of the OPD it left
  kReplyConfirmed,  // the platform confirmed a reply that was uncertain: that reply's alert
  kReplyNotSent,    // the responder had not posted an uncertain reply after all: it is queued again
};

// "answered", "resolved", "withdrawn", "transferred", "reply_confirmed", "reply_requeued"
// (Alert.closed_reason).
std::string_view AlertCloseReasonName(AlertCloseReason reason);

// The alert as the protocol shows it (ticket_number from `t`).
v1::Alert AlertToProto(const store::AlertRecord& rec, const v1::Ticket& t);

class AlertOps {
 public:
  AlertOps(const Config& config, store::Store& store) : config_(config), store_(store) {}

  // Stores `rec` (its id, seq and fired time are set here) and records `event` about `t`, stamped
  // with the new alert's id. A reply alert (rec.reply_id) also marks `t`; the caller saves `t`
  // afterwards when *marked is set. Returns the alert id.
  Result<uint64_t> Open(v1::Ticket& t, store::AlertRecord rec, v1::Event event, bool* marked);

  // Closes the open alerts of `t` that `reason` settles (`reply_id` for kReplyConfirmed and kReplyNotSent)
  // and records ALERT_CLOSED for each. Sets *changed when `t` lost its reply mark (save it).
  Status Close(v1::Ticket& t, AlertCloseReason reason, uint64_t reply_id, int64_t now_ms, bool* changed);

  // Acknowledges an alert for its recipient: NOT_FOUND for an alert of an OPD the actor does not
  // cover, PERMISSION_DENIED for one meant for someone else, CONFLICT when it is no longer open.
  AckAlertResult Ack(const AckAlertOp& op);

  // The admins who may acknowledge an alert of `role` for `opd` ("" = the OPD's desk).
  static std::vector<const AdminConfig*> Recipients(const Config& config, const std::string& role,
                                                    const std::string& opd);

 private:
  const Config& config_;
  store::Store& store_;
};

}  // namespace aspirasi::server
