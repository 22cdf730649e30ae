#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "clients/cli/commands.h"
#include "clients/cli/table.h"
#include "clients/lib/draft_json.h"
#include "clients/lib/ingest_client.h"
#include "common/i18n/catalogue.h"

namespace aspirasi::cli {
namespace {

Result<std::string> ReadInput(const std::string& file) {
  std::ostringstream ss;
  if (file == "-") {
    ss << std::cin.rdbuf();
    return ss.str();
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) return Status::Error(v1::IO_ERROR, i18n::T(i18n::K("cli.cannot_read"), {{"file", file}}));
  ss << in.rdbuf();
  return ss.str();
}

// One JSON line per submit: {"idempotencyKey": ..., "ack": SubmitAck} or {..., "error": Error}.
std::string ResultJson(const std::string& key, const Result<v1::SubmitAck>& r) {
  nlohmann::json line;
  line["idempotencyKey"] = key;
  if (r.ok()) {
    line["ack"] = nlohmann::json::parse(MessageToJson(r.value()));
  } else {
    line["error"] = nlohmann::json::parse(MessageToJson(r.status().ToProto()));
  }
  return line.dump();
}

}  // namespace

int RunSubmit(const CliContext& ctx, const SubmitFlags& flags) {
  auto text = ReadInput(flags.file);
  if (!text.ok()) return Fail(ctx, "submit", text.status());
  auto submits = ParseSubmitJson(*text);
  if (!submits.ok()) return UsageError(ctx, "submit: " + submits.status().Message(ctx.lang));
  if (!flags.key.empty()) {
    if (submits->size() != 1) return UsageError(ctx, "submit: " + Tr(ctx, i18n::K("cli.submit.key_single")));
    submits->front().set_idempotency_key(flags.key);
  }
  IngestOptions options;
  options.timeout_ms = ctx.timeout_ms;
  options.keys = ctx.keys;
  IngestClient client(ctx.ingest_endpoint, options);
  // Unanswered submits are re-sent until the deadline (the broker dedups by idempotency key).
  int64_t deadline = flags.deadline_ms > 0 ? flags.deadline_ms : int64_t{ctx.timeout_ms} * 3;
  auto results = client.SubmitAll(*submits, deadline);

  int failed = 0;
  Table table({Tr(ctx, i18n::K("cli.col.number")), Tr(ctx, i18n::K("cli.col.id")),
               Tr(ctx, i18n::K("cli.col.outcome")), Tr(ctx, i18n::K("cli.col.opd")),
               Tr(ctx, i18n::K("cli.col.key"))});
  for (std::size_t i = 0; i < results.size(); ++i) {
    const std::string& key = (*submits)[i].idempotency_key();
    const auto& r = results[i];
    if (ctx.json) *ctx.out << ResultJson(key, r) << "\n";
    if (!r.ok()) {
      ++failed;
      Status st = r.status();
      if (st.code() == v1::TIMEOUT) {
        st = Status::Error(v1::TIMEOUT, i18n::T(i18n::K("cli.submit.no_ack"),
                                                {{"endpoint", ctx.ingest_endpoint}, {"ms", deadline}}));
      }
      Fail(ctx, "submit " + key, st);
      continue;
    }
    table.AddRow({r->ticket_number(), r->ticket_id() != 0 ? std::to_string(r->ticket_id()) : "",
                  OutcomeName(ctx, r->outcome()), r->opd(), key});
  }
  if (!ctx.json && table.rows() > 0) table.Print(*ctx.out);
  return failed > 0 ? kExitFailure : kExitOk;
}

}  // namespace aspirasi::cli
