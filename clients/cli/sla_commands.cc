// watch, alerts, alerts ack: what supervisors see of the SLA (issue 5).
#include <cstdio>

#include "clients/cli/commands.h"
#include "clients/cli/live_scope.h"
#include "clients/lib/api_client.h"
#include "clients/lib/draft_json.h"
#include "clients/lib/event_subscriber.h"

namespace aspirasi::cli {
namespace {

std::string ClockLabel(const std::string& clock) {
  if (clock == "first_response") return "respons pertama";
  if (clock == "next_response") return "respons berikutnya";
  if (clock == "resolution") return "penyelesaian";
  return clock.empty() ? "-" : clock;
}

std::string RoleLabel(const std::string& role) {
  if (role == "opd_supervisor") return "atasan OPD";
  if (role == "diskominfo") return "Diskominfo";
  if (role == "sekda") return "Sekda / Kepala Daerah";
  return role;
}

// The role an SLA event's detail names after "-> " (the broker writes "... -> diskominfo").
std::string RoleOf(const v1::Event& e) {
  auto pos = e.detail().rfind("-> ");
  return pos == std::string::npos ? std::string() : RoleLabel(e.detail().substr(pos + 3));
}

bool Watched(const v1::Event& e, uint32_t level_min) {
  switch (e.type()) {
    case v1::SLA_WARNING:
    case v1::SLA_BREACHED:
    case v1::SLA_ESCALATED:
      return e.level() >= level_min;
    case v1::REPLY_REJECTED:
    case v1::REPLY_UNCERTAIN:
      return level_min <= 1;
    default:
      return false;
  }
}

// One line in Bahasa Indonesia, e.g.
//   #118 12 Jan 2026 10:00 WIB  ESKALASI level 2 -> Diskominfo  NH-2026-000042 PUPR  respons pertama (batas
//   12 Jan 2026 09:00 WIB)
std::string WatchLine(const CliContext& ctx, const v1::Event& e) {
  std::string what;
  std::string role = RoleOf(e);
  switch (e.type()) {
    case v1::SLA_WARNING:
      what = "PERINGATAN";
      break;
    case v1::SLA_BREACHED:
      what = "LEWAT BATAS" + (role.empty() ? std::string() : " -> " + role);
      break;
    case v1::SLA_ESCALATED:
      what = "ESKALASI level " + std::to_string(e.level()) + (role.empty() ? std::string() : " -> " + role);
      break;
    case v1::REPLY_REJECTED:
      what = "BALASAN GAGAL";
      break;
    case v1::REPLY_UNCERTAIN:
      what = "BALASAN TIDAK PASTI";
      break;
    default:
      what = EventTypeName(e.type());
  }
  std::string line = "#" + std::to_string(e.seq()) + " " + FormatTime(e.at_ms(), ctx) + "  " + what + "  " +
                     (e.ticket_number().empty() ? "-" : e.ticket_number()) + " " +
                     (e.opd().empty() ? "-" : e.opd());
  if (e.type() == v1::SLA_WARNING || e.type() == v1::SLA_BREACHED || e.type() == v1::SLA_ESCALATED) {
    line += "  " + ClockLabel(e.clock());
    if (e.due_ms() > 0)
      line += " (" + std::string(e.type() == v1::SLA_WARNING ? "sejak " : "batas ") +
              FormatTime(e.due_ms(), ctx) + ")";
  } else {
    line += "  " + e.detail();
  }
  return line;
}

std::string AlertKind(const v1::Alert& a) {
  switch (a.type()) {
    case v1::SLA_WARNING:
      return "PERINGATAN";
    case v1::SLA_BREACHED:
      return "LEWAT BATAS";
    case v1::SLA_ESCALATED:
      return "ESKALASI " + std::to_string(a.level());
    default:
      return EventTypeName(a.type());
  }
}

}  // namespace

int RunWatch(const CliContext& ctx, const WatchFlags& flags, const std::atomic<bool>& stop) {
  auto scope = ResolveLiveScope(ctx, SplitList(flags.opds));
  if (!scope.ok()) return Fail(ctx, "watch", scope.status());
  EventSubscriber sub(ctx.api_endpoint, ctx.events_endpoint, scope->opds,
                      {.api_timeout_ms = ctx.timeout_ms, .actor = ctx.actor});
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
  ApiClient api(ctx.api_endpoint, ctx.timeout_ms);
  api.set_actor(ctx.actor);
  v1::Envelope env;
  auto* q = env.mutable_list_alerts();
  for (const auto& o : SplitList(flags.opds)) q->add_opds(o);
  q->set_open_only(!flags.all);
  q->set_level_min(flags.level);
  q->set_limit(flags.limit);
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
    *ctx.out << (flags.all ? "Tidak ada peringatan.\n" : "Tidak ada peringatan yang terbuka.\n");
    return kExitOk;
  }
  char head[200];
  std::snprintf(head, sizeof head, "%-6s %-14s %-16s %-12s %-18s %-22s %s", "ID", "JENIS", "TIKET", "OPD",
                "JAM", "BATAS", "STATUS");
  *ctx.out << head << "\n";
  for (const auto& a : list.alerts()) {
    std::string state = a.acked_ms() == 0 ? "terbuka" : "diterima " + a.acked_by();
    if (!a.note().empty()) state += " (" + a.note() + ")";
    char line[400];
    std::snprintf(line, sizeof line, "%-6llu %-14s %-16s %-12s %-18s %-22s %s",
                  static_cast<unsigned long long>(a.id()), AlertKind(a).c_str(), a.ticket_number().c_str(),
                  a.opd().c_str(), ClockLabel(a.clock()).c_str(), FormatTime(a.due_ms(), ctx).c_str(),
                  state.c_str());
    *ctx.out << line << "\n";
  }
  return kExitOk;
}

int RunAckAlert(const CliContext& ctx, uint64_t alert_id, const std::string& note) {
  if (ctx.actor.empty()) return UsageError(ctx, "alerts ack needs --as ADMIN (or $ASPIRASI_ADMIN)");
  ApiClient api(ctx.api_endpoint, ctx.timeout_ms);
  api.set_actor(ctx.actor);
  v1::Envelope env;
  env.mutable_ack_alert()->set_alert_id(alert_id);
  env.mutable_ack_alert()->set_note(note);
  auto reply = api.Call(std::move(env));
  if (!reply.ok()) return Fail(ctx, "alerts ack", reply.status());
  if (ctx.json) {
    *ctx.out << MessageToJson(reply->alert_acked()) << "\n";
    return kExitOk;
  }
  const v1::Alert& a = reply->alert_acked().alert();
  *ctx.out << "Peringatan " << a.id() << " (" << AlertKind(a) << ", " << a.ticket_number()
           << ") diterima oleh " << a.acked_by() << ".\n";
  return kExitOk;
}

}  // namespace aspirasi::cli
