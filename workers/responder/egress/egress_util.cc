#include "workers/responder/egress/egress_util.h"

#include <charconv>
#include <utility>

namespace aspirasi::egress {

std::string JoinUrl(std::string_view base, std::string_view path) {
  while (!base.empty() && base.back() == '/') base.remove_suffix(1);
  while (!path.empty() && path.front() == '/') path.remove_prefix(1);
  std::string url(base);
  url.append("/").append(path);
  return url;
}

std::string PathSegment(std::string_view id) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(id.size());
  for (char c : id) {
    auto u = static_cast<unsigned char>(c);
    bool unreserved = (u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') ||
                      u == '-' || u == '.' || u == '_' || u == '~';
    if (unreserved) {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 0xF]);
    }
  }
  return out;
}

HttpRequest JsonPost(std::string url, const Json& body, std::string_view bearer_token) {
  HttpRequest req;
  req.method = "POST";
  req.url = std::move(url);
  req.content_type = "application/json";
  req.body = DumpJson(body);
  if (!bearer_token.empty()) req.headers.emplace_back("Authorization", "Bearer " + std::string(bearer_token));
  return req;
}

std::string DumpJson(const Json& json) { return json.dump(-1, ' ', false, Json::error_handler_t::replace); }

Json ParseObject(std::string_view body) {
  Json doc = Json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) return Json(Json::value_t::discarded);
  return doc;
}

std::string TextMember(const Json& obj, const char* key) {
  if (!obj.is_object()) return {};
  auto it = obj.find(key);
  if (it == obj.end()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<int64_t>());
  if (it->is_number_unsigned()) return std::to_string(it->get<uint64_t>());
  return {};
}

Json IdValue(const std::string& text) {
  int64_t value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (!text.empty() && ec == std::errc() && ptr == end && text != "-0" &&
      (text[0] != '0' || text.size() == 1)) {
    return value;
  }
  return text;
}

Result Sent(int http_status, std::string platform_message_id) {
  Result r;
  r.outcome = v1::EGRESS_SENT;
  r.http_status = http_status;
  r.platform_message_id = std::move(platform_message_id);
  return r;
}

Result Permanent(std::string reason, std::string platform_code) {
  Result r;
  r.outcome = v1::EGRESS_PERMANENT;
  r.reason = std::move(reason);
  r.platform_code = std::move(platform_code);
  return r;
}

bool IsTransientStatus(int http_status) {
  return http_status == 408 || http_status == 425 || http_status == 429 || http_status >= 500;
}

Result ErrorByStatus(int http_status, std::string platform_code, std::string reason) {
  Result r;
  r.outcome = IsTransientStatus(http_status) ? v1::EGRESS_TRANSIENT : v1::EGRESS_PERMANENT;
  r.http_status = http_status;
  r.platform_code = std::move(platform_code);
  r.reason = reason.empty() ? StatusReason(http_status) : std::move(reason);
  return r;
}

std::string StatusReason(int http_status) {
  std::string phrase;
  switch (http_status) {
    case 400:
      phrase = "Bad Request";
      break;
    case 401:
      phrase = "Unauthorized";
      break;
    case 403:
      phrase = "Forbidden";
      break;
    case 404:
      phrase = "Not Found";
      break;
    case 408:
      phrase = "Request Timeout";
      break;
    case 429:
      phrase = "Too Many Requests";
      break;
    case 500:
      phrase = "Internal Server Error";
      break;
    case 502:
      phrase = "Bad Gateway";
      break;
    case 503:
      phrase = "Service Unavailable";
      break;
    case 504:
      phrase = "Gateway Timeout";
      break;
    default:
      break;
  }
  std::string reason = "HTTP " + std::to_string(http_status);
  if (!phrase.empty()) reason += " " + phrase;
  return reason;
}

}  // namespace aspirasi::egress
