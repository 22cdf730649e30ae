// The cpp-httplib Sender: one client (and connection) per request, so Send is thread-safe.
#include <httplib.h>

#include <chrono>
#include <memory>
#include <string>

#include "workers/responder/egress/egress.h"

namespace aspirasi::egress {
namespace {

// Errors that happen before any byte of the request can have reached the platform.
bool BeforeRequest(httplib::Error error) {
  switch (error) {
    case httplib::Error::Connection:
    case httplib::Error::BindIPAddress:
    case httplib::Error::ConnectionTimeout:
    case httplib::Error::SSLConnection:
    case httplib::Error::SSLLoadingCerts:
    case httplib::Error::SSLServerVerification:
    // A request that could not be written completely is one the platform cannot act on.
    case httplib::Error::Write:
      return true;
    default:
      return false;
  }
}

HttpResponse Failure(Transport transport, std::string error) {
  HttpResponse r;
  r.transport = transport;
  r.error = std::move(error);
  return r;
}

class HttpSender final : public Sender {
 public:
  HttpSender(int connect_timeout_ms, int read_timeout_ms)
      : connect_timeout_(connect_timeout_ms), read_timeout_(read_timeout_ms) {}

  HttpResponse Send(const HttpRequest& request) override {
    // "scheme://host[:port]" and the rest (path and query).
    auto scheme_end = request.url.find("://");
    std::string scheme = scheme_end == std::string::npos ? std::string() : request.url.substr(0, scheme_end);
    if (scheme != "http" && scheme != "https")
      return Failure(Transport::kNotSent, "the URL is not http:// or https://");
    auto path_start = request.url.find('/', scheme_end + 3);
    std::string origin = request.url.substr(0, path_start);
    std::string target = path_start == std::string::npos ? "/" : request.url.substr(path_start);

    httplib::Client client(origin);
    if (!client.is_valid())
      return Failure(Transport::kNotSent, "the HTTP client could not be set up for this URL");
    client.set_connection_timeout(connect_timeout_);
    client.set_read_timeout(read_timeout_);
    client.set_write_timeout(read_timeout_);
    client.set_follow_location(false);
    client.set_keep_alive(false);

    httplib::Request req;
    req.method = request.method;
    req.path = target;
    req.body = request.body;
    req.set_header("User-Agent", "aspirasi-egress");
    if (!request.content_type.empty()) req.set_header("Content-Type", request.content_type);
    for (const auto& [name, value] : request.headers) req.set_header(name, value);

    httplib::Result res = client.send(req);
    if (!res) {
      httplib::Error error = res.error();
      return Failure(BeforeRequest(error) ? Transport::kNotSent : Transport::kNoAnswer,
                     httplib::to_string(error));
    }
    HttpResponse out;
    out.status = res->status;
    out.body = res->body;
    return out;
  }

 private:
  std::chrono::milliseconds connect_timeout_;
  std::chrono::milliseconds read_timeout_;
};

}  // namespace

std::unique_ptr<Sender> MakeHttpSender(int connect_timeout_ms, int read_timeout_ms) {
  return std::make_unique<HttpSender>(connect_timeout_ms, read_timeout_ms);
}

}  // namespace aspirasi::egress
