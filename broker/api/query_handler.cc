#include "broker/api/query_handler.h"

#include "broker/api/report.h"
#include "broker/desk/desk.h"
#include "common/clock.h"
#include "common/frame.h"

namespace aspirasi::api {

QueryHandler::QueryHandler(std::unique_ptr<store::StoreReader> reader, std::string version,
                           const Config& config, std::shared_ptr<const sla::CalendarSet> calendars,
                           const Clock* clock)
    : reader_(std::move(reader)),
      version_(std::move(version)),
      config_(config),
      calendars_(std::move(calendars)),
      clock_(clock) {}

template <class Opds>
Status QueryHandler::Scope(const AdminConfig* admin, Opds* opds) const {
  for (const auto& o : *opds) {
    if (!config_.FindOpd(o))
      return Status::InvalidArgument("opds", "no OPD '" + o + "' in the configuration");
  }
  if (admin == nullptr || admin->Covers("*")) return Status::Ok();
  for (const auto& o : *opds) {
    if (!admin->Covers(o)) return Status::Error(v1::PERMISSION_DENIED, admin->id + " does not work for " + o);
  }
  if (opds->empty()) {
    for (const auto& o : admin->opds) *opds->Add() = o;
  }
  return Status::Ok();
}

bool QueryHandler::Accepts(v1::Envelope::BodyCase body) {
  switch (body) {
    case v1::Envelope::kGetTicket:
    case v1::Envelope::kListTickets:
    case v1::Envelope::kCountTickets:
    case v1::Envelope::kReadEvents:
    case v1::Envelope::kPing:
    case v1::Envelope::kGetQueue:
    case v1::Envelope::kListSavedReplies:
    case v1::Envelope::kListAlerts:
    case v1::Envelope::kGetReport:
      return true;
    default:
      return false;
  }
}

v1::Envelope QueryHandler::Handle(const v1::Envelope& request) {
  v1::Envelope reply;
  reply.set_request_id(request.request_id());
  const AdminConfig* admin = nullptr;
  Status status;
  if (!request.actor().empty()) {
    auto found = desk::FindActor(config_, request.actor());
    if (found.ok()) {
      admin = *found;
    } else {
      status = found.status();
    }
  }
  if (status.ok()) status = Handle(admin, request, &reply);
  if (!status.ok()) return ErrorEnvelope(request.request_id(), status);
  return reply;
}

Status QueryHandler::Handle(const AdminConfig* admin, const v1::Envelope& request, v1::Envelope* reply_out) {
  v1::Envelope& reply = *reply_out;
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
      if (admin && !(status = desk::CheckVisible(*admin, *t)).ok()) break;
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
      v1::ListTickets q = request.list_tickets();
      if (!(status = Scope(admin, q.mutable_filter()->mutable_opds())).ok()) break;
      auto list = reader_->ListTickets(q);
      if (list.ok()) {
        *reply.mutable_ticket_list() = std::move(list).value();
      } else {
        status = list.status();
      }
      break;
    }
    case v1::Envelope::kCountTickets: {
      v1::CountTickets q = request.count_tickets();
      if (!(status = Scope(admin, q.mutable_filter()->mutable_opds())).ok()) break;
      auto counts = reader_->CountTickets(q);
      if (counts.ok()) {
        *reply.mutable_counts() = std::move(counts).value();
      } else {
        status = counts.status();
      }
      break;
    }
    case v1::Envelope::kReadEvents: {
      v1::ReadEvents q = request.read_events();
      if (!(status = Scope(admin, q.mutable_opds())).ok()) break;
      auto events = reader_->ReadEvents(q);
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
      if (admin && !admin->Covers("*")) {
        for (const auto& o : admin->opds) pong->add_opds(o);
      }
      break;
    }
    case v1::Envelope::kGetQueue: {
      const auto& q = request.get_queue();
      if (!config_.FindOpd(q.opd())) {
        status = Status::InvalidArgument("get_queue.opd", "no OPD '" + q.opd() + "' in the configuration");
        break;
      }
      if (admin && !admin->Covers(q.opd())) {
        status = Status::Error(v1::PERMISSION_DENIED, admin->id + " does not work for " + q.opd());
        break;
      }
      auto list = reader_->Queue(q);
      if (list.ok()) {
        *reply.mutable_ticket_list() = std::move(list).value();
      } else {
        status = list.status();
      }
      break;
    }
    case v1::Envelope::kListAlerts: {
      v1::ListAlerts q = request.list_alerts();
      if (!(status = Scope(admin, q.mutable_opds())).ok()) break;
      auto alerts = reader_->ListAlerts(q);
      if (alerts.ok()) {
        *reply.mutable_alert_list() = std::move(alerts).value();
      } else {
        status = alerts.status();
      }
      break;
    }
    case v1::Envelope::kGetReport: {
      v1::GetReport q = request.get_report();
      if (q.from_ms() >= q.to_ms()) {
        status =
            Status::InvalidArgument("get_report.to_ms", "the range is empty: from_ms must be before to_ms");
        break;
      }
      if (!(status = Scope(admin, q.mutable_opds())).ok()) break;
      std::vector<std::string> opds(q.opds().begin(), q.opds().end());
      auto rows = reader_->ReportTickets(q.from_ms(), q.to_ms(), opds);
      if (!rows.ok()) {
        status = rows.status();
        break;
      }
      int64_t now = clock_ ? clock_->NowMs() : RealClock().NowMs();
      *reply.mutable_report() = BuildReport(*rows, calendars_.get(), q.from_ms(), q.to_ms(), now);
      break;
    }
    case v1::Envelope::kListSavedReplies: {
      const std::string& opd = request.list_saved_replies().opd();
      auto* out = reply.mutable_saved_replies();
      for (const auto& s : config_.saved_replies) {
        if (!opd.empty() && s.opd != opd && s.opd != "*") continue;
        auto* r = out->add_replies();
        r->set_opd(s.opd);
        r->set_name(s.name);
        r->set_text(s.text);
      }
      break;
    }
    default:
      status = Status::UnknownCommand("'" + std::string(BodyName(request)) + "' is not an api command");
  }
  return status;
}

}  // namespace aspirasi::api
