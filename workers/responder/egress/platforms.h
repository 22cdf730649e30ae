// Each platform family's request builder and answer classifier. Internal to aspirasi::egress:
// callers use BuildRequest and Classify (egress.h), which dispatch here by channel.
//
// REQUIRES for every Build*: endpoint.base_url and reply.text() are not empty (BuildRequest checks).
// Thread safety: pure functions.
#pragma once

#include <variant>

#include "workers/responder/egress/egress.h"
#include "workers/responder/egress/egress_util.h"

namespace aspirasi::egress {

using Built = std::variant<HttpRequest, Result>;

// meta.cc: Graph API (facebook, instagram, whatsapp share the error format).
Built BuildFacebook(const v1::OutboundReply& reply, const Endpoint& endpoint);
Built BuildInstagram(const v1::OutboundReply& reply, const Endpoint& endpoint);
Built BuildWhatsapp(const v1::OutboundReply& reply, const Endpoint& endpoint, const BuildOptions& options);
Result ClassifyGraph(int http_status, const Json& doc);

// telegram.cc: Bot API sendMessage.
Built BuildTelegram(const v1::OutboundReply& reply, const Endpoint& endpoint);
Result ClassifyTelegram(int http_status, const Json& doc);

// x.cc: X API v2 posts and DMs.
Built BuildX(const v1::OutboundReply& reply, const Endpoint& endpoint);
Result ClassifyX(bool is_private, int http_status, const Json& doc);

// youtube.cc: YouTube Data API v3 comments.insert.
Built BuildYoutube(const v1::OutboundReply& reply, const Endpoint& endpoint);
Result ClassifyYoutube(int http_status, const Json& doc);

// generic.cc: POST {base}/replies for configured channels (form, sms, ...).
Built BuildGeneric(const v1::OutboundReply& reply, const Endpoint& endpoint);
Result ClassifyGeneric(int http_status, const Json& doc);

}  // namespace aspirasi::egress
