// events: the event log, once or following it live.
#include <chrono>

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

// One line per event; aligned by fixed-width leading columns so a stream stays readable.
void PrintEvent(const CliContext& ctx, const v1::Event& e) {
  if (ctx.json) {
    *ctx.out << MessageToJson(e) << "\n";
  } else {
    std::string type = EventTypeName(ctx, e.type());
    std::string number = e.ticket_number().empty() ? "-" : e.ticket_number();
    std::string opd = e.opd().empty() ? "-" : e.opd();
    std::string status = StatusName(ctx, e.status());
    std::string text = i18n::EventText(e, ctx.lang, ZoneOf(ctx));
    // Padded by characters, not bytes (names may hold non-ASCII letters).
    auto pad = [](std::string s, std::size_t width) {
      std::size_t w = DisplayWidth(s);
      if (w < width) s.append(width - w, ' ');
      return s;
    };
    *ctx.out << pad(std::to_string(e.seq()), 8) << " " << FormatTime(e.at_ms(), ctx) << "  " << pad(type, 24)
             << " " << pad(number, 16) << " " << pad(opd, 12) << " " << pad(status, 15) << " "
             << (text.empty() ? "-" : text) << "\n";
  }
  ctx.out->flush();
}

}  // namespace

int RunEvents(const CliContext& ctx, const EventsFlags& flags, const std::atomic<bool>& stop) {
  std::vector<std::string> opds = SplitCodes(flags.opds);
  if (!flags.follow) {
    ApiClient api(ctx.api_endpoint, ctx.timeout_ms, nullptr, ctx.keys);
    api.set_actor(ctx.actor);
    uint64_t after = flags.since;
    uint64_t printed = 0;
    while (!stop) {
      auto list = api.ReadEvents(after, 5000, opds);
      if (!list.ok()) return Fail(ctx, "events", list.status());
      for (const auto& e : list->events()) {
        if (flags.limit != 0 && printed == flags.limit) return kExitOk;
        PrintEvent(ctx, e);
        after = e.seq();
        ++printed;
      }
      if (list->events_size() < 5000) break;  // everything up to last_seq is read
    }
    return kExitOk;
  }
  auto scope = ResolveLiveScope(ctx, std::move(opds));
  if (!scope.ok()) return Fail(ctx, "events", scope.status());
  EventSubscriber sub(ctx.api_endpoint, ctx.events_endpoint, scope->opds,
                      {.api_timeout_ms = ctx.timeout_ms, .actor = ctx.actor, .keys = ctx.keys});
  if (Status st = sub.Start(flags.since); !st.ok()) return Fail(ctx, "events", st);
  bool reported = false;
  while (!stop) {
    auto next = sub.Next(200);
    if (!next.ok()) {
      // The broker may be restarting: report once per outage and keep trying.
      if (!reported) Fail(ctx, "events", next.status());
      reported = true;
      continue;
    }
    reported = false;
    if (next->has_value()) PrintEvent(ctx, **next);
  }
  return kExitOk;
}

int RunPing(const CliContext& ctx) {
  ApiClient api(ctx.api_endpoint, ctx.timeout_ms, nullptr, ctx.keys);
  api.set_actor(ctx.actor);
  auto start = std::chrono::steady_clock::now();
  auto pong = api.Ping();
  double rtt_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  if (!pong.ok()) return Fail(ctx, "ping", pong.status());
  if (ctx.json) {
    std::string j = MessageToJson(*pong);
    char rtt[48];
    std::snprintf(rtt, sizeof rtt, "\"roundTripMs\":%.3f", rtt_ms);
    j.insert(j.size() - 1, std::string(j.size() > 2 ? "," : "") + rtt);
    *ctx.out << j << "\n";
    return kExitOk;
  }
  auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
  char rtt[32], skew[32];
  std::snprintf(rtt, sizeof rtt, "%.1f", rtt_ms);
  std::snprintf(skew, sizeof skew, "%+lld",
                static_cast<long long>(pong->now_ms() - (now_ms - static_cast<int64_t>(rtt_ms / 2))));
  *ctx.out << Tr(ctx, i18n::K("cli.pong"),
                 {{"endpoint", ctx.api_endpoint},
                  {"version", pong->broker_version()},
                  {"seq", pong->last_seq()},
                  {"rtt", rtt},
                  {"skew", skew}})
           << "\n";
  return kExitOk;
}

}  // namespace aspirasi::cli
