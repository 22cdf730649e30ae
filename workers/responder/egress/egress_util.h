// Helpers the platform files share: URLs, JSON requests and answers, Result factories.
// Internal to aspirasi::egress (not a public header).
//
// Thread safety: pure functions.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "workers/responder/egress/egress.h"

namespace aspirasi::egress {

using Json = nlohmann::json;

// base + "/" + path, with one slash between them whatever `base` ends with.
std::string JoinUrl(std::string_view base, std::string_view path);

// Percent-encodes everything but RFC 3986 unreserved characters: an id as one URL path segment.
std::string PathSegment(std::string_view id);

// A JSON POST; adds "Authorization: Bearer <token>" when `bearer_token` is not empty.
HttpRequest JsonPost(std::string url, const Json& body, std::string_view bearer_token);

// Serialises compactly; invalid UTF-8 in strings becomes U+FFFD instead of throwing.
std::string DumpJson(const Json& json);

// The body parsed as a JSON object, or a discarded value (is_discarded()) when it is not one.
Json ParseObject(std::string_view body);

// obj[key] as text: a string as is, an integer in decimal; "" for anything else or no object.
std::string TextMember(const Json& obj, const char* key);

// An integer id as JSON: a number when `text` is a decimal int64, else the string itself.
Json IdValue(const std::string& text);

Result Sent(int http_status, std::string platform_message_id);
Result Permanent(std::string reason, std::string platform_code = {});
// 408, 425, 429 and 5xx.
bool IsTransientStatus(int http_status);
// The outcome an error answer gets from its status alone: TRANSIENT or PERMANENT.
Result ErrorByStatus(int http_status, std::string platform_code, std::string reason);
// "HTTP <status>" and, when known, its phrase: the reason for an answer the platform did not explain.
std::string StatusReason(int http_status);

}  // namespace aspirasi::egress
