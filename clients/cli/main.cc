// aspirasi: the operator's command line for the Aspirasi broker.
//   aspirasi [--config FILE | --ingest EP --api EP --events EP] [--lang id|en] [--timeout MS] [--json]
//            COMMAND ...
// Exit codes: 0 success, 1 failure, 2 usage error, 3 `audit verify` found the chain broken. Everything it
// says to people comes from the message catalogue (common/i18n), in Bahasa Indonesia unless --lang en or
// $LANG says English.
#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <tuple>

#include "clients/cli/cli_context.h"
#include "clients/cli/commands.h"
#include "common/frame.h"
#include "common/i18n/catalogue.h"
#include "common/utf8.h"
#include "common/version.h"

namespace {

using aspirasi::i18n::K;
using aspirasi::i18n::Key;
using aspirasi::i18n::Lang;

std::atomic<bool> g_stop{false};
void OnSignal(int) { g_stop = true; }

// The language asked for before the command line is parsed (the help text depends on it):
// --lang VALUE or --lang=VALUE anywhere, else the environment. An unknown value is reported later.
Lang EarlyLang(int argc, char** argv, std::string* bad) {
  Lang lang = aspirasi::i18n::LangFromEnvironment();
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    std::string_view value;
    if (a == "--lang" && i + 1 < argc) {
      value = argv[i + 1];
    } else if (a.substr(0, 7) == "--lang=") {
      value = a.substr(7);
    } else {
      continue;
    }
    if (!aspirasi::i18n::ParseLang(value, &lang)) *bad = std::string(value);
  }
  return lang;
}

// CLI11's own words for its help screens.
void Localize(CLI::App& app, Lang lang) {
  auto t = [&](Key k) { return aspirasi::i18n::Render(lang, k); };
  auto f = app.get_formatter();
  f->label("Usage", t(K("cli.help.usage")));
  f->label("OPTIONS", t(K("cli.help.options_upper")));
  f->label("SUBCOMMAND", t(K("cli.help.subcommand_upper")));
  f->label("SUBCOMMANDS", t(K("cli.help.subcommands_upper")));
  f->label("REQUIRED", t(K("cli.help.required")));
  f->label("Positionals", t(K("cli.help.positionals")));
  f->label("Options", t(K("cli.help.options")));
  f->label("Subcommands", t(K("cli.help.subcommands")));
  f->label("TEXT", t(K("cli.help.text")));
  f->label("INT", t(K("cli.help.number")));
  f->label("UINT", t(K("cli.help.number")));
  f->label("Env", "Env");
  f->label("Needs", t(K("cli.help.needs")));
  f->label("Excludes", t(K("cli.help.excludes")));
}

// A CLI11 parse error in the user's language, naming what CLI11 named.
std::string ParseErrorText(const CLI::ParseError& e, Lang lang) {
  auto t = [&](Key k, std::initializer_list<aspirasi::i18n::Arg> args) {
    return aspirasi::i18n::Render(lang, k, args);
  };
  std::string what = e.what();
  std::string name = e.get_name();
  if (name == "RequiredError") {
    auto pos = what.find(" is required");
    if (pos != std::string::npos) return t(K("cli.err.required"), {{"what", what.substr(0, pos)}});
    return t(K("cli.err.command_required"), {});
  }
  if (name == "ExtrasError") {
    auto colon = what.find(": ");
    return t(K("cli.err.extras"), {{"what", colon == std::string::npos ? what : what.substr(colon + 2)}});
  }
  if (name == "ConversionError" || name == "ValidationError")
    return t(K("cli.err.value"), {{"detail", what}});
  if (name == "ArgumentMismatch") return t(K("cli.err.arguments"), {{"detail", what}});
  return t(K("cli.err.other"), {{"detail", what}});
}

void AddFilterOptions(CLI::App* cmd, aspirasi::cli::FilterFlags* f, Lang lang) {
  auto t = [&](Key k) { return aspirasi::i18n::Render(lang, k); };
  cmd->add_option("--opd", f->opds, t(K("cli.opt.filter_opd")));
  cmd->add_option("--status", f->statuses, t(K("cli.opt.filter_status")));
  cmd->add_option("--urgency", f->urgencies, t(K("cli.opt.filter_urgency")));
  cmd->add_option("--channel", f->channels, t(K("cli.opt.filter_channel")));
  cmd->add_option("--delivery", f->delivery, t(K("cli.opt.filter_delivery")));
  cmd->add_option("--text", f->text, t(K("cli.opt.filter_text")));
}

}  // namespace

