// Platform egress: posts an OPD's reply (v1::OutboundReply) to the platform the ticket came from,
// with each platform's real API request, and says what became of it (v1::EgressOutcome).
//
//   BuildRequest  pure: the platform's HTTP request for the reply, or a PERMANENT Result when there
//                 is nothing that can be sent (no endpoint, missing ids, WhatsApp window closed).
//   Classify      pure: the platform's HTTP answer -> SENT / TRANSIENT / PERMANENT, keeping the
//                 platform's own message id, error code and message.
//   Sender        sends one request (MakeHttpSender: cpp-httplib, http:// and https://).
//   Post          BuildRequest + Send + Classify.
//
// Which id each platform request targets is described in README.md (derived from how the ingest
// plug-ins fill the ticket).
//
// Privacy: nothing here logs citizen text or tokens at info level or above, and no Result ever
// contains the token (Telegram's token is in the URL: the URL is never put in a reason).
// Thread safety: the free functions are pure; a Sender from MakeHttpSender may be used from
// several threads at once (one connection per Send).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "aspirasi/v1/wire.pb.h"

namespace aspirasi::egress {

// Where one receiving account's replies go.
struct Endpoint {
  std::string base_url;  // e.g. "https://graph.facebook.com/v21.0"; empty: no egress for this account
  std::string token;     // the account's access token (Telegram: the bot token)
};

struct BuildOptions {
  // WhatsApp's customer-service window: free-form replies only this long after the citizen's last
  // message. Default 24 h.
  int64_t whatsapp_window_ms = 24LL * 60 * 60 * 1000;
  // Wall-clock time, Unix epoch milliseconds. Empty: the system clock.
  std::function<int64_t()> now_ms;
};

struct HttpRequest {
  std::string method = "POST";
  std::string url;           // full: scheme, host, port, path and query
  std::string content_type;  // e.g. "application/json"
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // besides Content-Type
  std::string template_name;  // the request posts this approved template (WhatsApp outside its window)
};

// What a Sender got back. `transport` says whether an HTTP answer came at all.
enum class Transport {
  kAnswered,  // status and body hold the answer
  kNotSent,   // no connection (refused, DNS, TLS handshake, connect timeout): the platform has nothing
  kNoAnswer,  // the request went out (or may have) and no complete answer came back
};

struct HttpResponse {
  Transport transport = Transport::kAnswered;
  int status = 0;
  std::string body;
  std::string error;  // for kNotSent / kNoAnswer: what the HTTP library said (never the URL)
};

struct Result {
  v1::EgressOutcome outcome = v1::EGRESS_UNSPECIFIED;
  std::string platform_message_id;  // for SENT
  std::string platform_code;        // the platform's error code ("131047", "429", "commentsDisabled")
  std::string reason;               // the platform's own message, or ours; never the token
  int http_status = 0;              // 0 when no HTTP answer came
  int64_t retry_after_ms = 0;       // for TRANSIENT, when the platform said how long to wait
  std::string template_name;        // for SENT: posted as this template

  // The wire form (the responder acks with it).
  v1::ReplyResult ToProto(uint64_t reply_id) const;
};

// The platform request for `reply` (channel, account, ids and author come from reply.ticket()).
// Channels facebook, instagram, whatsapp, telegram, x and youtube get their own APIs; any other
// channel gets the generic JSON request `POST {base}/replies`.
// Returns a PERMANENT Result instead when it cannot be sent: empty endpoint.base_url, empty text,
// missing target ids, or (WhatsApp) the customer-service window closed and the reply has no
// template (platform_code "131047"); with a template, outside the window the template is posted.
std::variant<HttpRequest, Result> BuildRequest(const v1::OutboundReply& reply, const Endpoint& endpoint,
                                               const BuildOptions& options = {});

// Classifies an HTTP answer of `channel`'s API. `is_private`: a private-message send (not a public
// comment/tweet/reply). Never throws; a body that is not the platform's JSON is judged by status.
Result Classify(std::string_view channel, bool is_private, int http_status, std::string_view body);

// The outcome of a send that got no HTTP answer: kNotSent -> TRANSIENT, kNoAnswer -> UNKNOWN.
// REQUIRES: response.transport != kAnswered.
Result ClassifyTransport(const HttpResponse& response);

class Sender {
 public:
  virtual ~Sender() = default;
  virtual HttpResponse Send(const HttpRequest& request) = 0;
};

// cpp-httplib sender; https:// verifies the server certificate against the system CA store.
// Redirects are not followed (a 3xx is a PERMANENT answer).
std::unique_ptr<Sender> MakeHttpSender(int connect_timeout_ms, int read_timeout_ms);

// BuildRequest, then Send, then Classify (or ClassifyTransport).
Result Post(const v1::OutboundReply& reply, const Endpoint& endpoint, Sender& sender,
            const BuildOptions& options = {});

}  // namespace aspirasi::egress
