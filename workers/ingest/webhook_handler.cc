#include "workers/ingest/webhook_handler.h"

#include <nlohmann/json.hpp>

#include "common/log.h"

namespace aspirasi::ingest {
namespace {

std::string Label(std::string_view channel) {
  std::string out;
  for (char c : channel.substr(0, 64)) {  // label values come from the URL: keep them tame
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    out.push_back(ok ? c : '_');
  }
  return out;
}

}  // namespace

std::string ErrorJson(const std::string& message) {
  return nlohmann::json{{"error", message}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

WebhookHandler::WebhookHandler(const Endpoints& endpoints, SubmitFn submit, Metrics& metrics)
    : endpoints_(endpoints), submit_(std::move(submit)), metrics_(metrics), warn_(ModuleLogger("ingest")) {}

HttpReply WebhookHandler::Reject(std::string_view channel, std::string_view account, int status,
                                 const char* reason, const std::string& message) {
  std::string ch = Label(channel);
  metrics_
      .GetCounter("aspirasi_ingest_rejected_total", "webhook requests refused, by channel and reason",
                  "channel=\"" + ch + "\",reason=\"" + reason + "\"")
      .Inc();
  // Ids and reasons only: the message may quote the body (citizen data), so it goes to debug.
  warn_.Warn("webhook " + ch + "/" + Label(account) + " refused: " + std::to_string(status) + " " + reason);
  ModuleLogger("ingest")->debug("webhook {}/{} refused: {}", ch, Label(account), message);
  return HttpReply{status, "application/json", ErrorJson(message)};
}

HttpReply WebhookHandler::TooLarge(std::string_view channel, std::string_view account, int64_t limit) {
  return Reject(channel, account, 413, "too_large",
                "the body is over the limit of " + std::to_string(limit) + " bytes");
}

void WebhookHandler::CountOutcomes(std::string_view channel, const OutcomeCounts& c) {
  std::string ch = Label(channel);
  const std::pair<const char*, int> outcomes[] = {{"new", c.created},           {"updated", c.updated},
                                                  {"appended", c.appended},     {"withdrawn", c.withdrawn},
                                                  {"duplicates", c.duplicates}, {"ignored", c.ignored},
                                                  {"spooled", c.spooled},       {"rejected", c.rejected}};
  for (const auto& [name, n] : outcomes) {
    if (n == 0) continue;
    metrics_
        .GetCounter("aspirasi_ingest_items_total", "webhook items by channel and outcome",
                    "channel=\"" + ch + "\",outcome=\"" + name + "\"")
        .Inc(static_cast<uint64_t>(n));
  }
}

HttpReply WebhookHandler::Handle(std::string_view channel, std::string_view account,
                                 const HttpRequestView& req) {
  const Endpoint* e = endpoints_.Find(channel, account);
  if (e == nullptr) {
    return Reject(channel, account, 404, "unknown_account",
                  "no account '" + std::string(account.substr(0, 128)) + "' is configured for channel '" +
                      std::string(channel.substr(0, 64)) + "'");
  }
  if (static_cast<int64_t>(req.body.size()) > e->body_limit_bytes) {
    return Reject(channel, account, 413, "too_large",
                  "the body of " + std::to_string(req.body.size()) +
                      " bytes is over this endpoint's limit of " + std::to_string(e->body_limit_bytes) +
                      " bytes");
  }
  if (req.method == "GET") {
    std::optional<HttpReply> reply = e->channel->Handshake(req, e->account);
    if (!reply)
      return Reject(channel, account, 400, "not_handshake",
                    "GET is only for the platform's verification handshake");
    metrics_
        .GetCounter("aspirasi_ingest_handshakes_total",
                    "platform verification handshakes answered, by status",
                    "channel=\"" + Label(channel) + "\",status=\"" + std::to_string(reply->status) + "\"")
        .Inc();
    if (reply->status >= 400)
      warn_.Warn("webhook " + Label(channel) + "/" + Label(account) + " handshake refused");
    return *reply;
  }
  if (req.method != "POST") return Reject(channel, account, 405, "method", "only GET and POST are accepted");

  Status verified = e->channel->Verify(req, e->account);
  if (!verified.ok()) {
    bool missing = verified.code() == v1::INVALID_ARGUMENT;
    return Reject(channel, account, missing ? 401 : 403, missing ? "missing_signature" : "bad_signature",
                  verified.message());
  }
  Result<ParseResult> parsed = e->channel->Parse(req.body, e->account);
  if (!parsed.ok()) return Reject(channel, account, 400, "malformed", parsed.status().message());

  Result<OutcomeCounts> counts = submit_(parsed->submits);
  if (!counts.ok()) {
    return Reject(channel, account, 503, "unavailable",
                  "the broker and the local spool are unavailable; retry later");
  }
  OutcomeCounts c = *counts;
  c.ignored += parsed->ignored;
  CountOutcomes(channel, c);
  metrics_
      .GetCounter("aspirasi_ingest_accepted_total", "webhook requests answered 200, by channel",
                  "channel=\"" + Label(channel) + "\"")
      .Inc();
  return HttpReply{200, "application/json", c.ToJson()};
}

}  // namespace aspirasi::ingest