int main(int argc, char** argv) {
  using namespace aspirasi::cli;
  namespace v1 = aspirasi::v1;
  aspirasi::InstallProtobufLogCapture();  // libprotobuf never prints to the user's terminal
  std::string bad_lang;
  const Lang lang = EarlyLang(argc, argv, &bad_lang);
  auto t = [&](Key k) { return aspirasi::i18n::Render(lang, k); };

  CLI::App app{t(K("cli.help.about"))};
  app.name("aspirasi");
  app.require_subcommand(1);
  app.fallthrough();
  app.option_defaults()->group(t(K("cli.help.options")));
  app.set_help_flag("-h,--help", t(K("cli.help.help_flag")));
  app.set_version_flag("--version", aspirasi::VersionLine("aspirasi"), t(K("cli.opt.version")));
  Localize(app, lang);

  EndpointFlags endpoints;
  CliContext ctx;
  ctx.lang = lang;
  std::string lang_flag;
  app.add_option("--config", endpoints.config_path, t(K("cli.opt.config")));
  // The last of repeated global options wins, so wrappers can append overrides.
  app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  app.add_option("--broker-ready", endpoints.ready_file, t(K("cli.opt.broker_ready")));
  app.add_option("--ingest", endpoints.ingest, t(K("cli.opt.ingest")));
  app.add_option("--api", endpoints.api, t(K("cli.opt.api")));
  app.add_option("--events", endpoints.events, t(K("cli.opt.events")));
  app.add_option("--timeout", ctx.timeout_ms, t(K("cli.opt.timeout")))
      ->capture_default_str()
      ->type_name(t(K("cli.help.number")))
      ->check(CLI::Range(1, 3600000).description(""));
  app.add_flag("--json", ctx.json, t(K("cli.opt.json")));
  app.add_option("--as", ctx.actor, t(K("cli.opt.as")));
  app.add_option("--key-file", endpoints.key_file, t(K("cli.opt.key_file")));
  app.add_option("--lang", lang_flag, t(K("cli.opt.lang")));

  auto sub = [&](const char* name, Key help) {
    auto* c = app.add_subcommand(name, t(help));
    c->set_help_flag("-h,--help", t(K("cli.help.help_flag")));
    c->group(t(K("cli.help.subcommands")));
    return c;
  };

  SubmitFlags submit;
  auto* submit_cmd = sub("submit", K("cli.cmd.submit"));
  submit_cmd->add_option("file", submit.file, t(K("cli.opt.submit_file")))->capture_default_str();
  submit_cmd->add_option("--key", submit.key, t(K("cli.opt.submit_key")));
  submit_cmd->add_option("--deadline", submit.deadline_ms, t(K("cli.opt.submit_deadline")))
      ->check(CLI::NonNegativeNumber);

  TicketsFlags tickets;
  auto* tickets_cmd = sub("tickets", K("cli.cmd.tickets"));
  AddFilterOptions(tickets_cmd, &tickets.filter, lang);
  tickets_cmd->add_option("--limit", tickets.limit, t(K("cli.opt.limit")))->capture_default_str();
  tickets_cmd->add_option("--after", tickets.after, t(K("cli.opt.after")));

  std::string show_id;
  bool show_events = false;
  auto* show_cmd = sub("show", K("cli.cmd.show"));
  show_cmd->add_option("ticket", show_id, t(K("cli.opt.ticket")))->required();
  show_cmd->add_flag("--events", show_events, t(K("cli.opt.show_events")));

  EventsFlags events;
  auto* events_cmd = sub("events", K("cli.cmd.events"));
  events_cmd->add_option("--since", events.since, t(K("cli.opt.events_since")))->capture_default_str();
  events_cmd->add_flag("--follow,-f", events.follow, t(K("cli.opt.events_follow")));
  events_cmd->add_option("--opd", events.opds, t(K("cli.opt.filter_opd")));
  events_cmd->add_option("--limit", events.limit, t(K("cli.opt.events_limit")));

  CountFlags count;
  auto* count_cmd = sub("count", K("cli.cmd.count"));
  AddFilterOptions(count_cmd, &count.filter, lang);
  count_cmd->add_option("--by", count.by, t(K("cli.opt.count_by")));

  auto* ping_cmd = sub("ping", K("cli.cmd.ping"));

  // ---- the OPD desks
  QueueFlags queue;
  auto* queue_cmd = sub("queue", K("cli.cmd.queue"));
  queue_cmd->add_option("--opd", queue.opd, t(K("cli.opt.queue_opd")));
  queue_cmd->add_option("--limit", queue.limit, t(K("cli.opt.limit")))->capture_default_str();

  struct DeskCli {
    CLI::App* cmd;
    v1::DeskAction action;
  };
  std::vector<DeskCli> desk_cmds;
  std::string desk_ticket;
  v1::DeskCommand desk;
  std::string text, template_name, to, reason;
  bool again = false;
  auto desk_cmd = [&](const char* name, Key help, v1::DeskAction action) {
    auto* c = sub(name, help);
    c->add_option("ticket", desk_ticket, t(K("cli.opt.ticket")))->required();
    desk_cmds.push_back({c, action});
    return c;
  };
  desk_cmd("claim", K("cli.cmd.claim"), v1::DESK_CLAIM);
  desk_cmd("release", K("cli.cmd.release"), v1::DESK_RELEASE);
  for (auto [name, help, action] :
       {std::tuple{"reply", K("cli.cmd.reply"), v1::DESK_REPLY}, {"ask", K("cli.cmd.ask"), v1::DESK_ASK}}) {
    auto* c = desk_cmd(name, help, action);
    c->add_option("text", text, t(K("cli.opt.reply_text")));
    c->add_option("--template", template_name, t(K("cli.opt.template")));
    c->add_flag("--again", again, t(K("cli.opt.again")));
  }
  desk_cmd("note", K("cli.cmd.note"), v1::DESK_NOTE)
      ->add_option("text", text, t(K("cli.opt.note_text")))
      ->required();
  auto* transfer_cmd = desk_cmd("transfer", K("cli.cmd.transfer"), v1::DESK_TRANSFER);
  transfer_cmd->add_option("--to", to, t(K("cli.opt.transfer_to")))->required();
  transfer_cmd->add_option("--reason", reason, t(K("cli.opt.transfer_reason")))->required();
  desk_cmd("resolve", K("cli.cmd.resolve"), v1::DESK_RESOLVE)
      ->add_option("--resolution", text, t(K("cli.opt.resolution")))
      ->required();
  desk_cmd("reopen", K("cli.cmd.reopen"), v1::DESK_REOPEN)
      ->add_option("--reason", reason, t(K("cli.opt.reopen_reason")));
  desk_cmd("assign", K("cli.cmd.assign"), v1::DESK_ASSIGN)
      ->add_option("--to", to, t(K("cli.opt.assign_to")))
      ->required();
  std::string templates_opd;
  auto* templates_cmd = sub("templates", K("cli.cmd.templates"));
  templates_cmd->add_option("--opd", templates_opd, t(K("cli.opt.templates_opd")));

  // ---- SLA: supervisors
  WatchFlags watch;
  auto* watch_cmd = sub("watch", K("cli.cmd.watch"));
  watch_cmd->add_option("--opd", watch.opds, t(K("cli.opt.filter_opd")));
  watch_cmd->add_option("--level", watch.level, t(K("cli.opt.level")));
  watch_cmd->add_option("--since", watch.since, t(K("cli.opt.watch_since")));
  watch_cmd->add_flag("--all", watch.all, t(K("cli.opt.watch_all")));
  AlertsFlags alerts;
  auto* alerts_cmd = sub("alerts", K("cli.cmd.alerts"));
  alerts_cmd->add_option("--opd", alerts.opds, t(K("cli.opt.filter_opd")));
  alerts_cmd->add_flag("--all", alerts.all, t(K("cli.opt.alerts_all")));
  alerts_cmd->add_flag("--mine", alerts.mine, t(K("cli.opt.alerts_mine")));
  alerts_cmd->add_option("--level", alerts.level, t(K("cli.opt.level")));
  alerts_cmd->add_option("--limit", alerts.limit, t(K("cli.opt.alerts_limit")));
  uint64_t ack_id = 0;
  std::string ack_note;
  auto* ack_cmd = alerts_cmd->add_subcommand("ack", t(K("cli.cmd.alerts_ack")));
  ack_cmd->set_help_flag("-h,--help", t(K("cli.help.help_flag")));
  ack_cmd->group(t(K("cli.help.subcommands")));
  ack_cmd->add_option("id", ack_id, t(K("cli.opt.alert_id")))->required();
  ack_cmd->add_option("--note", ack_note, t(K("cli.opt.alert_note")));

  // ---- reports: supervisors
  ReportFlags report;
  auto* report_cmd = sub("report", K("cli.cmd.report"));
  report_cmd->add_option("--from", report.from, t(K("cli.opt.report_from")))->required();
  report_cmd->add_option("--to", report.to, t(K("cli.opt.report_to")))->required();
  report_cmd->add_option("--opd", report.opds, t(K("cli.opt.filter_opd")));
  report_cmd->add_option("--format", report.format, t(K("cli.opt.report_format")))->capture_default_str();

  // ---- the audit record: inspectors and IT staff (reads the database file, no broker needed)
  AuditFlags audit;
  auto* audit_cmd = sub("audit", K("cli.cmd.audit"));
  audit_cmd->require_subcommand(1);
  auto* verify_cmd = audit_cmd->add_subcommand("verify", t(K("cli.cmd.audit_verify")));
  verify_cmd->set_help_flag("-h,--help", t(K("cli.help.help_flag")));
  verify_cmd->group(t(K("cli.help.subcommands")));
  verify_cmd->add_option("--db", audit.db, t(K("cli.opt.audit_db")));
  verify_cmd->add_option("--expect", audit.expect, t(K("cli.opt.audit_expect")));

  // ---- IT staff: one screen of how it runs
  auto* status_cmd = sub("status", K("cli.cmd.status"));

  // ---- backups: IT staff (reads and writes the database file, no broker needed)
  BackupFlags backup;
  auto* backup_cmd = sub("backup", K("cli.cmd.backup"));
  backup_cmd->add_option("--to", backup.to, t(K("cli.opt.backup_to")))->required();
  backup_cmd->add_option("--db", backup.db, t(K("cli.opt.backup_db")));
  backup_cmd->add_option("--max-mb-s", backup.max_mb_per_s, t(K("cli.opt.backup_max_mb_s")))
      ->type_name(t(K("cli.help.number")))
      ->check(CLI::Range(int64_t{0}, int64_t{100000}).description(""));
  RestoreFlags restore;
  auto* restore_cmd = sub("restore", K("cli.cmd.restore"));
  restore_cmd->add_option("--from", restore.from, t(K("cli.opt.restore_from")))->required();
  restore_cmd->add_option("--db", restore.db, t(K("cli.opt.backup_db")));
  restore_cmd->add_option("--reserve", restore.reserve_text, t(K("cli.opt.restore_reserve")));

  // ---- citizens' personal data: PPID officers (UU 27/2022)
  CitizenFlags citizen;
  auto* citizen_cmd = sub("citizen", K("cli.cmd.citizen"));
  citizen_cmd->require_subcommand(1);
  auto citizen_sub = [&](const char* name, Key help, bool for_request) {
    auto* c = citizen_cmd->add_subcommand(name, t(help));
    c->set_help_flag("-h,--help", t(K("cli.help.help_flag")));
    c->group(t(K("cli.help.subcommands")));
    c->add_option("--channel", citizen.channel, t(K("cli.opt.citizen_channel")))->required();
    c->add_option("--user", citizen.user, t(K("cli.opt.citizen_user")))->required();
    if (for_request) c->add_option("--request", citizen.request, t(K("cli.opt.citizen_request")));
    return c;
  };
  auto* citizen_export_cmd = citizen_sub("export", K("cli.cmd.citizen_export"), true);
  citizen_export_cmd->add_option("--out", citizen.out, t(K("cli.opt.citizen_out")));
  auto* citizen_request_cmd = citizen_sub("request", K("cli.cmd.citizen_request"), false);
  citizen_request_cmd->add_option("--kind", citizen.kind, t(K("cli.opt.citizen_kind")))->required();
  citizen_request_cmd->add_option("--text", citizen.text, t(K("cli.opt.citizen_text")))->required();
  auto* citizen_erase_cmd = citizen_sub("erase", K("cli.cmd.citizen_erase"), true);
  citizen_erase_cmd->add_option("--reason", citizen.reason, t(K("cli.opt.citizen_reason")));
  citizen_erase_cmd->add_flag("--yes", citizen.yes, t(K("cli.opt.citizen_yes")));

  // ---- keys: IT staff, before the processes start
  std::string keygen_dir, keygen_name;
  auto* keygen_cmd = sub("keygen", K("cli.cmd.keygen"));
  keygen_cmd->add_option("--out", keygen_dir, t(K("cli.opt.keygen_out")))->required();
  keygen_cmd->add_option("name", keygen_name, t(K("cli.opt.keygen_name")))->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help
    std::cerr << "aspirasi: " << ParseErrorText(e, lang) << "\n" << t(K("cli.err.see_help")) << "\n";
    return kExitUsage;
  }
  if (!bad_lang.empty()) {
    return UsageError(ctx, aspirasi::i18n::Render(lang, K("cli.err.bad_lang"), {{"lang", bad_lang}}));
  }

  if (ctx.actor.empty()) {
    if (const char* env = std::getenv("ASPIRASI_ADMIN")) ctx.actor = env;
  }
  for (char& c : ctx.actor) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  if (aspirasi::Status st = ResolveEndpoints(endpoints, &ctx); !st.ok()) {
    std::cerr << "aspirasi: " << aspirasi::i18n::Render(lang, K("cli.err.config"), {{"detail", st.message()}})
              << " (" << st.CodeName() << ")\n";
    return kExitUsage;
  }
  // A config written for the broker may bind wildcard ports ("tcp://127.0.0.1:*"), which a
  // client cannot connect to: say so instead of failing obscurely.
  auto concrete = [&](const std::string& endpoint, const char* flag) {
    if (endpoint.find(":*") == std::string::npos) return true;
    UsageError(ctx,
               aspirasi::i18n::Render(lang, K("cli.err.wildcard"), {{"endpoint", endpoint}, {"flag", flag}}));
    return false;
  };
  if (verify_cmd->parsed()) {
    audit.expect_given = verify_cmd->count("--expect") > 0;
    return RunAuditVerify(ctx, audit);
  }
  if (keygen_cmd->parsed()) return RunKeygen(ctx, keygen_dir, keygen_name);
  if (backup_cmd->parsed()) return RunBackup(ctx, backup);
  if (status_cmd->parsed()) {
    (void)LoadKeys(endpoints, &ctx);  // the api's figures when this user has a key; HTTP needs none
    return RunStatus(ctx);
  }
  if (restore_cmd->parsed()) {
    restore.reserve_given = restore_cmd->count("--reserve") > 0;
    return RunRestore(ctx, restore);
  }
  if (aspirasi::Status st = LoadKeys(endpoints, &ctx); !st.ok()) return UsageError(ctx, st);
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
  if (ack_cmd->parsed()) {
    if (!aspirasi::IsValidUtf8(ack_note)) return UsageError(ctx, t(K("cli.not_utf8")));
    return RunAckAlert(ctx, ack_id, ack_note);
  }
  if (alerts_cmd->parsed()) return RunAlerts(ctx, alerts);
  if (ping_cmd->parsed()) return RunPing(ctx);
  if (report_cmd->parsed()) return RunReport(ctx, report);
  if (citizen_export_cmd->parsed() || citizen_erase_cmd->parsed() || citizen_request_cmd->parsed()) {
    for (auto* text_flag : {&citizen.user, &citizen.reason, &citizen.request, &citizen.text}) {
      if (!aspirasi::IsValidUtf8(*text_flag)) return UsageError(ctx, t(K("cli.not_utf8")));
    }
    for (char& c : citizen.request) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c;
    if (citizen_request_cmd->parsed()) return RunCitizenRequest(ctx, citizen);
    return citizen_export_cmd->parsed() ? RunCitizenExport(ctx, citizen) : RunCitizenErase(ctx, citizen);
  }
  if (queue_cmd->parsed()) return RunQueue(ctx, queue);
  if (templates_cmd->parsed()) return RunTemplates(ctx, templates_opd);
  for (const auto& d : desk_cmds) {
    if (!d.cmd->parsed()) continue;
    desk.set_action(d.action);
    desk.set_text(text);
    desk.set_template_(template_name);
    desk.set_reason(reason);
    desk.set_again(again);
    if (d.action == v1::DESK_TRANSFER) desk.set_to_opd(to);
    if (d.action == v1::DESK_ASSIGN) desk.set_to_admin(to);
    if ((d.action == v1::DESK_REPLY || d.action == v1::DESK_ASK) && text.empty() == template_name.empty()) {
      return UsageError(
          ctx, aspirasi::i18n::Render(lang, K("cli.err.text_or_template"), {{"command", d.cmd->get_name()}}));
    }
    return RunDesk(ctx, desk_ticket, desk);
  }
  return UsageError(ctx, t(K("cli.err.no_command")));
}
