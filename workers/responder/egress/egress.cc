// BuildRequest, Classify and Post: dispatch by channel to the platform files.
#include "workers/responder/egress/egress.h"

#include <chrono>

#include "common/log.h"
#include "workers/responder/egress/platforms.h"

namespace aspirasi::egress {
namespace {

int64_t SystemNowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

v1::ReplyResult Result::ToProto(uint64_t reply_id) const {
  v1::ReplyResult r;
  r.set_reply_id(reply_id);
  r.set_outcome(outcome);
  r.set_platform_message_id(platform_message_id);
  r.set_platform_code(platform_code);
  r.set_reason(reason);
  r.set_http_status(http_status);
  r.set_template_name(template_name);
  return r;
}

std::variant<HttpRequest, Result> BuildRequest(const v1::OutboundReply& reply, const Endpoint& endpoint,
                                               const BuildOptions& options) {
  const std::string& channel = reply.ticket().channel();
  if (endpoint.base_url.empty()) return Permanent("no egress configured for channel " + channel);
  if (reply.text().empty()) return Permanent("the reply text is empty");
  if (channel == "facebook") return BuildFacebook(reply, endpoint);
  if (channel == "instagram") return BuildInstagram(reply, endpoint);
  if (channel == "whatsapp") {
    BuildOptions with_clock = options;
    if (!with_clock.now_ms) with_clock.now_ms = SystemNowMs;
    return BuildWhatsapp(reply, endpoint, with_clock);
  }
  if (channel == "telegram") return BuildTelegram(reply, endpoint);
  if (channel == "x") return BuildX(reply, endpoint);
  if (channel == "youtube") return BuildYoutube(reply, endpoint);
  return BuildGeneric(reply, endpoint);
}

Result Classify(std::string_view channel, bool is_private, int http_status, std::string_view body) {
  Json doc = ParseObject(body);
  if (channel == "facebook" || channel == "instagram" || channel == "whatsapp")
    return ClassifyGraph(http_status, doc);
  if (channel == "telegram") return ClassifyTelegram(http_status, doc);
  if (channel == "x") return ClassifyX(is_private, http_status, doc);
  if (channel == "youtube") return ClassifyYoutube(http_status, doc);
  return ClassifyGeneric(http_status, doc);
}

Result ClassifyTransport(const HttpResponse& response) {
  Result r;
  if (response.transport == Transport::kNotSent) {
    r.outcome = v1::EGRESS_TRANSIENT;
    r.reason = "not sent: " + response.error;
  } else {
    r.outcome = v1::EGRESS_UNKNOWN;
    r.reason = "sent, no answer: " + response.error;
  }
  return r;
}

Result Post(const v1::OutboundReply& reply, const Endpoint& endpoint, Sender& sender,
            const BuildOptions& options) {
  const v1::Ticket& ticket = reply.ticket();
  auto built = BuildRequest(reply, endpoint, options);
  Result result;
  if (auto* refused = std::get_if<Result>(&built)) {
    result = std::move(*refused);
  } else {
    const HttpRequest& request = std::get<HttpRequest>(built);
    HttpResponse response = sender.Send(request);
    result = response.transport == Transport::kAnswered
                 ? Classify(ticket.channel(), !ticket.public_item(), response.status, response.body)
                 : ClassifyTransport(response);
    if (result.outcome == v1::EGRESS_SENT) result.template_name = request.template_name;
  }
  ModuleLogger("egress")->debug("reply {} ticket {} channel {}: {} http {} code '{}'", reply.reply_id(),
                                ticket.number(), ticket.channel(), v1::EgressOutcome_Name(result.outcome),
                                result.http_status, result.platform_code);
  return result;
}

}  // namespace aspirasi::egress
