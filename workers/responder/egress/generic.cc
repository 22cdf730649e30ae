// Configured channels (form, sms, ...): POST {base}/replies with
//   {"reply_id", "ticket_number", "channel", "account", "conversation_key", "to", "in_reply_to", "text"}
// answered by 2xx {"id": ...} (optional), errors {"error": "..."} or {"error": {"code", "message"}}.
#include <string>

#include "workers/responder/egress/platforms.h"
#include "workers/responder/egress/reply_target.h"

namespace aspirasi::egress {

Built BuildGeneric(const v1::OutboundReply& reply, const Endpoint& endpoint) {
  const v1::Ticket& t = reply.ticket();
  Json body = {{"reply_id", reply.reply_id()},
               {"ticket_number", t.number()},
               {"channel", t.channel()},
               {"account", t.account()},
               {"conversation_key", t.conversation_key()},
               {"to", t.author().platform_id()},
               {"in_reply_to", TargetSourceId(reply)},
               {"text", reply.text()}};
  return JsonPost(JoinUrl(endpoint.base_url, "replies"), body, endpoint.token);
}

Result ClassifyGeneric(int http_status, const Json& doc) {
  if (http_status >= 200 && http_status < 300) {
    std::string id = TextMember(doc, "id");
    if (id.empty()) id = TextMember(doc, "message_id");
    return Sent(http_status, std::move(id));
  }
  std::string code;
  std::string reason;
  if (doc.is_object() && doc.contains("error")) {
    const Json& error = doc["error"];
    if (error.is_string()) {
      reason = error.get<std::string>();
    } else {
      code = TextMember(error, "code");
      reason = TextMember(error, "message");
    }
  }
  if (reason.empty()) reason = TextMember(doc, "message");
  return ErrorByStatus(http_status, code, reason);
}

}  // namespace aspirasi::egress
