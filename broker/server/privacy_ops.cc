#include "broker/server/privacy_ops.h"

#include <algorithm>

#include "broker/desk/desk.h"
#include "broker/privacy/personal_data.h"
#include "common/i18n/catalogue.h"
#include "common/i18n/wire_text.h"
#include "common/utf8.h"

namespace aspirasi::server {
namespace {

using i18n::K;
using i18n::T;

constexpr uint32_t kExportDefault = 20;
constexpr uint32_t kExportMax = 100;
// An export page stops growing past this many bytes (at least one ticket): the answer must fit
// in a client's message limit (1 MiB by default) with room to spare.
constexpr std::size_t kExportPageBytes = 512 * 1024;
constexpr std::size_t kScanPage = 500;  // citizen tickets read per store query
constexpr std::size_t kNamedInRefusal = 5;

constexpr const char* kPlatforms[] = {"facebook", "instagram", "whatsapp", "telegram", "x", "youtube"};

v1::Event NewEvent(v1::EventType type, const std::string& actor, i18n::Text text, int64_t now_ms) {
  v1::Event e;
  e.set_type(type);
  e.set_at_ms(now_ms);
  e.set_actor(actor);
  i18n::Describe(&e, std::move(text));
  return e;
}

// A PPID request's ticket number as given ("" = none): a ticket number's characters, at most 64.
Status CheckRequest(const std::string& request) {
  if (request.size() > 64) return Status::TooLarge("request", T(K("privacy.request_invalid"), {{"max", 64}}));
  for (char c : request) {
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
      return Status::InvalidArgument("request", T(K("privacy.request_invalid"), {{"max", 64}}));
  }
  return Status::Ok();
}

std::string Lower(std::string s) {
  for (char& c : s) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  return s;
}

}  // namespace

Result<PrivacyOps::Subject> PrivacyOps::Resolve(const std::string& actor, const std::string& channel,
                                                const std::string& user) {
  auto admin = desk::FindActor(config_, actor);
  if (!admin.ok()) return admin.status();
  if (!(*admin)->ppid) return Status::PermissionDenied(T(K("privacy.not_ppid"), {{"admin", (*admin)->id}}));
  Subject s;
  s.admin = *admin;
  s.channel = Lower(channel);
  if (s.channel.empty()) return Status::InvalidArgument("channel", T(K("privacy.channel_required")));
  auto names = config_.ChannelNames();
  for (const char* p : kPlatforms) {
    if (std::find(names.begin(), names.end(), p) == names.end()) names.emplace_back(p);
  }
  if (std::find(names.begin(), names.end(), s.channel) == names.end()) {
    std::string known;
    for (const auto& n : names) known += (known.empty() ? "" : ", ") + n;
    return Status::InvalidArgument(
        "channel", T(K("privacy.channel_unknown"), {{"channel", s.channel}, {"known", known}}));
  }
  auto normalized = privacy::NormalizeUserId(s.channel, user);
  if (!normalized.ok()) return normalized.status();
  s.user = std::move(normalized).value();
  s.key = privacy::CitizenKey(s.channel, s.user);
  return s;
}

Result<std::optional<v1::Ticket>> PrivacyOps::LoadRequest(const std::string& number, const Subject& subject,
                                                          bool erase) {
  if (number.empty()) return std::optional<v1::Ticket>();
  if (Status s = CheckRequest(number); !s.ok()) return s;
  std::string upper = number;
  for (char& c : upper) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c;
  auto t = store_.LoadTicket(0, upper);
  if (!t.ok()) return t.status();
  if (t->data_request() == v1::DATA_REQUEST_NONE)
    return Status::InvalidArgument("request", T(K("privacy.not_a_request"), {{"ticket", upper}}));
  if (!subject.admin->Covers(t->opd()))
    return Status::PermissionDenied(T(K("privacy.request_not_covered"),
                                      {{"ticket", upper}, {"opd", t->opd()}, {"admin", subject.admin->id}}));
  // An erased request names nobody any more: it cannot be checked against this citizen, and it
  // was carried out already.
  if (t->personal_data_erased_at_ms() != 0)
    return Status::Conflict(
        T(K("privacy.request_done"), {{"ticket", upper}, {"at", t->personal_data_erased_at_ms()}}));
  if (privacy::CitizenKeyOf(*t) != subject.key)
    return Status::InvalidArgument("request", T(K("privacy.request_other_citizen"), {{"ticket", upper}}));
  // A copy may be made for any request (look before erasing); erasure needs an erasure request.
  if (erase && t->data_request() != v1::DATA_REQUEST_ERASE)
    return Status::InvalidArgument("request", T(K("privacy.request_not_erase"), {{"ticket", upper}}));
  return std::optional<v1::Ticket>(std::move(t).value());
}

PrivacyOpResult PrivacyOps::Request(const DataRequestOp& op) {
  PrivacyOpResult out;
  auto subject = Resolve(op.actor, op.command.channel(), op.command.user());
  if (!subject.ok()) {
    out.status = subject.status();
    return out;
  }
  const std::string& opd = config_.privacy.ppid_opd;
  if (opd.empty()) {
    out.status = Status::Conflict(T(K("privacy.no_ppid_opd")));
    return out;
  }
  if (op.command.kind() != v1::DATA_REQUEST_EXPORT && op.command.kind() != v1::DATA_REQUEST_ERASE) {
    out.status = Status::InvalidArgument("kind", T(K("privacy.request_kind")));
    return out;
  }
  if (IsBlank(op.command.text())) {
    out.status = Status::InvalidArgument("text", T(K("privacy.request_text")));
    return out;
  }
  if (static_cast<int64_t>(op.command.text().size()) > config_.broker.max_text_bytes) {
    out.status = Status::TooLarge(
        "text", T(K("privacy.request_text_too_long"), {{"max", config_.broker.max_text_bytes}}));
    return out;
  }
  const std::string actor = "admin:" + subject->admin->id;
  store::SubmitOp submit;
  // Unique and never reused: the next event number of the store.
  submit.submit.set_idempotency_key("ppid-request:" + std::to_string(store_.NextSeq()));
  submit.submit.set_action(v1::CREATE);
  auto* draft = submit.submit.mutable_draft();
  draft->set_channel(subject->channel);
  draft->mutable_author()->set_platform_id(subject->user);
  draft->set_text(op.command.text());
  draft->set_category("data_pribadi");
  draft->set_opd(opd);
  submit.opd = opd;
  submit.routing.set_reason(v1::ROUTE_EXPLICIT);
  submit.routing_text = T(K("event.data_request_routed"), {{"opd", opd}});
  sla::TicketFacts facts;
  facts.channel = subject->channel;
  facts.opd = opd;
  facts.data_request = true;
  FirstDeadline first = FirstResponseDeadline(*sla_, facts, op.now_ms);
  submit.sla_due_ms = first.due_ms;
  submit.sla_policy = first.policy;
  submit.sla_resolution_due_ms = first.resolution_due_ms;
  submit.now_ms = op.now_ms;
  submit.actor = actor;
  store::SubmitResult created = store_.ApplySubmit(submit);
  if (!created.status.ok()) {
    out.status = created.status;
    return out;
  }
  auto t = store_.LoadTicket(created.ack.ticket_id(), "");
  if (!t.ok()) {
    out.status = t.status();
    return out;
  }
  t->set_data_request(op.command.kind());
  if (Status s = store_.SaveTicket(*t, op.now_ms); !s.ok()) {
    out.status = s;
    return out;
  }
  store_.RecordEvent(*t,
                     NewEvent(v1::DATA_REQUEST_OPENED, actor,
                              T(op.command.kind() == v1::DATA_REQUEST_ERASE ? K("event.data_request_erase")
                                                                            : K("event.data_request_export"),
                                {{"due", first.resolution_due_ms}}),
                              op.now_ms));
  out.created = CreatedTicket{t->id(), t->opd(), t->urgency(), t->sla().first_response_due_ms(),
                              std::make_shared<const std::string>(t->SerializeAsString())};
  *out.answer.mutable_ticket()->mutable_ticket() = std::move(t).value();
  return out;
}

PrivacyOpResult PrivacyOps::Export(const CitizenExportOp& op) {
  PrivacyOpResult out;
  auto subject = Resolve(op.actor, op.command.channel(), op.command.user());
  if (!subject.ok()) {
    out.status = subject.status();
    return out;
  }
  auto request = LoadRequest(op.command.request(), *subject, false);
  if (!request.ok()) {
    out.status = request.status();
    return out;
  }
  const std::string request_number = *request ? (*request)->number() : "";
  uint32_t limit = op.command.limit() == 0 ? kExportDefault : std::min(op.command.limit(), kExportMax);
  auto* data = out.answer.mutable_citizen_data();
  data->set_channel(subject->channel);
  data->set_user(subject->user);
  data->set_generated_ms(op.now_ms);
  const std::string actor = "admin:" + subject->admin->id;
  std::size_t bytes = 0;
  bool full = false;
  out.status = EachTicket(
      subject->key, op.command.after_id(),
      [&](v1::Ticket& t) -> Status {
        if (!subject->admin->Covers(t.opd())) return Status::Ok();
        if (static_cast<uint32_t>(data->tickets_size()) >= limit) {
          full = true;  // there is more: the next page starts after the last ticket given
          return Status::Ok();
        }
        auto events = store_.TicketEvents(t.id());
        if (!events.ok()) return events.status();
        // The page stays under kExportPageBytes unless a single ticket is larger by itself.
        std::size_t size = t.ByteSizeLong() + 512;  // the export event added below
        for (const auto& ev : *events) size += ev.ByteSizeLong() + 8;
        if (data->tickets_size() > 0 && bytes + size > kExportPageBytes) {
          full = true;
          return Status::Ok();
        }
        v1::Event exported = NewEvent(
            v1::PERSONAL_DATA_EXPORTED, actor,
            request_number.empty() ? T(K("event.personal_data_exported"))
                                   : T(K("event.personal_data_exported_for"), {{"request", request_number}}),
            op.now_ms);
        store_.RecordEvent(t, exported);
        auto* entry = data->add_tickets();
        for (auto& ev : *events) *entry->add_events() = std::move(ev);
        // As recorded: numbered, stamped with the ticket (the store's copy is the last of this batch).
        *entry->add_events() = store_.events().back();
        *entry->mutable_ticket() = std::move(t);
        bytes += size;
        return Status::Ok();
      },
      &full);
  if (full) data->set_next_after_id(data->tickets(data->tickets_size() - 1).ticket().id());
  return out;
}

Status PrivacyOps::EachTicket(const std::string& key, uint64_t after,
                              const std::function<Status(v1::Ticket&)>& visit, const bool* stop) {
  for (;;) {
    auto ids = store_.CitizenTickets(key, after, kScanPage);
    if (!ids.ok()) return ids.status();
    for (uint64_t id : *ids) {
      after = id;
      auto t = store_.LoadTicket(id, "");
      if (!t.ok()) return t.status();
      if (Status s = visit(*t); !s.ok()) return s;
      if (stop != nullptr && *stop) return Status::Ok();
    }
    if (ids->size() < kScanPage) return Status::Ok();
  }
}

Status PrivacyOps::EraseOne(v1::Ticket& t, v1::EventType type, const std::string& actor, i18n::Text text,
                            int64_t now_ms, PrivacyOpResult* out) {
  privacy::StripTicket(&t, now_ms);
  Status s = store_.ErasePersonalData(t, now_ms);
  if (!s.ok()) return s;
  store_.RecordEvent(t, NewEvent(type, actor, std::move(text), now_ms));
  ++out->erased;
  if (t.delivery().state() == v1::PENDING)
    out->refreshed.push_back({t.id(), std::make_shared<const std::string>(t.SerializeAsString())});
  return Status::Ok();
}

PrivacyOpResult PrivacyOps::Erase(const CitizenEraseOp& op) {
  PrivacyOpResult out;
  auto subject = Resolve(op.actor, op.command.channel(), op.command.user());
  if (!subject.ok()) {
    out.status = subject.status();
    return out;
  }
  if (op.command.reason().size() > 2000) {
    out.status = Status::TooLarge("reason", T(K("privacy.reason_too_long"), {{"max", 2000}}));
    return out;
  }
  auto request = LoadRequest(op.command.request(), *subject, true);
  if (!request.ok()) {
    out.status = request.status();
    return out;
  }
  const uint64_t request_id = *request ? (*request)->id() : 0;
  const std::string request_number = *request ? (*request)->number() : "";
  const std::string reason = IsBlank(op.command.reason()) ? "" : op.command.reason();
  // First every ticket, then the check, then the change: a refusal changes nothing.
  std::vector<v1::Ticket> tickets;
  std::vector<std::string> busy;
  uint64_t other_opds = 0;
  out.status = EachTicket(subject->key, 0, [&](v1::Ticket& t) -> Status {
    if (!subject->admin->Covers(t.opd())) {
      ++other_opds;
    } else {
      // The request being carried out is still open, of course: it is resolved below. A reply to
      // it on its way still counts (it would go out after the erasure).
      if ((t.id() != request_id && privacy::StillHandled(t.status())) || privacy::ReplyInFlight(t))
        busy.push_back(t.number());
      tickets.push_back(std::move(t));
    }
    return Status::Ok();
  });
  if (!out.status.ok()) return out;
  if (!busy.empty()) {
    std::string named;
    for (std::size_t i = 0; i < busy.size() && i < kNamedInRefusal; ++i) named += (i ? ", " : "") + busy[i];
    if (busy.size() > kNamedInRefusal) named += ", ...";
    out.status =
        Status::Conflict(T(K("privacy.still_handled"), {{"count", busy.size()}, {"tickets", named}}));
    return out;
  }
  if (request_id != 0 && (*request)->status() != v1::RESOLVED && (*request)->status() != v1::WITHDRAWN) {
    // Carried out: the request is resolved as the desk resolves (its clock stops, its alerts close).
    DeskOp resolve;
    resolve.command.set_action(v1::DESK_RESOLVE);
    resolve.command.set_ticket_id(request_id);
    // The resolution is stored as text for the desk, which reads Indonesian.
    resolve.command.set_text(i18n::Render(i18n::Lang::kId, K("privacy.request_done_erased")));
    resolve.actor = subject->admin->id;
    resolve.now_ms = op.now_ms;
    ReplyOpResult resolved = replies_.Desk(resolve);
    if (!resolved.status.ok()) {
      out.status = resolved.status;
      return out;
    }
    auto reloaded = store_.LoadTicket(request_id, "");
    if (!reloaded.ok()) {
      out.status = reloaded.status();
      return out;
    }
    for (auto& t : tickets) {
      if (t.id() == request_id) t = *reloaded;
    }
  }
  const std::string actor = "admin:" + subject->admin->id;
  auto* erased = out.answer.mutable_citizen_erased();
  erased->set_other_opds(other_opds);
  for (auto& t : tickets) {
    i18n::Text text = request_number.empty()
                          ? T(K("event.personal_data_erased"))
                          : T(K("event.personal_data_erased_for"), {{"request", request_number}});
    if (!reason.empty()) {
      text = request_number.empty() ? T(K("event.personal_data_erased_because"), {{"reason", reason}})
                                    : T(K("event.personal_data_erased_for_because"),
                                        {{"request", request_number}, {"reason", reason}});
    }
    erased->add_ticket_numbers(t.number());
    if (Status s = EraseOne(t, v1::PERSONAL_DATA_ERASED, actor, std::move(text), op.now_ms, &out); !s.ok()) {
      out.status = s;
      return out;
    }
  }
  return out;
}

PrivacyOpResult PrivacyOps::Retention(const RetentionOp& op) {
  PrivacyOpResult out;
  const int days = config_.privacy.personal_data_days;
  if (days <= 0) return out;
  const int64_t before = op.now_ms - int64_t{days} * 86'400'000;
  auto ids = store_.ExpiredTickets(before, op.limit);
  if (!ids.ok()) {
    out.status = ids.status();
    return out;
  }
  for (uint64_t id : *ids) {
    auto t = store_.LoadTicket(id, "");
    if (!t.ok()) {
      out.status = t.status();
      return out;
    }
    if (privacy::ReplyInFlight(*t)) continue;  // its reply settles first; the next pass takes it
    if (Status s = EraseOne(*t, v1::PERSONAL_DATA_PURGED, "broker",
                            T(K("event.personal_data_purged"), {{"days", days}}), op.now_ms, &out);
        !s.ok()) {
      out.status = s;
      return out;
    }
  }
  // A full batch means there may be more; a batch that changed nothing (all still in flight)
  // does not ask for another pass at once.
  out.more = ids->size() == op.limit && out.erased > 0;
  auto tombstones = store_.PurgeTombstones(before);
  if (!tombstones.ok()) {
    out.status = tombstones.status();
    return out;
  }
  out.tombstones = *tombstones;
  return out;
}

}  // namespace aspirasi::server
