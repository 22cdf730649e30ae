// watch, alerts, alerts ack: what supervisors see of the SLA and of replies that went wrong.
// An alert has one number everywhere: `watch` prints it ("#9"), `alerts` lists it, `alerts ack 9`
// takes it.
#include <cstdio>

#include "clients/cli/commands.h"
#include "clients/cli/live_scope.h"
#include "clients/cli/table.h"
#include "clients/lib/api_client.h"
#include "clients/lib/draft_json.h"
#include "clients/lib/event_subscriber.h"
#include "common/i18n/catalogue.h"
#include "common/i18n/wire_text.h"

namespace aspirasi::cli {
namespace {

using i18n::K;

bool Watched(const v1::Event& e, uint32_t level_min) {
  switch (e.type()) {
    case v1::SLA_WARNING:
    case v1::SLA_BREACHED:
    case v1::SLA_ESCALATED:
    case v1::ALERT_ACKNOWLEDGED:
    case v1::ALERT_CLOSED:
      return e.level() >= level_min;
    case v1::REPLY_REJECTED:
    case v1::REPLY_UNCERTAIN:
      return level_min == 0;
    default:
      return false;
  }
}

std::string RoleText(const CliContext& ctx, const std::string& role) {
  return role.empty() ? "" : " -> " + Named(ctx, "role", role);
}

// What kind of alert, in capitals: "PERINGATAN", "LEWAT BATAS -> atasan OPD", "ESKALASI 2 -> ...".
std::string Kind(const CliContext& ctx, v1::EventType type, uint32_t level, const std::string& role) {
  switch (type) {
    case v1::SLA_WARNING:
      return Tr(ctx, K("cli.alert.warning"));
    case v1::SLA_BREACHED:
      return Tr(ctx, K("cli.alert.breach")) + RoleText(ctx, role);
    case v1::SLA_ESCALATED:
      return Tr(ctx, K("cli.alert.escalation"), {{"level", level}}) + RoleText(ctx, role);
    case v1::REPLY_REJECTED:
      return Tr(ctx, K("cli.alert.reply_failed"));
    case v1::REPLY_UNCERTAIN:
      return Tr(ctx, K("cli.alert.reply_uncertain"));
    default:
      return EventTypeName(ctx, type);
  }
}

// One line, e.g.
//   #9 2026-01-12 10:00:00 WIB  ESKALASI 2 -> Diskominfo  NH-2026-000042 PUPR  respons pertama
//   (batas 2026-01-12 09:00:00 WIB)
std::string WatchLine(const CliContext& ctx, const v1::Event& e) {
  std::string what;
  if (e.type() == v1::ALERT_ACKNOWLEDGED) {
    what = Tr(ctx, K("cli.alert.acked_line"));
  } else if (e.type() == v1::ALERT_CLOSED) {
    what = Tr(ctx, K("cli.alert.closed_line"));
  } else {
    what = Kind(ctx, e.type(), e.level(), e.role());
  }
  std::string line = "#" + std::to_string(e.alert_id()) + " " + FormatTime(e.at_ms(), ctx) + "  " + what +
                     "  " + (e.ticket_number().empty() ? "-" : e.ticket_number()) + " " +
                     (e.opd().empty() ? "-" : e.opd());
  if (e.type() == v1::SLA_WARNING || e.type() == v1::SLA_BREACHED || e.type() == v1::SLA_ESCALATED) {
    line += "  " + Named(ctx, "clock", e.clock());
    if (e.due_ms() > 0) {
      line += " (" +
              Tr(ctx, e.type() == v1::SLA_WARNING ? K("cli.alert.since") : K("cli.alert.due"),
                 {{"at", FormatTime(e.due_ms(), ctx)}}) +
              ")";
    }
  } else {
    line += "  " + i18n::EventText(e, ctx.lang, ZoneOf(ctx));
  }
  return line;
}

// Who an alert is for: the role and its names, or the OPD's desk.
std::string ForWhom(const CliContext& ctx, const v1::Alert& a) {
  if (a.role().empty()) return Tr(ctx, K("cli.alert.for_desk"), {{"opd", a.opd()}});
  return Named(ctx, "role", a.role());
}

std::string State(const CliContext& ctx, const v1::Alert& a) {
  std::string state;
  if (a.acked_ms() != 0) {
    state = Tr(ctx, K("cli.alert.state_acked"), {{"by", a.acked_by()}});
  } else if (a.closed_ms() != 0) {
    state = Tr(ctx, K("cli.alert.state_closed"), {{"reason", Named(ctx, "alert_reason", a.closed_reason())}});
  } else {
    state = Tr(ctx, K("cli.alert.state_open"));
  }
  if (!a.note().empty()) state += " (" + a.note() + ")";
  return state;
}

}  // namespace

int RunWatch(const CliContext& ctx, const WatchFlags& flags, const std::atomic<bool>& stop) {
  auto scope = ResolveLiveScope(ctx, SplitCodes(flags.opds));
  if (!scope.ok()) return Fail(ctx, "watch", scope.status());
  EventSubscriber sub(ctx.api_endpoint, ctx.events_endpoint, scope->opds,
                      {.api_timeout_ms = ctx.timeout_ms, .actor = ctx.actor, .keys = ctx.keys});
  uint64_t since = flags.since;
  if (!flags.all && since == 0) since = scope->last_seq;  // from now on, unless asked for the history
  if (Status st = sub.Start(since); !st.ok()) return Fail(ctx, "watch", st);
  bool reported = false;
  while (!stop) {
    auto next = sub.Next(200);
    if (!next.ok()) {
      if (!reported) Fail(ctx, "watch", next.status());  // the broker may be restarting
      reported = true;
      continue;
    }
    reported = false;
    if (!next->has_value() || !Watched(**next, flags.level)) continue;
    if (ctx.json) {
      *ctx.out << MessageToJson(**next) << "\n";
    } else {
      *ctx.out << WatchLine(ctx, **next) << "\n";
    }
    ctx.out->flush();
  }
  return kExitOk;
}

int RunAlerts(const CliContext& ctx, const AlertsFlags& flags) {
  if (flags.mine && ctx.actor.empty()) return UsageError(ctx, Tr(ctx, K("cli.alerts.mine_needs_actor")));
  ApiClient api(ctx.api_endpoint, ctx.timeout_ms, nullptr, ctx.keys);
  api.set_actor(ctx.actor);
  v1::Envelope env;
  auto* q = env.mutable_list_alerts();
  for (const auto& o : SplitCodes(flags.opds)) q->add_opds(o);
  q->set_open_only(!flags.all);
  q->set_level_min(flags.level);
  q->set_limit(flags.limit);
  q->set_mine(flags.mine);
  auto reply = api.Call(std::move(env));
  if (!reply.ok()) return Fail(ctx, "alerts", reply.status());
  if (!reply->has_alert_list())
    return Fail(ctx, "alerts", Status::Internal("the broker did not answer with alert_list"));
  const v1::AlertList& list = reply->alert_list();
  if (ctx.json) {
    *ctx.out << MessageToJson(list) << "\n";
    return kExitOk;
  }
  if (list.alerts_size() == 0) {
    *ctx.out << Tr(ctx, flags.all ? K("cli.alerts.none") : K("cli.alerts.none_open")) << "\n";
    return kExitOk;
  }
  Table t({Tr(ctx, K("cli.col.id")), Tr(ctx, K("cli.col.kind")), Tr(ctx, K("cli.col.ticket")),
           Tr(ctx, K("cli.col.opd")), Tr(ctx, K("cli.col.clock")), Tr(ctx, K("cli.col.deadline")),
           Tr(ctx, K("cli.col.for")), Tr(ctx, K("cli.col.state"))});
  for (const auto& a : list.alerts()) {
    t.AddRow({std::to_string(a.id()), Kind(ctx, a.type(), a.level(), ""), a.ticket_number(), a.opd(),
              a.clock().empty()
                  ? (a.reply_id() != 0 ? Tr(ctx, K("cli.done.reply_id"), {{"reply", a.reply_id()}}) : "-")
                  : Named(ctx, "clock", a.clock()),
              a.due_ms() != 0 ? FormatTime(a.due_ms(), ctx) : "-", ForWhom(ctx, a), State(ctx, a)});
  }
  t.Print(*ctx.out);
  return kExitOk;
}

int RunAckAlert(const CliContext& ctx, uint64_t alert_id, const std::string& note) {
  if (ctx.actor.empty()) return UsageError(ctx, Tr(ctx, K("cli.alerts.ack_needs_actor")));
  ApiClient api(ctx.api_endpoint, ctx.timeout_ms, nullptr, ctx.keys);
  api.set_actor(ctx.actor);
  v1::Envelope env;
  env.mutable_ack_alert()->set_alert_id(alert_id);
  env.mutable_ack_alert()->set_note(note);
  auto reply = api.Call(std::move(env));
  if (!reply.ok()) return Fail(ctx, "", reply.status());
  if (ctx.json) {
    *ctx.out << MessageToJson(reply->alert_acked()) << "\n";
    return kExitOk;
  }
  const v1::Alert& a = reply->alert_acked().alert();
  *ctx.out << Tr(ctx, K("cli.alerts.acked"),
                 {{"alert", a.id()},
                  {"kind", Kind(ctx, a.type(), a.level(), a.role())},
                  {"ticket", a.ticket_number()},
                  {"by", a.acked_by()}})
           << "\n";
  return kExitOk;
}

}  // namespace aspirasi::cli
