// citizen export, citizen erase: a data subject's requests under UU 27/2022, for PPID officers
// (docs/PRIVACY.md). The broker checks who asks, records an audited event on every ticket
// concerned and answers; nothing here decides what is personal data.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <sstream>

#include "clients/cli/commands.h"
#include "clients/lib/api_client.h"
#include "clients/lib/draft_json.h"
#include "common/i18n/catalogue.h"

namespace aspirasi::cli {
namespace {

using i18n::K;

// Writes `text` to `path` readable by its owner only (it is a person's data).
Status WritePrivateFile(const std::string& path, const std::string& text) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Status::Io(path + ": " + std::strerror(errno));
  Status s;
  if (::fchmod(fd, 0600) != 0) s = Status::Io(path + ": " + std::strerror(errno));
  std::size_t done = 0;
  while (s.ok() && done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      s = Status::Io(path + ": " + std::strerror(errno));
      break;
    }
    done += static_cast<std::size_t>(n);
  }
  if (s.ok() && ::fsync(fd) != 0) s = Status::Io(path + ": " + std::strerror(errno));
  if (::close(fd) != 0 && s.ok()) s = Status::Io(path + ": " + std::strerror(errno));
  return s;
}

std::string Sender(const CliContext& ctx, const v1::Author& a) {
  std::string who = a.display_name().empty() ? "-" : a.display_name();
  if (!a.handle().empty()) who += " (@" + a.handle() + ")";
  if (!a.platform_id().empty()) who += " " + Tr(ctx, K("cli.citizen.platform_id"), {{"id", a.platform_id()}});
  return who;
}

void PrintExport(const CliContext& ctx, const v1::CitizenData& data, std::ostream& out) {
  out << Tr(ctx, K("cli.citizen.export_title"),
            {{"citizen", data.channel() + ":" + data.user()}, {"at", FormatTime(data.generated_ms(), ctx)}})
      << "\n";
  if (data.tickets_size() == 0) {
    out << Tr(ctx, K("cli.citizen.nothing_held")) << "\n";
    return;
  }
  out << Tr(ctx, K("cli.citizen.export_count"), {{"n", data.tickets_size()}}) << "\n";
  CliContext to_file = ctx;
  to_file.out = &out;
  for (const auto& entry : data.tickets()) {
    out << "\n== " << entry.ticket().number() << " ==\n";
    out << Tr(ctx, K("cli.citizen.sender")) << "  " << Sender(ctx, entry.ticket().author()) << "\n";
    PrintTicket(to_file, entry, true);
  }
}

}  // namespace

int RunCitizenExport(const CliContext& ctx, const CitizenFlags& flags) {
  ApiClient api(ctx.api_endpoint, ctx.timeout_ms, nullptr, ctx.keys);
  api.set_actor(ctx.actor);
  v1::CitizenData all;
  uint64_t after = 0;
  do {
    v1::Envelope env;
    auto* q = env.mutable_citizen_export();
    q->set_channel(flags.channel);
    q->set_user(flags.user);
    q->set_request(flags.request);
    q->set_after_id(after);
    auto reply = api.Call(std::move(env));
    if (!reply.ok()) return Fail(ctx, "citizen export", reply.status());
    if (!reply->has_citizen_data())
      return Fail(ctx, "citizen export", Status::Internal("the broker did not answer with citizen_data"));
    v1::CitizenData* page = reply->mutable_citizen_data();
    if (after == 0) {
      all.set_channel(page->channel());
      all.set_user(page->user());
      all.set_generated_ms(page->generated_ms());
    }
    for (auto& t : *page->mutable_tickets()) *all.add_tickets() = std::move(t);
    after = page->next_after_id();
  } while (after != 0);
  std::ostringstream text;
  if (ctx.json) {
    text << MessageToJson(all) << "\n";
  } else {
    PrintExport(ctx, all, text);
  }
  if (flags.out.empty()) {
    *ctx.out << text.str();
    return kExitOk;
  }
  if (Status s = WritePrivateFile(flags.out, text.str()); !s.ok()) return Fail(ctx, "citizen export", s);
  if (!ctx.json)
    *ctx.out << Tr(ctx, K("cli.citizen.written"), {{"n", all.tickets_size()}, {"path", flags.out}}) << "\n";
  return kExitOk;
}

