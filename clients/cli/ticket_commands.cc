// tickets, show, count: read-only queries on the api endpoint.
#include <algorithm>
#include <map>

#include "clients/cli/commands.h"
#include "clients/cli/table.h"
#include "clients/lib/api_client.h"
#include "clients/lib/draft_json.h"

namespace aspirasi::cli {
namespace {

void PrintEventTable(const CliContext& ctx, const google::protobuf::RepeatedPtrField<v1::Event>& events) {
  Table t({"SEQ", "TIME", "TYPE", "STATUS", "ACTOR", "ATTEMPT", "DETAIL"});
  for (const auto& e : events) {
    t.AddRow({std::to_string(e.seq()), FormatTime(e.at_ms(), ctx), EventTypeName(e.type()),
              StatusName(e.status()), e.actor(), e.attempt() != 0 ? std::to_string(e.attempt()) : "",
              e.detail()});
  }
  t.Print(*ctx.out);
}

void PrintTicket(const CliContext& ctx, const v1::TicketReply& reply, bool with_events) {
  const v1::Ticket& t = reply.ticket();
  std::ostream& out = *ctx.out;
  auto field = [&](const char* name, const std::string& value) {
    out << name << std::string(13 - std::string(name).size(), ' ') << (value.empty() ? "-" : value) << "\n";
  };
  field("number", t.number());
  field("id", std::to_string(t.id()));
  field("tenant", t.tenant());
  field("opd", t.opd());
  field("status", StatusName(t.status()));
  field("urgency", UrgencyName(t.urgency()));
  field("kind", t.kind() == 0 ? "" : v1::Kind_Name(t.kind()));
  field("category", t.category());
  field("channel", t.channel() + (t.public_item() ? " (public)" : " (private)"));
  field("account", t.account());
  field("source key", t.source_key());
  field("routing", RoutingSummary(t.routing()) +
                       (t.routing().explanation().empty() ? "" : ": " + t.routing().explanation()));
  if (!t.claim().admin().empty()) {
    field("claim", t.claim().admin() + " until " + FormatTime(t.claim().expires_at_ms(), ctx));
  }
  for (const auto& tr : t.transfers()) {
    field("transfer", tr.from_opd() + " -> " + tr.to_opd() + " by " + tr.actor() + " at " +
                          FormatTime(tr.at_ms(), ctx) + ": " + tr.reason());
  }
  if (!t.resolution().empty())
    field("resolution", t.resolution() + " (" + FormatTime(t.resolved_at_ms(), ctx) + ")");
  std::string delivery = DeliveryName(t.delivery().state());
  if (t.delivery().attempts() > 0)
    delivery += ", " + std::to_string(t.delivery().attempts()) + " failed attempt(s)";
  if (!t.delivery().worker().empty()) delivery += ", by " + t.delivery().worker();
  if (!t.delivery().last_error().empty()) delivery += ", last error: " + t.delivery().last_error();
  field("delivery", delivery);
  field("received", FormatTime(t.received_at_ms(), ctx));
  field("created", FormatTime(t.created_at_ms(), ctx));
  field("updated", FormatTime(t.updated_at_ms(), ctx));
  out << "messages     " << t.messages_size() << "\n";
  // The text is what an operator opens a ticket for; author names and platform ids stay out
  // of the plain output (use --json for the whole record).
  for (const auto& m : t.messages()) {
    out << "  #" << m.seq() << " " << (m.direction() == 0 ? "-" : v1::MessageDirection_Name(m.direction()))
        << " " << FormatTime(m.at_ms(), ctx) << (m.withdrawn() ? " [withdrawn]" : "")
        << (m.revisions_size() > 0 ? " [edited " + std::to_string(m.revisions_size()) + "x]" : "")
        << (m.attachments_size() > 0 ? " [" + std::to_string(m.attachments_size()) + " attachment(s)]" : "");
    if (m.direction() == v1::OUTBOUND) {
      out << " [" << (m.reply_kind() == 0 ? "-" : v1::ReplyKind_Name(m.reply_kind())) << " by "
          << (m.author().platform_id().empty() ? "broker" : m.author().platform_id()) << ", reply "
          << m.reply_id() << ": " << v1::ReplyState_Name(m.reply_state())
          << (m.platform_message_id().empty() ? "" : " as " + m.platform_message_id())
          << (m.reply_error().empty() ? "" : ", " + m.reply_error()) << "]";
    }
    if (m.direction() == v1::NOTE) out << " [note by " << m.author().platform_id() << "]";
    out << "\n";
    if (!m.text().empty()) out << "     " << m.text() << "\n";
  }
  if (with_events) {
    out << "events       " << reply.events_size() << "\n";
    PrintEventTable(ctx, reply.events());
  }
}

}  // namespace

int RunTickets(const CliContext& ctx, const TicketsFlags& flags) {
  auto filter = BuildFilter(flags.filter);
  if (!filter.ok()) return UsageError(ctx, filter.status().message());
  v1::ListTickets req;
  *req.mutable_filter() = *filter;
  req.set_limit(flags.limit);
  req.set_after_id(flags.after);
  ApiClient api(ctx.api_endpoint, ctx.timeout_ms);
  api.set_actor(ctx.actor);
  auto list = api.ListTickets(req);
  if (!list.ok()) return Fail(ctx, "tickets", list.status());
  if (ctx.json) {
    *ctx.out << MessageToJson(*list) << "\n";
    return kExitOk;
  }
  Table t({"NUMBER", "OPD", "STATUS", "URGENCY", "CHANNEL", "DELIVERY", "ROUTING", "RECEIVED"});
  for (const auto& k : list->tickets()) {
    std::string delivery = DeliveryName(k.delivery().state());
    if (k.delivery().attempts() > 0) delivery.append("/").append(std::to_string(k.delivery().attempts()));
    t.AddRow({k.number(), k.opd(), StatusName(k.status()), UrgencyName(k.urgency()), k.channel(), delivery,
              RoutingSummary(k.routing()), FormatTime(k.received_at_ms(), ctx)});
  }
  t.Print(*ctx.out);
  if (list->next_after_id() != 0) *ctx.out << "(more: --after " << list->next_after_id() << ")\n";
  return kExitOk;
}

int RunShow(const CliContext& ctx, const std::string& id_or_number, bool with_events) {
  ApiClient api(ctx.api_endpoint, ctx.timeout_ms);
  api.set_actor(ctx.actor);
  auto ref = ParseTicketRef(id_or_number);
  if (!ref.ok()) return UsageError(ctx, ref.status().message());
  auto reply = ref->id != 0 || ref->number.empty() ? api.GetTicket(ref->id, with_events)
                                                   : api.GetTicketByNumber(ref->number, with_events);
  if (!reply.ok()) {
    if (reply.status().code() == v1::NOT_FOUND) {
      return Fail(ctx, "", Status::NotFound("ticket " + id_or_number + " not found"));
    }
    return Fail(ctx, "show " + id_or_number, reply.status());
  }
  if (ctx.json) {
    *ctx.out << MessageToJson(*reply) << "\n";
    return kExitOk;
  }
  PrintTicket(ctx, *reply, with_events);
  return kExitOk;
}

int RunCount(const CliContext& ctx, const CountFlags& flags) {
  auto filter = BuildFilter(flags.filter);
  if (!filter.ok()) return UsageError(ctx, filter.status().message());
  auto by = ParseCountBy(flags.by);
  if (!by.ok()) return UsageError(ctx, by.status().message());
  v1::CountTickets req;
  *req.mutable_filter() = *filter;
  req.set_by(*by);
  ApiClient api(ctx.api_endpoint, ctx.timeout_ms);
  api.set_actor(ctx.actor);
  auto counts = api.CountTickets(req);
  if (!counts.ok()) return Fail(ctx, "count", counts.status());
  if (ctx.json) {
    *ctx.out << MessageToJson(*counts) << "\n";
    return kExitOk;
  }
  if (*by != v1::COUNT_TOTAL) {
    std::map<std::string, uint64_t> sorted(counts->groups().begin(), counts->groups().end());
    std::string header = flags.by;
    std::transform(header.begin(), header.end(), header.begin(),
                   [](unsigned char c) { return std::toupper(c); });
    Table t({header, "COUNT"});
    for (const auto& [k, n] : sorted) t.AddRow({k, std::to_string(n)});
    t.AddRow({"TOTAL", std::to_string(counts->total())});
    t.Print(*ctx.out);
  } else {
    *ctx.out << counts->total() << "\n";
  }
  return kExitOk;
}

}  // namespace aspirasi::cli
