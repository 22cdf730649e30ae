// Telegram Bot API: POST {base}/bot<token>/sendMessage. Answers are
//   {"ok": true, "result": {"message_id": N, ...}}
//   {"ok": false, "error_code": 400, "description": "...", "parameters": {"retry_after": S}?}
#include <algorithm>
#include <string>

#include "workers/responder/egress/platforms.h"
#include "workers/responder/egress/reply_target.h"

namespace aspirasi::egress {
namespace {

bool IsInteger(std::string_view s) {
  if (!s.empty() && s.front() == '-') s.remove_prefix(1);
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

// The ingest plug-in keys messages "<chat_id>:<message_id>" and sets thread_id to the chat id.
Built BuildTelegram(const v1::OutboundReply& reply, const Endpoint& endpoint) {
  const v1::Ticket& t = reply.ticket();
  if (endpoint.token.empty())
    return Permanent("telegram: no bot token configured for account " + t.account());
  std::string target = TargetSourceId(reply);
  std::string target_chat;
  std::string target_message;
  if (auto colon = target.rfind(':'); colon != std::string::npos) {
    target_chat = target.substr(0, colon);
    target_message = target.substr(colon + 1);
  }
  std::string chat = t.thread_id().empty() ? target_chat : t.thread_id();
  if (!IsInteger(chat)) return Permanent("telegram: the ticket names no chat id");
  Json body = {{"chat_id", IdValue(chat)}, {"text", reply.text()}};
  if (target_chat == chat && IsInteger(target_message)) {
    body["reply_parameters"] = {{"message_id", IdValue(target_message)}};
  }
  return JsonPost(JoinUrl(endpoint.base_url, "bot" + endpoint.token + "/sendMessage"), body, {});
}

Result ClassifyTelegram(int http_status, const Json& doc) {
  bool ok = doc.is_object() && doc.contains("ok") && doc["ok"].is_boolean() && doc["ok"].get<bool>();
  if (http_status >= 200 && http_status < 300 && (ok || !doc.is_object() || !doc.contains("ok"))) {
    std::string id;
    if (doc.is_object() && doc.contains("result")) id = TextMember(doc["result"], "message_id");
    return Sent(http_status, std::move(id));
  }
  std::string code = TextMember(doc, "error_code");
  int status = http_status;
  if (status >= 200 && status < 300) {  // "ok": false on a 2xx: the error code decides
    Json value = IdValue(code);
    status = value.is_number_integer() ? static_cast<int>(value.get<int64_t>()) : 400;
  }
  Result r = ErrorByStatus(status, code.empty() ? std::to_string(http_status) : code,
                           TextMember(doc, "description"));
  r.http_status = http_status;
  if (doc.is_object() && doc.contains("parameters") && doc["parameters"].is_object()) {
    const Json& params = doc["parameters"];
    if (params.contains("retry_after") && params["retry_after"].is_number_integer()) {
      int64_t seconds = params["retry_after"].get<int64_t>();
      if (seconds > 0 && seconds < 86'400) {
        r.retry_after_ms = seconds * 1000;
        r.outcome = v1::EGRESS_TRANSIENT;
        r.reason += " (retry after " + std::to_string(seconds) + " s)";
      }
    }
  }
  return r;
}

}  // namespace aspirasi::egress