int RunCitizenRequest(const CliContext& ctx, const CitizenFlags& flags) {
  v1::DataRequestKind kind = v1::DATA_REQUEST_NONE;
  std::string k = flags.kind;
  for (char& c : k) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  if (k == "export") kind = v1::DATA_REQUEST_EXPORT;
  if (k == "erase") kind = v1::DATA_REQUEST_ERASE;
  if (kind == v1::DATA_REQUEST_NONE)
    return UsageError(ctx, Tr(ctx, K("cli.citizen.bad_kind"), {{"kind", flags.kind}}));
  ApiClient api(ctx.api_endpoint, ctx.timeout_ms, nullptr, ctx.keys);
  api.set_actor(ctx.actor);
  v1::Envelope env;
  auto* q = env.mutable_data_request();
  q->set_channel(flags.channel);
  q->set_user(flags.user);
  q->set_kind(kind);
  q->set_text(flags.text);
  auto reply = api.Call(std::move(env));
  if (!reply.ok()) return Fail(ctx, "citizen request", reply.status());
  if (!reply->has_ticket())
    return Fail(ctx, "citizen request", Status::Internal("the broker did not answer with ticket"));
  const v1::Ticket& t = reply->ticket().ticket();
  if (ctx.json) {
    *ctx.out << MessageToJson(reply->ticket()) << "\n";
    return kExitOk;
  }
  *ctx.out << Tr(ctx, K("cli.citizen.requested"),
                 {{"ticket", t.number()},
                  {"opd", t.opd()},
                  {"due", FormatTime(t.sla().resolution_due_ms(), ctx)},
                  {"kind", kind == v1::DATA_REQUEST_ERASE ? "erase" : "export"},
                  {"what", Tr(ctx, kind == v1::DATA_REQUEST_ERASE ? K("cli.citizen.kind_erase")
                                                                  : K("cli.citizen.kind_export"))}})
           << "\n";
  return kExitOk;
}

int RunCitizenErase(const CliContext& ctx, const CitizenFlags& flags) {
  if (!flags.yes) return UsageError(ctx, Tr(ctx, K("cli.citizen.erase_needs_yes")));
  ApiClient api(ctx.api_endpoint, ctx.timeout_ms, nullptr, ctx.keys);
  api.set_actor(ctx.actor);
  v1::Envelope env;
  auto* q = env.mutable_citizen_erase();
  q->set_channel(flags.channel);
  q->set_user(flags.user);
  q->set_request(flags.request);
  q->set_reason(flags.reason);
  auto reply = api.Call(std::move(env));
  if (!reply.ok()) return Fail(ctx, "citizen erase", reply.status());
  if (!reply->has_citizen_erased())
    return Fail(ctx, "citizen erase", Status::Internal("the broker did not answer with citizen_erased"));
  const v1::CitizenErased& r = reply->citizen_erased();
  if (ctx.json) {
    *ctx.out << MessageToJson(r) << "\n";
    return kExitOk;
  }
  if (r.ticket_numbers_size() == 0) {
    *ctx.out << Tr(ctx, K("cli.citizen.nothing_held")) << "\n";
  } else {
    std::string numbers;
    for (const auto& n : r.ticket_numbers()) numbers += (numbers.empty() ? "" : ", ") + n;
    *ctx.out << Tr(ctx, K("cli.citizen.erased"), {{"n", r.ticket_numbers_size()}, {"tickets", numbers}})
             << "\n";
  }
  if (r.other_opds() > 0) *ctx.out << Tr(ctx, K("cli.citizen.other_opds"), {{"n", r.other_opds()}}) << "\n";
  return kExitOk;
}

}  // namespace aspirasi::cli
