// tickets, show, count: read-only queries on the api endpoint.
#include <algorithm>
#include <map>

#include "clients/cli/commands.h"
#include "clients/cli/table.h"
#include "clients/lib/api_client.h"
#include "clients/lib/draft_json.h"
#include "common/i18n/catalogue.h"
#include "common/i18n/wire_text.h"

namespace aspirasi::cli {
namespace {

using i18n::K;

void PrintEventTable(const CliContext& ctx, const google::protobuf::RepeatedPtrField<v1::Event>& events) {
  Table t({Tr(ctx, K("cli.col.seq")), Tr(ctx, K("cli.col.time")), Tr(ctx, K("cli.col.event")),
           Tr(ctx, K("cli.col.status")), Tr(ctx, K("cli.col.actor")), Tr(ctx, K("cli.col.attempt")),
           Tr(ctx, K("cli.col.detail"))});
  for (const auto& e : events) {
    t.AddRow({std::to_string(e.seq()), FormatTime(e.at_ms(), ctx), EventTypeName(ctx, e.type()),
              StatusName(ctx, e.status()), e.actor(), e.attempt() != 0 ? std::to_string(e.attempt()) : "",
              i18n::EventText(e, ctx.lang, ZoneOf(ctx))});
  }
  t.Print(*ctx.out);
}

}  // namespace

void PrintTicket(const CliContext& ctx, const v1::TicketReply& reply, bool with_events) {
  const v1::Ticket& t = reply.ticket();
  std::ostream& out = *ctx.out;
  std::vector<std::pair<std::string, std::string>> rows;
  auto field = [&](i18n::Key name, const std::string& value) {
    rows.emplace_back(Tr(ctx, name), value.empty() ? "-" : value);
  };
  field(K("cli.field.number"), t.number());
  field(K("cli.field.id"), std::to_string(t.id()));
  field(K("cli.field.tenant"), t.tenant());
  field(K("cli.field.opd"), t.opd());
  field(K("cli.field.status"), StatusName(ctx, t.status()));
  field(K("cli.field.urgency"), UrgencyName(ctx, t.urgency()));
  field(K("cli.field.kind"), t.kind() == 0 ? "" : Named(ctx, "kind", v1::Kind_Name(t.kind())));
  field(K("cli.field.category"), t.category());
  field(K("cli.field.channel"),
        t.channel() + " (" + Tr(ctx, t.public_item() ? K("cli.public") : K("cli.private")) + ")");
  field(K("cli.field.account"), t.account());
  field(K("cli.field.source_key"), t.source_key());
  field(K("cli.field.routing"), RoutingSentence(ctx, t));
  if (!t.claim().admin().empty() && t.claim().expires_at_ms() > 0) {
    field(K("cli.field.claim"),
          Tr(ctx, K("cli.claim_until"),
             {{"admin", t.claim().admin()}, {"until", FormatTime(t.claim().expires_at_ms(), ctx)}}));
  }
  for (const auto& tr : t.transfers()) {
    field(K("cli.field.transfer"), Tr(ctx, K("cli.transfer_line"),
                                      {{"from", tr.from_opd()},
                                       {"to", tr.to_opd()},
                                       {"admin", tr.actor()},
                                       {"at", FormatTime(tr.at_ms(), ctx)},
                                       {"reason", tr.reason()}}));
  }
  const v1::Sla& sla = t.sla();
  if (sla.first_response_due_ms() > 0 || sla.resolution_due_ms() > 0) {
    std::string first =
        sla.first_responded_at_ms() > 0
            ? Tr(ctx, K("cli.sla.answered_at"), {{"at", FormatTime(sla.first_responded_at_ms(), ctx)}})
            : FormatTime(sla.first_response_due_ms(), ctx);
    field(K("cli.field.sla_first"), first);
    if (sla.next_response_due_ms() > 0)
      field(K("cli.field.sla_next"), FormatTime(sla.next_response_due_ms(), ctx));
    if (sla.resolution_due_ms() > 0)
      field(K("cli.field.sla_resolution"), FormatTime(sla.resolution_due_ms(), ctx));
  }
  if (t.status() == v1::WAITING_CITIZEN) {
    field(K("cli.field.waiting"),
          sla.waiting_until_ms() > 0
              ? Tr(ctx, K("cli.waiting_until"),
                   {{"since", FormatTime(sla.paused_at_ms(), ctx)},
                    {"until", FormatTime(sla.waiting_until_ms(), ctx)}})
              : Tr(ctx, K("cli.waiting_since"), {{"since", FormatTime(sla.paused_at_ms(), ctx)}}));
  }
  if (t.attention_reply_id() != 0) {
    field(K("cli.field.attention"), Tr(ctx, K("cli.attention_reply"), {{"reply", t.attention_reply_id()}}));
  }
  if (!t.resolution().empty() || !t.resolution_code().empty()) {
    std::string what =
        t.resolution().empty() ? Named(ctx, "resolution_code", t.resolution_code()) : t.resolution();
    field(K("cli.field.resolution"), what + " (" + FormatTime(t.resolved_at_ms(), ctx) + ")");
  }
  std::string delivery = DeliveryName(ctx, t.delivery().state());
  if (t.delivery().attempts() > 0)
    delivery += ", " + Tr(ctx, K("cli.failed_attempts"), {{"n", t.delivery().attempts()}});
  if (!t.delivery().worker().empty())
    delivery += ", " + Tr(ctx, K("cli.by"), {{"who", t.delivery().worker()}});
  if (!t.delivery().last_error().empty())
    delivery += ", " + Tr(ctx, K("cli.last_error"), {{"error", t.delivery().last_error()}});
  field(K("cli.field.delivery"), delivery);
  field(K("cli.field.received"), FormatTime(t.received_at_ms(), ctx));
  field(K("cli.field.created"), FormatTime(t.created_at_ms(), ctx));
  field(K("cli.field.updated"), FormatTime(t.updated_at_ms(), ctx));
  field(K("cli.field.messages"), std::to_string(t.messages_size()));
  if (t.personal_data_erased_at_ms() > 0)
    field(K("cli.field.personal_data"), Tr(ctx, K("cli.personal_data_erased_at"),
                                           {{"at", FormatTime(t.personal_data_erased_at_ms(), ctx)}}));
  std::size_t width = 0;
  for (const auto& [name, value] : rows) width = std::max(width, DisplayWidth(name));
  for (const auto& [name, value] : rows)
    out << name << std::string(width + 2 - DisplayWidth(name), ' ') << value << "\n";
  // The text is what an operator opens a ticket for; author names and platform ids stay out
  // of the plain output (use --json for the whole record).
  for (const auto& m : t.messages()) {
    out << "  #" << m.seq() << " "
        << (m.direction() == 0 ? "-" : Named(ctx, "direction", v1::MessageDirection_Name(m.direction())))
        << " " << FormatTime(m.at_ms(), ctx);
    if (m.withdrawn()) out << " [" << Tr(ctx, K("cli.msg.withdrawn")) << "]";
    if (m.revisions_size() > 0)
      out << " [" << Tr(ctx, K("cli.msg.edited"), {{"n", m.revisions_size()}}) << "]";
    if (m.attachments_size() > 0)
      out << " [" << Tr(ctx, K("cli.msg.attachments"), {{"n", m.attachments_size()}}) << "]";
    if (m.direction() == v1::OUTBOUND) {
      std::string kind =
          m.reply_kind() == 0 ? "-" : Named(ctx, "reply_kind", i18n::ReplyKindName(m.reply_kind()));
      out << " ["
          << Tr(ctx, K("cli.msg.reply"),
                {{"kind", kind},
                 {"who", m.author().platform_id().empty() ? "broker" : m.author().platform_id()},
                 {"reply", m.reply_id()},
                 {"state", Named(ctx, "reply_state", v1::ReplyState_Name(m.reply_state()))}});
      if (!m.template_name().empty())
        out << ", " << Tr(ctx, K("cli.msg.template"), {{"template", m.template_name()}});
      if (!m.platform_message_id().empty())
        out << ", " << Tr(ctx, K("cli.msg.platform_id"), {{"id", m.platform_message_id()}});
      if (!m.reply_error().empty()) out << ", " << m.reply_error();
      out << "]";
    }
    if (m.direction() == v1::NOTE)
      out << " [" << Tr(ctx, K("cli.msg.note_by"), {{"who", m.author().platform_id()}}) << "]";
    out << "\n";
    if (!m.text().empty()) out << "     " << m.text() << "\n";
  }
  if (with_events) {
    out << Tr(ctx, K("cli.field.events")) << " " << reply.events_size() << "\n";
    PrintEventTable(ctx, reply.events());
  }
}

int RunTickets(const CliContext& ctx, const TicketsFlags& flags) {
  auto filter = BuildFilter(flags.filter);
  if (!filter.ok()) return UsageError(ctx, filter.status());
  v1::ListTickets req;
  *req.mutable_filter() = *filter;
  req.set_limit(flags.limit);
  req.set_after_id(flags.after);
  ApiClient api(ctx.api_endpoint, ctx.timeout_ms, nullptr, ctx.keys);
  api.set_actor(ctx.actor);
  auto list = api.ListTickets(req);
  if (!list.ok()) return Fail(ctx, "tickets", list.status());
  if (ctx.json) {
    *ctx.out << MessageToJson(*list) << "\n";
    return kExitOk;
  }
  Table t({Tr(ctx, K("cli.col.number")), Tr(ctx, K("cli.col.opd")), Tr(ctx, K("cli.col.status")),
           Tr(ctx, K("cli.col.urgency")), Tr(ctx, K("cli.col.channel")), Tr(ctx, K("cli.col.delivery")),
           Tr(ctx, K("cli.col.routing")), Tr(ctx, K("cli.col.received"))});
  for (const auto& k : list->tickets()) {
    std::string delivery = DeliveryName(ctx, k.delivery().state());
    if (k.delivery().attempts() > 0) delivery.append("/").append(std::to_string(k.delivery().attempts()));
    t.AddRow({k.number(), k.opd(), StatusName(ctx, k.status()), UrgencyName(ctx, k.urgency()), k.channel(),
              delivery, RoutingSummary(ctx, k.routing()), FormatTime(k.received_at_ms(), ctx)});
  }
  t.Print(*ctx.out);
  if (list->next_after_id() != 0)
    *ctx.out << Tr(ctx, K("cli.more"), {{"after", list->next_after_id()}}) << "\n";
  return kExitOk;
}

int RunShow(const CliContext& ctx, const std::string& id_or_number, bool with_events) {
  ApiClient api(ctx.api_endpoint, ctx.timeout_ms, nullptr, ctx.keys);
  api.set_actor(ctx.actor);
  auto ref = ParseTicketRef(id_or_number);
  if (!ref.ok()) return UsageError(ctx, ref.status());
  auto reply = ref->id != 0 || ref->number.empty() ? api.GetTicket(ref->id, with_events)
                                                   : api.GetTicketByNumber(ref->number, with_events);
  if (!reply.ok()) return Fail(ctx, "", reply.status());
  if (ctx.json) {
    *ctx.out << MessageToJson(*reply) << "\n";
    return kExitOk;
  }
  PrintTicket(ctx, *reply, with_events);
  return kExitOk;
}

int RunCount(const CliContext& ctx, const CountFlags& flags) {
  auto filter = BuildFilter(flags.filter);
  if (!filter.ok()) return UsageError(ctx, filter.status());
  auto by = ParseCountBy(flags.by);
  if (!by.ok()) return UsageError(ctx, by.status());
  v1::CountTickets req;
  *req.mutable_filter() = *filter;
  req.set_by(*by);
  ApiClient api(ctx.api_endpoint, ctx.timeout_ms, nullptr, ctx.keys);
  api.set_actor(ctx.actor);
  auto counts = api.CountTickets(req);
  if (!counts.ok()) return Fail(ctx, "count", counts.status());
  if (ctx.json) {
    *ctx.out << MessageToJson(*counts) << "\n";
    return kExitOk;
  }
  if (*by != v1::COUNT_TOTAL) {
    std::map<std::string, uint64_t> sorted(counts->groups().begin(), counts->groups().end());
    i18n::Key header = *by == v1::COUNT_BY_OPD       ? K("cli.col.opd")
                       : *by == v1::COUNT_BY_STATUS  ? K("cli.col.status")
                       : *by == v1::COUNT_BY_URGENCY ? K("cli.col.urgency")
                                                     : K("cli.col.channel");
    Table t({Tr(ctx, header), Tr(ctx, K("cli.col.count"))});
    for (const auto& [k, n] : sorted) {
      std::string name = k;
      if (*by == v1::COUNT_BY_STATUS) name = Named(ctx, "status", k);
      if (*by == v1::COUNT_BY_URGENCY) name = Named(ctx, "urgency", k);
      t.AddRow({name, std::to_string(n)});
    }
    t.AddRow({Tr(ctx, K("cli.total")), std::to_string(counts->total())});
    t.Print(*ctx.out);
  } else {
    *ctx.out << counts->total() << "\n";
  }
  return kExitOk;
}

}  // namespace aspirasi::cli
