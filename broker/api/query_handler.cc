#include "broker/api/query_handler.h"

#include "broker/api/report.h"
#include "broker/desk/desk.h"
#include "common/clock.h"
#include "common/frame.h"
#include "common/i18n/catalogue.h"

namespace aspirasi::api {
namespace {

using i18n::K;
using i18n::T;

// OPD codes are upper case and ticket numbers too; people type them as they like.
void Upper(std::string* s) {
  for (char& c : *s) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c;
}

template <class Opds>
void UpperAll(Opds* opds) {
  for (auto& o : *opds) Upper(&o);
}

}  // namespace

QueryHandler::QueryHandler(std::unique_ptr<store::StoreReader> reader, std::string version,
                           const Config& config, std::shared_ptr<const sla::CalendarSet> calendars,
                           const Clock* clock)
    : reader_(std::move(reader)),
      version_(std::move(version)),
      config_(config),
      calendars_(std::move(calendars)),
      clock_(clock) {}

template <class Opds>
Status QueryHandler::Scope(const AdminConfig* admin, Opds* opds, const char* field) const {
  UpperAll(opds);
  for (const auto& o : *opds) {
    if (!config_.FindOpd(o)) return Status::InvalidArgument(field, desk::UnknownOpd(config_, o));
  }
  if (admin == nullptr || admin->Covers("*")) return Status::Ok();
  for (const auto& o : *opds) {
    if (!admin->Covers(o))
      return Status::PermissionDenied(T(K("desk.admin_not_of_opd"), {{"admin", admin->id}, {"opd", o}}));
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

v1::Envelope QueryHandler::Handle(const v1::Envelope& request, FullRead* read) {
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
  if (status.ok()) status = Handle(admin, request, &reply, read);
  if (!status.ok()) {
    if (read) *read = FullRead{};
    return ErrorEnvelope(request.request_id(), status);
  }
  return reply;
}

Status QueryHandler::Handle(const AdminConfig* admin, const v1::Envelope& request, v1::Envelope* reply_out,
                            FullRead* read) {
  v1::Envelope& reply = *reply_out;
  Status status;
  switch (request.body_case()) {
    case v1::Envelope::kGetTicket: {
      v1::GetTicket q = request.get_ticket();
      Upper(q.mutable_number());
      if (q.ticket_id() == 0 && q.number().empty()) {
        status = Status::InvalidArgument("get_ticket.ticket_id", T(K("desk.no_ticket")));
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
      if (admin && read) *read = FullRead{t->id(), admin->id};
      *out->mutable_ticket() = std::move(t).value();
      break;
    }
    case v1::Envelope::kListTickets: {
      v1::ListTickets q = request.list_tickets();
      if (!(status = Scope(admin, q.mutable_filter()->mutable_opds(), "list_tickets.filter.opds")).ok())
        break;
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
      if (!(status = Scope(admin, q.mutable_filter()->mutable_opds(), "count_tickets.filter.opds")).ok())
        break;
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
      if (!(status = Scope(admin, q.mutable_opds(), "read_events.opds")).ok()) break;
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
      pong->set_now_ms(clock_ ? clock_->NowMs() : RealClock().NowMs());  // the broker's time
      if (admin && !admin->Covers("*")) {
        for (const auto& o : admin->opds) pong->add_opds(o);
      }
      break;
    }
    case v1::Envelope::kGetQueue: {
      v1::GetQueue q = request.get_queue();
      Upper(q.mutable_opd());
      if (q.opd().empty()) {
        // An admin of one OPD has one queue: theirs.
        if (admin != nullptr && admin->opds.size() == 1 && admin->opds[0] != "*") {
          q.set_opd(admin->opds[0]);
        } else {
          std::string choices;
          if (admin != nullptr && !admin->Covers("*")) {
            for (const auto& o : admin->opds) choices += (choices.empty() ? "" : ", ") + o;
          } else {
            for (const auto& o : config_.opds) choices += (choices.empty() ? "" : ", ") + o.code;
          }
          status = Status::InvalidArgument("get_queue.opd", T(K("queue.which_opd"), {{"opds", choices}}));
          break;
        }
      }
      if (!config_.FindOpd(q.opd())) {
        status = Status::InvalidArgument("get_queue.opd", desk::UnknownOpd(config_, q.opd()));
        break;
      }
      if (admin && !admin->Covers(q.opd())) {
        status =
            Status::PermissionDenied(T(K("desk.admin_not_of_opd"), {{"admin", admin->id}, {"opd", q.opd()}}));
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
      if (!(status = Scope(admin, q.mutable_opds(), "list_alerts.opds")).ok()) break;
      if (q.mine() && admin == nullptr) {
        status = Status::InvalidArgument("list_alerts.mine", T(K("alerts.mine_needs_actor")));
        break;
      }
      auto alerts = reader_->ListAlerts(q, q.mine() ? &admin->escalation_roles : nullptr);
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
        status = Status::InvalidArgument("get_report.to_ms", T(K("report.empty_range")));
        break;
      }
      if (!(status = Scope(admin, q.mutable_opds(), "get_report.opds")).ok()) break;
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
      std::string opd = request.list_saved_replies().opd();
      Upper(&opd);
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
      status =
          Status::UnknownCommand(T(K("api.unknown_command"), {{"command", std::string(BodyName(request))}}));
  }
  return status;
}

}  // namespace aspirasi::api
