#include "tools/fake_platform/platform_answers.h"

#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

namespace aspirasi::fake_platform {
namespace {

using Json = nlohmann::json;

std::vector<std::string> Segments(std::string_view path) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    if (slash > start) out.emplace_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

Answer JsonAnswer(int status, const Json& body) {
  return {status, body.dump(-1, ' ', false, Json::error_handler_t::replace), "application/json"};
}

std::string StringAt(const Json& doc, const Json::json_pointer& pointer) {
  if (!doc.is_object() || !doc.contains(pointer)) return {};
  const Json& v = doc.at(pointer);
  return v.is_string() ? v.get<std::string>() : v.is_number() ? v.dump() : std::string();
}

// /graph/{object}/{comments|replies|messages}
Answer Graph(const std::vector<std::string>& seg, const Json& body, uint64_t n) {
  if (seg.size() == 3 && seg[2] == "comments") {
    std::string post = seg[1].substr(0, seg[1].find('_'));
    return JsonAnswer(200, {{"id", post + "_" + std::to_string(900000000000000ULL + n)}});
  }
  if (seg.size() == 3 && seg[2] == "replies") {
    return JsonAnswer(200, {{"id", std::to_string(17900000000000000ULL + n)}});
  }
  if (seg.size() == 3 && seg[2] == "messages") {
    if (StringAt(body, "/messaging_product"_json_pointer) == "whatsapp") {
      std::string to = StringAt(body, "/to"_json_pointer);
      Json contact = {{"input", to.empty() ? StringAt(body, "/recipient"_json_pointer) : to}};
      if (!to.empty()) contact["wa_id"] = to;
      return JsonAnswer(200, {{"messaging_product", "whatsapp"},
                              {"contacts", Json::array({contact})},
                              {"messages", Json::array({{{"id", "wamid.FAKE" + std::to_string(n)}}})}});
    }
    return JsonAnswer(200, {{"recipient_id", StringAt(body, "/recipient/id"_json_pointer)},
                            {"message_id", "m_FAKE" + std::to_string(n)}});
  }
  return JsonAnswer(400, {{"error",
                           {{"message", "Unknown path components"},
                            {"type", "OAuthException"},
                            {"code", 2500},
                            {"fbtrace_id", "FAKE"}}}});
}

// /telegram/bot<token>/sendMessage
Answer Telegram(const std::vector<std::string>& seg, const Json& body, uint64_t n, int64_t now_ms) {
  if (seg.size() == 3 && seg[1].rfind("bot", 0) == 0 && seg[2] == "sendMessage") {
    Json chat_id = body.is_object() && body.contains("chat_id") ? body["chat_id"] : Json(0);
    return JsonAnswer(200, {{"ok", true},
                            {"result",
                             {{"message_id", n},
                              {"date", now_ms / 1000},
                              {"chat", {{"id", chat_id}}},
                              {"text", StringAt(body, "/text"_json_pointer)}}}});
  }
  return JsonAnswer(404, {{"ok", false}, {"error_code", 404}, {"description", "Not Found"}});
}

// /x/2/tweets, /x/2/dm_conversations/with/{id}/messages
Answer X(const std::vector<std::string>& seg, const Json& body, uint64_t n) {
  if (seg.size() == 3 && seg[1] == "2" && seg[2] == "tweets") {
    std::string id = std::to_string(1900000000000000000ULL + n);
    return JsonAnswer(201, {{"data",
                             {{"id", id},
                              {"text", StringAt(body, "/text"_json_pointer)},
                              {"edit_history_tweet_ids", Json::array({id})}}}});
  }
  if (seg.size() == 6 && seg[1] == "2" && seg[2] == "dm_conversations" && seg[3] == "with" &&
      seg[5] == "messages") {
    return JsonAnswer(201, {{"data",
                             {{"dm_conversation_id", "1587203349912207361-" + seg[4]},
                              {"dm_event_id", std::to_string(1800000000000000000ULL + n)}}}});
  }
  return JsonAnswer(
      404, {{"title", "Not Found Error"}, {"detail", "Not Found"}, {"type", "about:blank"}, {"status", 404}});
}

// /youtube/youtube/v3/comments
Answer Youtube(const std::vector<std::string>& seg, const Json& body, uint64_t n) {
  if (seg.size() == 4 && seg[1] == "youtube" && seg[2] == "v3" && seg[3] == "comments") {
    std::string parent = StringAt(body, "/snippet/parentId"_json_pointer);
    return JsonAnswer(
        200,
        {{"kind", "youtube#comment"},
         {"etag", "fake-etag-" + std::to_string(n)},
         {"id", parent + ".FAKE" + std::to_string(n)},
         {"snippet",
          {{"parentId", parent}, {"textOriginal", StringAt(body, "/snippet/textOriginal"_json_pointer)}}}});
  }
  return JsonAnswer(404, {{"error",
                           {{"code", 404},
                            {"message", "Not Found"},
                            {"errors", Json::array({{{"domain", "global"}, {"reason", "notFound"}}})}}}});
}

}  // namespace

Answer PlatformAnswer(const std::string& method, const std::string& path, const std::string& body, uint64_t n,
                      int64_t now_ms) {
  std::vector<std::string> seg = Segments(path);
  Json doc = Json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) doc = Json::object();
  if (!seg.empty() && method == "POST") {
    if (seg[0] == "graph") return Graph(seg, doc, n);
    if (seg[0] == "telegram") return Telegram(seg, doc, n, now_ms);
    if (seg[0] == "x") return X(seg, doc, n);
    if (seg[0] == "youtube") return Youtube(seg, doc, n);
    if (seg[0] == "generic" && seg.back() == "replies") {
      return JsonAnswer(200, {{"id", "generic-" + std::to_string(n)}});
    }
  }
  return JsonAnswer(404, {{"error", "the fake platform does not answer " + method + " " + path}});
}

}  // namespace aspirasi::fake_platform
