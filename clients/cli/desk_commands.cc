// queue, claim, release, reply, note, transfer, ask, resolve, reopen, assign, templates: the
// OPD admins' work on the api endpoint, acting as --as ADMIN.
#include "clients/cli/commands.h"
#include "clients/cli/table.h"
#include "clients/lib/api_client.h"
#include "clients/lib/draft_json.h"
#include "common/clock.h"
#include "common/i18n/catalogue.h"
#include "common/utf8.h"

namespace aspirasi::cli {
namespace {

using i18n::K;

// "2j 05m", "lewat 12m" ("2h 05m", "overdue 12m"), "-" without a deadline.
std::string TimeLeft(const CliContext& ctx, int64_t due_ms, int64_t now_ms) {
  if (due_ms == 0) return "-";
  int64_t minutes = (due_ms - now_ms) / 60000;
  bool overdue = minutes < 0;
  minutes = std::abs(minutes);
  std::string text;
  if (minutes >= 60 * 24) {
    text = Tr(ctx, K("cli.dur.days_hours"), {{"d", minutes / (60 * 24)}, {"h", minutes % (60 * 24) / 60}});
  } else if (minutes >= 60) {
    text = Tr(ctx, K("cli.dur.hours_minutes"),
              {{"h", minutes / 60},
               {"m", std::string(minutes % 60 < 10 ? "0" : "") + std::to_string(minutes % 60)}});
  } else {
    text = Tr(ctx, K("cli.dur.minutes"), {{"m", minutes}});
  }
  return overdue ? Tr(ctx, K("cli.dur.overdue"), {{"d", text}}) : text;
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

std::string ClaimText(const CliContext& ctx, const v1::Ticket& t, int64_t now_ms) {
  if (t.claim().admin().empty() || t.claim().expires_at_ms() <= now_ms) return "-";
  return t.claim().admin() + " (" + TimeLeft(ctx, t.claim().expires_at_ms(), now_ms) + ")";
}

// What the queue's first-response column shows: the countdown, answered, or waiting.
std::string ClockText(const CliContext& ctx, const v1::Ticket& t, int64_t now_ms) {
  if (t.status() == v1::WAITING_CITIZEN) {
    return t.sla().waiting_until_ms() > 0 ? Tr(ctx, K("cli.queue.waiting_until"),
                                               {{"left", TimeLeft(ctx, t.sla().waiting_until_ms(), now_ms)}})
                                          : Tr(ctx, K("cli.queue.waiting"));
  }
  if (t.sla().next_response_due_ms() > 0) return TimeLeft(ctx, t.sla().next_response_due_ms(), now_ms);
  if (t.sla().first_responded_at_ms() > 0) return Tr(ctx, K("cli.queue.answered"));
  return TimeLeft(ctx, t.sla().first_response_due_ms(), now_ms);
}

// The marks a ticket needs in the queue: a reply that failed or may not have arrived.
std::string Marks(const CliContext& ctx, const v1::Ticket& t) {
  if (t.attention_reply_id() == 0) return "";
  for (const auto& m : t.messages()) {
    if (m.reply_id() != t.attention_reply_id()) continue;
    return m.reply_state() == v1::REPLY_UNCONFIRMED ? Tr(ctx, K("cli.queue.mark_uncertain"))
                                                    : Tr(ctx, K("cli.queue.mark_failed"));
  }
  return Tr(ctx, K("cli.queue.mark_failed"));
}

std::string Done(const CliContext& ctx, v1::DeskAction a) {
  switch (a) {
    case v1::DESK_CLAIM:
      return Tr(ctx, K("cli.done.claim"));
    case v1::DESK_RELEASE:
      return Tr(ctx, K("cli.done.release"));
    case v1::DESK_REPLY:
      return Tr(ctx, K("cli.done.reply"));
    case v1::DESK_NOTE:
      return Tr(ctx, K("cli.done.note"));
    case v1::DESK_TRANSFER:
      return Tr(ctx, K("cli.done.transfer"));
    case v1::DESK_ASK:
      return Tr(ctx, K("cli.done.ask"));
    case v1::DESK_RESOLVE:
      return Tr(ctx, K("cli.done.resolve"));
    case v1::DESK_REOPEN:
      return Tr(ctx, K("cli.done.reopen"));
    case v1::DESK_ASSIGN:
      return Tr(ctx, K("cli.done.assign"));
    default:
      return Tr(ctx, K("cli.done.other"));
  }
}

bool NeedActor(const CliContext& ctx) {
  if (!ctx.actor.empty()) return true;
  UsageError(ctx, Tr(ctx, K("cli.need_actor")));
  return false;
}

}  // namespace

int RunQueue(const CliContext& ctx, const QueueFlags& flags) {
  if (!NeedActor(ctx)) return kExitUsage;
  ApiClient api(ctx.api_endpoint, ctx.timeout_ms, nullptr, ctx.keys);
  api.set_actor(ctx.actor);
  std::vector<std::string> opd = SplitCodes({flags.opd});
  auto list = api.Queue(opd.empty() ? "" : opd.front(), flags.limit);
  if (!list.ok()) return Fail(ctx, "queue", list.status());
  if (ctx.json) {
    *ctx.out << MessageToJson(*list) << "\n";
    return kExitOk;
  }
  // Time left is counted on the broker's clock, not this machine's.
  auto pong = api.Ping();
  int64_t now = pong.ok() ? pong->now_ms() : RealClock().NowMs();
  Table t({Tr(ctx, K("cli.col.number")), Tr(ctx, K("cli.col.urgency")), Tr(ctx, K("cli.col.status")),
           Tr(ctx, K("cli.col.channel")), Tr(ctx, K("cli.col.deadline")), Tr(ctx, K("cli.col.claimed_by")),
           Tr(ctx, K("cli.col.received")), Tr(ctx, K("cli.col.attention")), Tr(ctx, K("cli.col.message"))});
  std::string shown_opd = opd.empty() ? "" : opd.front();
  for (const auto& k : list->tickets()) {
    shown_opd = k.opd();
    t.AddRow({k.number(), UrgencyName(ctx, k.urgency()), StatusName(ctx, k.status()), k.channel(),
              ClockText(ctx, k, now), ClaimText(ctx, k, now), FormatTime(k.received_at_ms(), ctx),
              Marks(ctx, k), k.messages_size() > 0 ? Snippet(k.messages(0).text(), 40) : ""});
  }
  if (shown_opd.empty() && pong.ok()) {
    // An empty queue names no OPD of its own: name the actor's (the broker's answer to its ping).
    for (const auto& o : pong->opds()) shown_opd += (shown_opd.empty() ? "" : ", ") + o;
  }
  t.Print(*ctx.out);
  if (shown_opd.empty()) {
    *ctx.out << Tr(ctx, K("cli.queue.summary_all"), {{"n", list->tickets_size()}}) << "\n";
  } else {
    *ctx.out << Tr(ctx, K("cli.queue.summary"), {{"n", list->tickets_size()}, {"opd", shown_opd}}) << "\n";
  }
  return kExitOk;
}

int RunDesk(const CliContext& ctx, const std::string& ticket, v1::DeskCommand command) {
  if (!NeedActor(ctx)) return kExitUsage;
  auto ref = ParseTicketRef(ticket);
  if (!ref.ok()) return UsageError(ctx, ref.status());
  for (const std::string* text : {&command.text(), &command.reason()}) {
    if (!IsValidUtf8(*text)) return UsageError(ctx, Tr(ctx, K("cli.not_utf8")));
  }
  command.set_ticket_id(ref->id);
  command.set_number(ref->number);
  ApiClient api(ctx.api_endpoint, ctx.timeout_ms, nullptr, ctx.keys);
  api.set_actor(ctx.actor);
  auto result = api.Desk(command);
  if (!result.ok()) return Fail(ctx, "", result.status());
  if (ctx.json) {
    *ctx.out << MessageToJson(*result) << "\n";
    return kExitOk;
  }
  const v1::Ticket& t = result->ticket();
  *ctx.out << t.number() << ": " << Done(ctx, command.action());
  if (command.action() == v1::DESK_TRANSFER) *ctx.out << " " << Tr(ctx, K("cli.done.to"), {{"opd", t.opd()}});
  if (command.action() == v1::DESK_CLAIM || command.action() == v1::DESK_ASSIGN) {
    *ctx.out << " "
             << Tr(ctx, K("cli.done.by_until"),
                   {{"admin", t.claim().admin()}, {"until", FormatTime(t.claim().expires_at_ms(), ctx)}});
  }
  if (result->reply_id() != 0)
    *ctx.out << " (" << Tr(ctx, K("cli.done.reply_id"), {{"reply", result->reply_id()}}) << ")";
  *ctx.out << "; " << Tr(ctx, K("cli.done.status"), {{"status", StatusName(ctx, t.status())}}) << "\n";
  if (!result->template_name().empty()) {
    *ctx.out << Tr(ctx, K("cli.done.template_only"),
                   {{"channel", t.channel()}, {"template", result->template_name()}})
             << "\n";
  }
  return kExitOk;
}

int RunTemplates(const CliContext& ctx, const std::string& opd) {
  ApiClient api(ctx.api_endpoint, ctx.timeout_ms, nullptr, ctx.keys);
  api.set_actor(ctx.actor);
  std::vector<std::string> code = SplitCodes({opd});
  auto list = api.SavedReplies(code.empty() ? "" : code.front());
  if (!list.ok()) return Fail(ctx, "templates", list.status());
  if (ctx.json) {
    *ctx.out << MessageToJson(*list) << "\n";
    return kExitOk;
  }
  Table t({Tr(ctx, K("cli.col.opd")), Tr(ctx, K("cli.col.name")), Tr(ctx, K("cli.col.text"))});
  for (const auto& r : list->replies()) t.AddRow({r.opd(), r.name(), r.text()});
  t.Print(*ctx.out);
  return kExitOk;
}

}  // namespace aspirasi::cli
