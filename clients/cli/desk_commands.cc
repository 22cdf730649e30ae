// queue, claim, release, reply, note, transfer, ask, resolve, reopen, assign, templates: the
// OPD admins' work on the api endpoint, acting as --as ADMIN.
#include "clients/cli/commands.h"
#include "clients/cli/table.h"
#include "clients/lib/api_client.h"
#include "clients/lib/draft_json.h"
#include "common/clock.h"

namespace aspirasi::cli {
namespace {

// "2h 05m", "overdue 12m", "-" without a deadline.
std::string TimeLeft(int64_t due_ms, int64_t now_ms) {
  if (due_ms == 0) return "-";
  int64_t minutes = (due_ms - now_ms) / 60000;
  bool overdue = minutes < 0;
  minutes = std::abs(minutes);
  std::string text = minutes >= 60 * 24 ? std::to_string(minutes / (60 * 24)) + "d " +
                                              std::to_string(minutes % (60 * 24) / 60) + "h"
                     : minutes >= 60 ? std::to_string(minutes / 60) + "h " + (minutes % 60 < 10 ? "0" : "") +
                                           std::to_string(minutes % 60) + "m"
                                     : std::to_string(minutes) + "m";
  return overdue ? "overdue " + text : text;
}

// The first `max` characters of `text` on one line, cut on a UTF-8 boundary.
std::string Snippet(const std::string& text, std::size_t max) {
  std::string line = text;
  std::replace(line.begin(), line.end(), '\n', ' ');
  if (line.size() <= max) return line;
  std::size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
  return line.substr(0, cut) + "...";
}

std::string ClaimText(const v1::Ticket& t, int64_t now_ms) {
  if (t.claim().admin().empty() || t.claim().expires_at_ms() <= now_ms) return "-";
  return t.claim().admin() + " (" + TimeLeft(t.claim().expires_at_ms(), now_ms) + ")";
}

const char* Done(v1::DeskAction a) {
  switch (a) {
    case v1::DESK_CLAIM:
      return "claimed";
    case v1::DESK_RELEASE:
      return "released";
    case v1::DESK_REPLY:
      return "reply queued for the responder";
    case v1::DESK_NOTE:
      return "note added";
    case v1::DESK_TRANSFER:
      return "transferred";
    case v1::DESK_ASK:
      return "question queued for the responder; waiting for the citizen";
    case v1::DESK_RESOLVE:
      return "resolved";
    case v1::DESK_REOPEN:
      return "reopened";
    case v1::DESK_ASSIGN:
      return "assigned";
    default:
      return "done";
  }
}

bool NeedActor(const CliContext& ctx) {
  if (!ctx.actor.empty()) return true;
  UsageError(ctx, "desk commands act as an admin: give --as ADMIN (or set ASPIRASI_ADMIN)");
  return false;
}

}  // namespace

int RunQueue(const CliContext& ctx, const QueueFlags& flags) {
  if (!NeedActor(ctx)) return kExitUsage;
  ApiClient api(ctx.api_endpoint, ctx.timeout_ms);
  api.set_actor(ctx.actor);
  auto list = api.Queue(flags.opd, flags.limit);
  if (!list.ok()) return Fail(ctx, "queue " + flags.opd, list.status());
  if (ctx.json) {
    *ctx.out << MessageToJson(*list) << "\n";
    return kExitOk;
  }
  int64_t now = RealClock().NowMs();
  Table t({"NUMBER", "URGENCY", "STATUS", "CHANNEL", "FIRST RESPONSE", "CLAIMED BY", "RECEIVED", "MESSAGE"});
  for (const auto& k : list->tickets()) {
    t.AddRow({k.number(), UrgencyName(k.urgency()), StatusName(k.status()), k.channel(),
              TimeLeft(k.sla().first_responded_at_ms() ? 0 : k.sla().first_response_due_ms(), now),
              ClaimText(k, now), FormatTime(k.received_at_ms(), ctx),
              k.messages_size() > 0 ? Snippet(k.messages(0).text(), 40) : ""});
  }
  t.Print(*ctx.out);
  *ctx.out << list->tickets_size() << " open ticket(s) for " << flags.opd << "\n";
  return kExitOk;
}

int RunDesk(const CliContext& ctx, const std::string& ticket, v1::DeskCommand command) {
  if (!NeedActor(ctx)) return kExitUsage;
  auto ref = ParseTicketRef(ticket);
  if (!ref.ok()) return UsageError(ctx, ref.status().message());
  command.set_ticket_id(ref->id);
  command.set_number(ref->number);
  ApiClient api(ctx.api_endpoint, ctx.timeout_ms);
  api.set_actor(ctx.actor);
  auto result = api.Desk(command);
  if (!result.ok()) return Fail(ctx, "", result.status());
  if (ctx.json) {
    *ctx.out << MessageToJson(*result) << "\n";
    return kExitOk;
  }
  const v1::Ticket& t = result->ticket();
  *ctx.out << t.number() << ": " << Done(command.action());
  if (command.action() == v1::DESK_TRANSFER) *ctx.out << " to " << t.opd();
  if (command.action() == v1::DESK_CLAIM || command.action() == v1::DESK_ASSIGN) {
    *ctx.out << " by " << t.claim().admin() << " until " << FormatTime(t.claim().expires_at_ms(), ctx);
  }
  if (result->reply_id() != 0) *ctx.out << " (reply " << result->reply_id() << ")";
  *ctx.out << "; status " << StatusName(t.status()) << "\n";
  return kExitOk;
}

int RunTemplates(const CliContext& ctx, const std::string& opd) {
  ApiClient api(ctx.api_endpoint, ctx.timeout_ms);
  api.set_actor(ctx.actor);
  auto list = api.SavedReplies(opd);
  if (!list.ok()) return Fail(ctx, "templates", list.status());
  if (ctx.json) {
    *ctx.out << MessageToJson(*list) << "\n";
    return kExitOk;
  }
  Table t({"OPD", "NAME", "TEXT"});
  for (const auto& r : list->replies()) t.AddRow({r.opd(), r.name(), r.text()});
  t.Print(*ctx.out);
  return kExitOk;
}

}  // namespace aspirasi::cli
