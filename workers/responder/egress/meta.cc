// Graph API requests (Facebook comments and Messenger, Instagram comment replies and Direct,
// WhatsApp Cloud API) and the Graph error format they share:
//   {"error": {"message", "type", "code", "error_subcode", "is_transient"?, "error_data"?, "fbtrace_id"}}
#include <algorithm>
#include <array>
#include <string>

#include "workers/responder/egress/platforms.h"
#include "workers/responder/egress/reply_target.h"

namespace aspirasi::egress {
namespace {

// Rate limits and temporary failures: 1 unknown/temporary, 2 service unavailable, 4 app rate limit,
// 17 user rate limit, 32 page rate limit, 341 app limit, 613 calls limit, 80001-80014 business use
// case limits; WhatsApp 130429 throughput, 131000 unknown, 131016 service unavailable, 131048 spam
// rate limit, 131056 pair rate limit, 133004 server unavailable.
constexpr std::array<int64_t, 13> kTransientCodes = {1,      2,      4,      17,     32,     341,   613,
                                                     130429, 131000, 131016, 131048, 131056, 133004};

// Refused for good whatever the HTTP status: 10 and 200-299 permissions, 100 invalid parameter or
// deleted object (subcode 33), 190 token, WhatsApp 131009 parameter, 131021 recipient is sender,
// 131026 undeliverable, 131047 re-engagement (24-hour window), 131051 unsupported type, 131062
// business-scoped user id not supported.
constexpr std::array<int64_t, 9> kPermanentCodes = {10,     100,    190,    131009, 131021,
                                                    131026, 131047, 131051, 131062};

bool IsTransientCode(int64_t code) {
  if (code >= 80001 && code <= 80014) return true;
  return std::find(kTransientCodes.begin(), kTransientCodes.end(), code) != kTransientCodes.end();
}

bool IsPermanentCode(int64_t code) {
  if (code >= 200 && code <= 299) return true;
  return std::find(kPermanentCodes.begin(), kPermanentCodes.end(), code) != kPermanentCodes.end();
}

HttpRequest GraphPost(const Endpoint& endpoint, const std::string& object, const char* edge,
                      const Json& body) {
  return JsonPost(JoinUrl(endpoint.base_url, PathSegment(object) + "/" + edge), body, endpoint.token);
}

// Messenger and Instagram Direct: POST /{our account}/messages.
Built PrivateMessage(const v1::OutboundReply& reply, const Endpoint& endpoint, bool messenger) {
  const v1::Ticket& t = reply.ticket();
  std::string recipient = CitizenId(t, t.thread_id());
  if (recipient.empty())
    return Permanent(t.channel() + ": the ticket names no recipient (author.platform_id)");
  if (t.account().empty()) return Permanent(t.channel() + ": the ticket names no receiving account");
  Json body = {{"recipient", {{"id", recipient}}}};
  if (messenger) body["messaging_type"] = "RESPONSE";
  body["message"] = {{"text", reply.text()}};
  return GraphPost(endpoint, t.account(), "messages", body);
}

std::string HoursAgo(int64_t ms) {
  return std::to_string(ms / 3'600'000) + " h " + std::to_string(ms / 60'000 % 60) + " min";
}

// A WhatsApp person id: digits (wa_id, a phone number) go in "to", a business-scoped user id
// ("ID.123...", from April 2026) in "recipient".
bool IsPhoneNumber(const std::string& id) {
  std::string_view digits = id;
  if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);
  return !digits.empty() &&
         std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

Built BuildFacebook(const v1::OutboundReply& reply, const Endpoint& endpoint) {
  if (!reply.ticket().public_item()) return PrivateMessage(reply, endpoint, /*messenger=*/true);
  std::string target = TargetSourceId(reply);  // comment id, or post id for a visitor post
  if (target.empty()) return Permanent("facebook: the ticket has no comment or post id to reply to");
  return GraphPost(endpoint, target, "comments", {{"message", reply.text()}});
}

Built BuildInstagram(const v1::OutboundReply& reply, const Endpoint& endpoint) {
  if (!reply.ticket().public_item()) return PrivateMessage(reply, endpoint, /*messenger=*/false);
  std::string target = TargetSourceId(reply);
  if (target.empty()) return Permanent("instagram: the ticket has no comment id to reply to");
  return GraphPost(endpoint, target, "replies", {{"message", reply.text()}});
}

// Inside the customer-service window a free-form text (quoting the citizen's message); outside it
// only an approved template reaches the citizen: the reply's template when the account has one for
// its kind ([[account.template]]), else nothing can be sent (131047, as the platform would answer).
Built BuildWhatsapp(const v1::OutboundReply& reply, const Endpoint& endpoint, const BuildOptions& options) {
  const v1::Ticket& t = reply.ticket();
  int64_t last = LastInboundAtMs(t);
  int64_t now = options.now_ms();
  const bool window_closed = last > 0 && now - last > options.whatsapp_window_ms;
  if (window_closed && !reply.has_template_()) {
    return Permanent("whatsapp: the 24-hour customer-service window closed (the citizen last wrote " +
                         HoursAgo(now - last) + " ago); only a template message can reach them now",
                     "131047");
  }
  std::string person = CitizenId(t, t.thread_id());
  if (person.empty()) return Permanent("whatsapp: the ticket names no recipient (author.platform_id)");
  if (t.account().empty()) return Permanent("whatsapp: the ticket names no phone_number_id (account)");
  Json body = {{"messaging_product", "whatsapp"}, {"recipient_type", "individual"}};
  body[IsPhoneNumber(person) ? "to" : "recipient"] = person;
  if (window_closed) {
    const v1::ReplyTemplate& tmpl = reply.template_();
    Json parameters = Json::array();
    for (const auto& p : tmpl.parameters()) parameters.push_back({{"type", "text"}, {"text", p}});
    body["type"] = "template";
    body["template"] = {{"name", tmpl.name()}, {"language", {{"code", tmpl.language()}}}};
    if (!parameters.empty())
      body["template"]["components"] = Json::array({{{"type", "body"}, {"parameters", parameters}}});
    Built built = GraphPost(endpoint, t.account(), "messages", body);
    if (auto* request = std::get_if<HttpRequest>(&built)) request->template_name = tmpl.name();
    return built;
  }
  body["type"] = "text";
  body["text"] = {{"body", reply.text()}};
  std::string target = TargetSourceId(reply);
  if (!target.empty()) body["context"] = {{"message_id", target}};
  return GraphPost(endpoint, t.account(), "messages", body);
}

Result ClassifyGraph(int http_status, const Json& doc) {
  if (http_status >= 200 && http_status < 300) {
    std::string id = TextMember(doc, "message_id");  // Messenger / Instagram Direct
    if (id.empty()) id = TextMember(doc, "id");      // comments, replies
    if (id.empty() && doc.is_object() && doc.contains("messages") && doc["messages"].is_array() &&
        !doc["messages"].empty()) {
      id = TextMember(doc["messages"][0], "id");  // WhatsApp
    }
    return Sent(http_status, std::move(id));
  }
  const Json* error =
      doc.is_object() && doc.contains("error") && doc["error"].is_object() ? &doc["error"] : nullptr;
  if (error == nullptr) return ErrorByStatus(http_status, {}, {});
  std::string code = TextMember(*error, "code");
  std::string reason = TextMember(*error, "message");
  std::string subcode = TextMember(*error, "error_subcode");
  if (!subcode.empty()) reason += " (subcode " + subcode + ")";
  if (error->contains("error_data") && (*error)["error_data"].is_object()) {
    std::string details = TextMember((*error)["error_data"], "details");
    if (!details.empty() && details != reason) reason += ": " + details;
  }
  Result r = ErrorByStatus(http_status, code, reason);
  Json code_value = IdValue(code);
  int64_t number = code_value.is_number_integer() ? code_value.get<int64_t>() : -1;
  if (IsTransientCode(number)) {
    r.outcome = v1::EGRESS_TRANSIENT;
  } else if (IsPermanentCode(number)) {
    r.outcome = v1::EGRESS_PERMANENT;
  } else if (error->contains("is_transient") && (*error)["is_transient"].is_boolean()) {
    r.outcome = (*error)["is_transient"].get<bool>() ? v1::EGRESS_TRANSIENT : v1::EGRESS_PERMANENT;
  }
  return r;
}

}  // namespace aspirasi::egress
