// Writer-thread operations of the OPD desks and the reply outbox: a desk command, the
// automatic acknowledgement of a new ticket, and a reply's way to the platform:
//
//   PENDING --ReplySending--> SENDING --result SENT--> SENT
//      ^                        |  \----result PERMANENT, or TRANSIENT too often--> FAILED
//      +--result TRANSIENT------+   \---worker died / no result in time / UNKNOWN--> UNCONFIRMED
//      +--result NOT_SENT from the session that got the go-ahead (from SENDING or UNCONFIRMED)
//
// A reply is posted at most once: after SENDING is durable nothing hands it to a worker again
// (UNCONFIRMED asks a person to look at the platform). A result that arrives after UNCONFIRMED
// still counts (it is a fact from the platform).
//
// A reply counts only once the platform accepted it (SENT): then the ticket is RESPONDED (an
// answer) or WAITING_CITIZEN with its clocks paused (a question; unless the citizen wrote again
// meanwhile), and the SLA sees REPLY_POSTED. A reply that FAILED or is UNCONFIRMED changes
// nothing of the ticket's state or clocks; it opens an alert for the OPD's desk (AlertOps) and
// marks the ticket until someone acknowledges it or a later reply is posted.
//
// Thread safety: used by the broker's writer thread only, inside its transactions.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "aspirasi/v1/wire.pb.h"
#include "broker/server/alert_ops.h"
#include "broker/store/store.h"
#include "common/config.h"

namespace aspirasi::server {

struct DeskOp {
  v1::DeskCommand command;
  std::string actor;
  int64_t now_ms = 0;
};

struct ReplySendingOp {
  uint64_t reply_id = 0;
  uint64_t lease_id = 0;
  std::string worker;
  uint64_t session = 0;  // the worker's session (Welcome.session): recorded with SENDING
  int64_t now_ms = 0;
};

struct ReplyResultOp {
  v1::ReplyResult result;
  std::string worker;
  uint64_t session = 0;  // DeliverAck.session: the session that got the go-ahead, for all but SENT
  bool leased = false;   // the reporter still held the reply's lease (a result without a go-ahead)
  int64_t now_ms = 0;
};

// No result will come (the worker died, went silent, or never answered after SENDING).
struct ReplyUncertainOp {
  uint64_t reply_id = 0;
  uint64_t session = 0;  // the session that got the go-ahead: a later SENDING is not this one
  std::string reason;    // "broker_restarted" or "responder_stopped" (catalogue group "uncertain")
  int64_t now_ms = 0;
};

// A reply the dispatcher must queue (new, or again after a transient failure).
struct QueuedReply {
  uint64_t id = 0;
  std::string opd;
  v1::Urgency urgency = v1::BIASA;
  uint32_t attempts = 0;
  std::shared_ptr<const std::string> body;  // serialized OutboundReply
};

struct ReplyOpResult {
  Status status;
  v1::DeskResult desk;               // for a desk command
  std::optional<QueuedReply> queue;  // queue now (new reply)
  std::optional<QueuedReply> retry;  // queue after a back-off (transient failure)
  bool proceed = false;              // for ReplySending
  std::string moved_from;            // the ticket moved from this OPD (transfer)
};

class ReplyOps {
 public:
  ReplyOps(const Config& config, store::Store& store)
      : config_(config), store_(store), alerts_(config, store) {}

  ReplyOpResult Desk(const DeskOp& op);
  // Queues the automatic acknowledgement of a just-created ticket (serialized in `ticket`), if
  // the desk and the ticket's OPD have it on.
  ReplyOpResult AutoAck(const std::string& ticket, int64_t now_ms);
  ReplyOpResult Sending(const ReplySendingOp& op);
  ReplyOpResult Result(const ReplyResultOp& op);
  ReplyOpResult Uncertain(const ReplyUncertainOp& op);

 private:
  // Stores `reply` in the outbox and links its message (the ticket's last) to the reply id.
  Status Queue(v1::Ticket& ticket, v1::OutboundReply reply, int64_t now_ms, ReplyOpResult* out);
  // How a reply's new state shows on its ticket.
  struct Settlement {
    v1::ReplyState state = v1::REPLY_PENDING;
    uint32_t attempts = 0;
    std::function<void(v1::Ticket&, v1::Message&)> edit;  // more changes to the ticket and its message
    std::function<v1::Event(const v1::Ticket&)> event;    // recorded about the ticket (when set)
    bool alert = false;                                   // `event` opens an alert for the OPD's desk
    uint64_t sending_session = 0;                         // SENDING, UNCONFIRMED: who got the go-ahead
  };
  // Sets the state of reply `rec` in the outbox and on its ticket message, and records the event.
  Status Settle(const store::ReplyRecord& rec, Settlement settlement, int64_t now_ms);
  // A reply that failed or may not have arrived: `state`, the reason on its message, and an alert
  // for the OPD's desk announced by a `type` event whose text is `text(kind of the reply)`.
  Status Trouble(const store::ReplyRecord& rec, v1::ReplyState state, uint32_t attempts, v1::EventType type,
                 const std::string& actor, const std::string& why,
                 const std::function<i18n::Text(const std::string& kind)>& text, int64_t now_ms);

  const Config& config_;
  store::Store& store_;
  AlertOps alerts_;
};

}  // namespace aspirasi::server
