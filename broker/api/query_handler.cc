#include "broker/api/query_handler.h"

#include "common/clock.h"
#include "common/frame.h"

namespace aspirasi::api {

QueryHandler::QueryHandler(std::unique_ptr<store::StoreReader> reader, std::string version)
    : reader_(std::move(reader)), version_(std::move(version)) {}

bool QueryHandler::Accepts(v1::Envelope::BodyCase body) {
  switch (body) {
    case v1::Envelope::kGetTicket:
    case v1::Envelope::kListTickets:
    case v1::Envelope::kCountTickets:
    case v1::Envelope::kReadEvents:
    case v1::Envelope::kPing:
      return true;
    default:
      return false;
  }
}

v1::Envelope QueryHandler::Handle(const v1::Envelope& request) {
  v1::Envelope reply;
  reply.set_request_id(request.request_id());
  Status status;
  switch (request.body_case()) {
    case v1::Envelope::kGetTicket: {
      const auto& q = request.get_ticket();
      if (q.ticket_id() == 0 && q.number().empty()) {
        status = Status::InvalidArgument("get_ticket.ticket_id", "give a ticket_id or a number");
        break;
      }
      auto t = reader_->GetTicket(q.ticket_id(), q.number());
      if (!t.ok()) {
        status = t.status();
        break;
      }
      auto* out = reply.mutable_ticket();
      if (q.with_events()) {
        auto events = reader_->TicketEvents(t->id());
        if (!events.ok()) {
          status = events.status();
          break;
        }
        for (auto& e : *events) *out->add_events() = std::move(e);
      }
      *out->mutable_ticket() = std::move(t).value();
      break;
    }
    case v1::Envelope::kListTickets: {
      auto list = reader_->ListTickets(request.list_tickets());
      if (list.ok()) {
        *reply.mutable_ticket_list() = std::move(list).value();
      } else {
        status = list.status();
      }
      break;
    }
    case v1::Envelope::kCountTickets: {
      auto counts = reader_->CountTickets(request.count_tickets());
      if (counts.ok()) {
        *reply.mutable_counts() = std::move(counts).value();
      } else {
        status = counts.status();
      }
      break;
    }
    case v1::Envelope::kReadEvents: {
      auto events = reader_->ReadEvents(request.read_events());
      if (events.ok()) {
        *reply.mutable_event_list() = std::move(events).value();
      } else {
        status = events.status();
      }
      break;
    }
    case v1::Envelope::kPing: {
      auto last = reader_->LastSeq();
      if (!last.ok()) {
        status = last.status();
        break;
      }
      auto* pong = reply.mutable_pong();
      pong->set_broker_version(version_);
      pong->set_last_seq(*last);
      pong->set_now_ms(RealClock().NowMs());
      break;
    }
    default:
      status = Status::UnknownCommand("'" + std::string(BodyName(request)) + "' is not an api command");
  }
  if (!status.ok()) return ErrorEnvelope(request.request_id(), status);
  return reply;
}

}  // namespace aspirasi::api
