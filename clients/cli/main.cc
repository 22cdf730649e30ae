// aspirasi: the operator's command line for the Aspirasi broker.
//   aspirasi [--config FILE | --ingest EP --api EP --events EP] [--timeout MS] [--json] COMMAND ...
// Exit codes: 0 success, 1 failure, 2 usage error.
#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <tuple>

#include "clients/cli/cli_context.h"
#include "clients/cli/commands.h"

namespace {

std::atomic<bool> g_stop{false};
void OnSignal(int) { g_stop = true; }

void AddFilterOptions(CLI::App* cmd, aspirasi::cli::FilterFlags* f) {
  cmd->add_option("--opd", f->opds, "only these OPD codes (repeat or comma-separate)");
  cmd->add_option("--status", f->statuses, "only these statuses, e.g. NEW,OPEN");
  cmd->add_option("--urgency", f->urgencies, "only these urgencies: BIASA, SEGERA, SANGAT_SEGERA");
  cmd->add_option("--channel", f->channels, "only these channels, e.g. facebook,whatsapp");
  cmd->add_option("--delivery", f->delivery, "only these delivery states: PENDING, DELIVERED, DEAD_LETTER");
  cmd->add_option("--text", f->text, "case-insensitive substring of any message text");
}

}  // namespace

int main(int argc, char** argv) {
  using namespace aspirasi::cli;
  namespace v1 = aspirasi::v1;
  CLI::App app{"aspirasi: query and feed the Aspirasi broker"};
  app.name("aspirasi");
  app.require_subcommand(1);
  app.fallthrough();

  EndpointFlags endpoints;
  CliContext ctx;
  app.add_option("--config", endpoints.config_path,
                 "TOML configuration to read the broker endpoints from (default: $ASPIRASI_CONFIG)");
  // The last of repeated global options wins, so wrappers can append overrides.
  app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  app.add_option("--ingest", endpoints.ingest, "ingest endpoint (overrides the config)");
  app.add_option("--api", endpoints.api, "api endpoint (overrides the config)");
  app.add_option("--events", endpoints.events, "events endpoint (overrides the config)");
  app.add_option("--timeout", ctx.timeout_ms, "request timeout in milliseconds")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600000));
  app.add_flag("--json", ctx.json, "print JSON (one object per line) instead of tables");
  app.add_option("--as", ctx.actor, "act as this admin (an [[admin]] id; default: $ASPIRASI_ADMIN)");

  SubmitFlags submit;
  auto* submit_cmd =
      app.add_subcommand("submit", "submit tickets from JSON (a Submit, a TicketDraft, or an array)");
  submit_cmd->add_option("file", submit.file, "JSON file, or - for standard input")->capture_default_str();
  submit_cmd->add_option("--key", submit.key, "idempotency key for a single bare draft (default: derived)");
  submit_cmd
      ->add_option("--deadline", submit.deadline_ms,
                   "keep re-sending unacked submits this long, ms (default 3 x timeout)")
      ->check(CLI::NonNegativeNumber);

  TicketsFlags tickets;
  auto* tickets_cmd = app.add_subcommand("tickets", "list tickets (no personal data except with --json)");
  AddFilterOptions(tickets_cmd, &tickets.filter);
  tickets_cmd->add_option("--limit", tickets.limit, "at most this many (the broker caps at 1000)")
      ->capture_default_str();
  tickets_cmd->add_option("--after", tickets.after, "only tickets with id greater than this (paging)");

  std::string show_id;
  bool show_events = false;
  auto* show_cmd = app.add_subcommand("show", "show one ticket");
  show_cmd->add_option("ticket", show_id, "ticket id or number, e.g. 42 or NH-2026-000042")->required();
  show_cmd->add_flag("--events", show_events, "also list the ticket's events");

  EventsFlags events;
  auto* events_cmd = app.add_subcommand("events", "print the event log");
  events_cmd->add_option("--since", events.since, "events with seq greater than this")->capture_default_str();
  events_cmd->add_flag("--follow,-f", events.follow, "keep following new events until interrupted");
  events_cmd->add_option("--opd", events.opds, "only these OPD codes");
  events_cmd->add_option("--limit", events.limit, "without --follow: at most this many");

  CountFlags count;
  auto* count_cmd = app.add_subcommand("count", "count tickets, in total or by a field");
  AddFilterOptions(count_cmd, &count.filter);
  count_cmd->add_option("--by", count.by, "opd, status, urgency or channel");

  auto* ping_cmd = app.add_subcommand("ping", "check that the broker answers");

  // ---- the OPD desks
  QueueFlags queue;
  auto* queue_cmd = app.add_subcommand("queue", "an OPD's open tickets, most urgent first (needs --as)");
  queue_cmd->add_option("--opd", queue.opd, "OPD code")->required();
  queue_cmd->add_option("--limit", queue.limit, "at most this many")->capture_default_str();

  struct DeskCli {
    CLI::App* cmd;
    v1::DeskAction action;
  };
  std::vector<DeskCli> desk_cmds;
  std::string desk_ticket;
  v1::DeskCommand desk;
  std::string text, template_name, to, reason;
  auto desk_cmd = [&](const char* name, const char* help, v1::DeskAction action) {
    auto* c = app.add_subcommand(name, help);
    c->add_option("ticket", desk_ticket, "ticket id or number, e.g. 42 or NH-2026-000042")->required();
    desk_cmds.push_back({c, action});
    return c;
  };
  desk_cmd("claim", "claim a ticket for yourself (exclusive until it lapses)", v1::DESK_CLAIM);
  desk_cmd("release", "give a claimed ticket back to the queue", v1::DESK_RELEASE);
  for (auto [name, help, action] :
       {std::tuple{"reply", "answer the citizen on the platform", v1::DESK_REPLY},
        {"ask", "ask the citizen for more; the ticket waits for the answer", v1::DESK_ASK}}) {
    auto* c = desk_cmd(name, help, action);
    c->add_option("text", text, "the reply (placeholders {nomor}, {nama}, {opd})");
    c->add_option("--template", template_name,
                  "a saved reply's name instead of text (see 'aspirasi templates')");
  }
  desk_cmd("note", "add an internal note (never sent)", v1::DESK_NOTE)
      ->add_option("text", text, "the note")
      ->required();
  auto* transfer_cmd =
      desk_cmd("transfer", "move a ticket to another OPD, with the reason", v1::DESK_TRANSFER);
  transfer_cmd->add_option("--to", to, "OPD code to move it to")->required();
  transfer_cmd->add_option("--reason", reason, "why, e.g. \"bukan wewenang\"")->required();
  desk_cmd("resolve", "close a ticket with its resolution", v1::DESK_RESOLVE)
      ->add_option("--resolution", text, "what was done")
      ->required();
  desk_cmd("reopen", "reopen a resolved or responded ticket", v1::DESK_REOPEN)
      ->add_option("--reason", reason, "why");
  desk_cmd("assign", "give a ticket to an admin (supervisors)", v1::DESK_ASSIGN)
      ->add_option("--to", to, "admin id")
      ->required();
  std::string templates_opd;
  auto* templates_cmd = app.add_subcommand("templates", "list the saved replies");
  templates_cmd->add_option("--opd", templates_opd, "only this OPD's (and the shared ones)");

  // ---- SLA: supervisors
  WatchFlags watch;
  auto* watch_cmd = app.add_subcommand("watch", "SLA warnings, breaches and escalations as they happen");
  watch_cmd->add_option("--opd", watch.opds, "only these OPD codes");
  watch_cmd->add_option("--level", watch.level,
                        "only this level and above (0 warnings, 1 breaches, 2.. escalations)");
  watch_cmd->add_option("--since", watch.since, "first replay events with seq greater than this");
  watch_cmd->add_flag("--all", watch.all, "first replay the whole history");
  AlertsFlags alerts;
  auto* alerts_cmd =
      app.add_subcommand("alerts", "open SLA alerts (newest first); 'alerts ack ID' acknowledges one");
  alerts_cmd->add_option("--opd", alerts.opds, "only these OPD codes");
  alerts_cmd->add_flag("--all", alerts.all, "acknowledged alerts too");
  alerts_cmd->add_option("--level", alerts.level, "only this level and above");
  alerts_cmd->add_option("--limit", alerts.limit, "at most this many (default 50)");
  uint64_t ack_id = 0;
  std::string ack_note;
  auto* ack_cmd = alerts_cmd->add_subcommand("ack", "acknowledge an alert (needs --as)");
  ack_cmd->add_option("id", ack_id, "alert id (from 'aspirasi alerts')")->required();
  ack_cmd->add_option("--note", ack_note, "what is being done about it");

  // ---- reports: supervisors
  ReportFlags report;
  auto* report_cmd = app.add_subcommand(
      "report", "service figures per OPD, channel and category over the tickets received from..to");
  report_cmd->add_option("--from", report.from, "first day, YYYY-MM-DD (tenant's zone)")->required();
  report_cmd->add_option("--to", report.to, "last day, YYYY-MM-DD, inclusive")->required();
  report_cmd->add_option("--opd", report.opds, "only these OPD codes (repeat or comma-separate)");
  report_cmd->add_option("--format", report.format, "table, csv or json")->capture_default_str();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help
    std::cerr << "aspirasi: " << e.what() << "\nRun 'aspirasi --help' for usage.\n";
    return kExitUsage;
  }

  if (ctx.actor.empty()) {
    if (const char* env = std::getenv("ASPIRASI_ADMIN")) ctx.actor = env;
  }
  if (aspirasi::Status st = ResolveEndpoints(endpoints, &ctx); !st.ok()) {
    std::cerr << "aspirasi: cannot use the configuration: " << st.message() << " (" << st.CodeName() << ")\n";
    return kExitUsage;
  }
  // A config written for the broker may bind wildcard ports ("tcp://127.0.0.1:*"), which a
  // client cannot connect to: say so instead of failing obscurely.
  auto concrete = [&](const std::string& endpoint, const char* flag) {
    if (endpoint.find(":*") == std::string::npos) return true;
    UsageError(ctx, std::string("endpoint '") + endpoint + "' has a wildcard port; give " + flag);
    return false;
  };
  bool needs_ingest = submit_cmd->parsed();
  bool needs_events = (events_cmd->parsed() && events.follow) || watch_cmd->parsed();
  if (needs_ingest ? !concrete(ctx.ingest_endpoint, "--ingest") : !concrete(ctx.api_endpoint, "--api")) {
    return kExitUsage;
  }
  if (needs_events && !concrete(ctx.events_endpoint, "--events")) return kExitUsage;

  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);

  if (submit_cmd->parsed()) return RunSubmit(ctx, submit);
  if (tickets_cmd->parsed()) return RunTickets(ctx, tickets);
  if (show_cmd->parsed()) return RunShow(ctx, show_id, show_events);
  if (events_cmd->parsed()) return RunEvents(ctx, events, g_stop);
  if (count_cmd->parsed()) return RunCount(ctx, count);
  if (watch_cmd->parsed()) return RunWatch(ctx, watch, g_stop);
  if (ack_cmd->parsed()) return RunAckAlert(ctx, ack_id, ack_note);
  if (alerts_cmd->parsed()) return RunAlerts(ctx, alerts);
  if (ping_cmd->parsed()) return RunPing(ctx);
  if (report_cmd->parsed()) return RunReport(ctx, report);
  if (queue_cmd->parsed()) return RunQueue(ctx, queue);
  if (templates_cmd->parsed()) return RunTemplates(ctx, templates_opd);
  for (const auto& d : desk_cmds) {
    if (!d.cmd->parsed()) continue;
    desk.set_action(d.action);
    desk.set_text(text);
    desk.set_template_(template_name);
    desk.set_reason(reason);
    if (d.action == v1::DESK_TRANSFER) desk.set_to_opd(to);
    if (d.action == v1::DESK_ASSIGN) desk.set_to_admin(to);
    if ((d.action == v1::DESK_REPLY || d.action == v1::DESK_ASK) && text.empty() == template_name.empty()) {
      return UsageError(ctx,
                        std::string(d.cmd->get_name()) + " needs the text or --template NAME (one of them)");
    }
    return RunDesk(ctx, desk_ticket, desk);
  }
  return UsageError(ctx, "no command given");
}
