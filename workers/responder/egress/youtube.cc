// YouTube Data API v3 comments.insert: POST {base}/youtube/v3/comments?part=snippet with
// {"snippet": {"parentId": <top-level comment id>, "textOriginal": ...}}. Answers: a Comment
// {"id", ...}; errors {"error": {"code", "message", "errors": [{"domain", "reason", "message"}]}}.
#include <algorithm>
#include <array>
#include <string>
#include <string_view>

#include "workers/responder/egress/platforms.h"
#include "workers/responder/egress/reply_target.h"

namespace aspirasi::egress {
namespace {

// Reasons that pass: quotas reset, back ends recover.
constexpr std::array<std::string_view, 6> kTransientReasons = {"quotaExceeded",         "rateLimitExceeded",
                                                               "userRateLimitExceeded", "dailyLimitExceeded",
                                                               "backendError",          "internalError"};

// Replies hang off the thread's top-level comment: a reply id is "<top-level id>.<suffix>"; the
// ingest plug-in keeps a reply's parentId in ticket.parent_id.
std::string TopLevelCommentId(const v1::OutboundReply& reply) {
  const v1::Ticket& t = reply.ticket();
  std::string target = TargetSourceId(reply);
  if (target == t.source_id() && !t.parent_id().empty()) return t.parent_id();
  return target.substr(0, target.find('.'));
}

}  // namespace

Built BuildYoutube(const v1::OutboundReply& reply, const Endpoint& endpoint) {
  std::string parent = TopLevelCommentId(reply);
  if (parent.empty()) return Permanent("youtube: the ticket has no comment id to reply to");
  Json body = {{"snippet", {{"parentId", parent}, {"textOriginal", reply.text()}}}};
  return JsonPost(JoinUrl(endpoint.base_url, "youtube/v3/comments?part=snippet"), body, endpoint.token);
}

Result ClassifyYoutube(int http_status, const Json& doc) {
  if (http_status >= 200 && http_status < 300) return Sent(http_status, TextMember(doc, "id"));
  const Json* error =
      doc.is_object() && doc.contains("error") && doc["error"].is_object() ? &doc["error"] : nullptr;
  if (error == nullptr) return ErrorByStatus(http_status, {}, {});
  std::string reason_code;
  if (error->contains("errors") && (*error)["errors"].is_array() && !(*error)["errors"].empty()) {
    reason_code = TextMember((*error)["errors"][0], "reason");
  }
  std::string code = reason_code.empty() ? TextMember(*error, "code") : reason_code;
  Result r = ErrorByStatus(http_status, code, TextMember(*error, "message"));
  if (std::find(kTransientReasons.begin(), kTransientReasons.end(), reason_code) != kTransientReasons.end()) {
    r.outcome = v1::EGRESS_TRANSIENT;
  }
  return r;
}

}  // namespace aspirasi::egress
