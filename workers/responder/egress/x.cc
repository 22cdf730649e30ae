// X API v2: POST {base}/2/tweets (a public reply) and
// POST {base}/2/dm_conversations/with/{participant_id}/messages (a direct message).
// Answers: {"data": {"id", "text"}} / {"data": {"dm_conversation_id", "dm_event_id"}}; errors are
// problem documents {"title", "detail", "type", "status"} or {"errors": [{"message", "code"} |
// {"title", "detail", "type"}]}.
#include <string>

#include "workers/responder/egress/platforms.h"
#include "workers/responder/egress/reply_target.h"

namespace aspirasi::egress {
namespace {

// The code and text of one X error object.
void ReadProblem(const Json& problem, std::string& code, std::string& reason) {
  code = TextMember(problem, "code");
  std::string type = TextMember(problem, "type");
  if (code.empty() && !type.empty() && type != "about:blank") code = type;
  if (code.empty()) code = TextMember(problem, "title");
  reason = TextMember(problem, "detail");
  if (reason.empty()) reason = TextMember(problem, "message");
  if (reason.empty()) reason = TextMember(problem, "title");
}

}  // namespace

Built BuildX(const v1::OutboundReply& reply, const Endpoint& endpoint) {
  const v1::Ticket& t = reply.ticket();
  if (t.public_item()) {
    std::string target = TargetSourceId(reply);  // the tweet's id_str
    if (target.empty()) return Permanent("x: the ticket has no post id to reply to");
    Json body = {{"text", reply.text()}, {"reply", {{"in_reply_to_tweet_id", target}}}};
    return JsonPost(JoinUrl(endpoint.base_url, "2/tweets"), body, endpoint.token);
  }
  std::string participant = CitizenId(t, ConversationOf(t));  // the DM's sender
  if (participant.empty()) return Permanent("x: the ticket names no DM participant (author.platform_id)");
  return JsonPost(
      JoinUrl(endpoint.base_url, "2/dm_conversations/with/" + PathSegment(participant) + "/messages"),
      {{"text", reply.text()}}, endpoint.token);
}

Result ClassifyX(bool is_private, int http_status, const Json& doc) {
  const Json* data =
      doc.is_object() && doc.contains("data") && doc["data"].is_object() ? &doc["data"] : nullptr;
  if (http_status >= 200 && http_status < 300) {
    std::string id;
    if (data != nullptr) {
      id = TextMember(*data, is_private ? "dm_event_id" : "id");
      if (id.empty()) id = TextMember(*data, is_private ? "id" : "dm_event_id");
    }
    return Sent(http_status, std::move(id));
  }
  std::string code;
  std::string reason;
  ReadProblem(doc, code, reason);  // the problem document, if the body is one
  if (doc.is_object() && doc.contains("errors") && doc["errors"].is_array() && !doc["errors"].empty()) {
    std::string first_code;
    std::string first_reason;  // more specific than the document's detail
    ReadProblem(doc["errors"][0], first_code, first_reason);
    if (!first_code.empty()) code = first_code;
    if (!first_reason.empty()) reason = first_reason;
  }
  return ErrorByStatus(http_status, code, reason);
}

}  // namespace aspirasi::egress
