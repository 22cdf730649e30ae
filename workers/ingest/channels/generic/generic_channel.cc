#include "workers/ingest/channels/generic/generic_channel.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "workers/ingest/channels/generic/generic_mapping.h"
#include "workers/ingest/channels/generic/generic_time.h"
#include "workers/ingest/keys.h"
#include "workers/ingest/signature.h"

namespace aspirasi::ingest {
namespace {

using json = nlohmann::json;
using generic::GenericMapping;
using Pointer = std::optional<json::json_pointer>;

constexpr int kMaxDepth = 64;
struct TooDeep {};

const char* TypeName(const json& v) {
  switch (v.type()) {
    case json::value_t::object:
      return "an object";
    case json::value_t::array:
      return "an array";
    case json::value_t::string:
      return "a string";
    case json::value_t::boolean:
      return "a boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
      return "an integer";
    case json::value_t::number_float:
      return "a fraction";
    default:
      return "null";
  }
}

// The mapping's paths as JSON Pointers, built once per request.
struct Compiled {
  const GenericMapping* m;
  Pointer items, item_id, text, author_id, author_name, author_handle, time, thread, parent, conversation,
      category, attachment_urls, action, version;
};

Result<Compiled> Compile(const GenericMapping& m) {
  Compiled c{&m, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}};
  auto make = [](const std::string& path, bool keep_empty) -> Pointer {
    if (path.empty() && !keep_empty) return std::nullopt;
    return json::json_pointer(path);
  };
  try {
    c.items = m.items.empty() ? Pointer() : make(m.items, false);
    c.item_id = make(m.item_id, false);
    c.text = make(m.text, false);
    c.author_id = make(m.author_id, false);
    c.author_name = make(m.author_name, false);
    c.author_handle = make(m.author_handle, false);
    c.time = make(m.time, false);
    c.thread = make(m.thread, false);
    c.parent = make(m.parent, false);
    c.conversation = make(m.conversation, false);
    c.category = make(m.category, false);
    c.attachment_urls = make(m.attachment_urls, false);
    c.action = make(m.action, false);
    c.version = make(m.version, false);
  } catch (const json::exception& e) {
    return Status::InvalidArgument("mapping", std::string("bad JSON Pointer in the mapping: ") + e.what());
  }
  return c;
}

// The value at `ptr`, or nullptr when the path is not mapped, absent, or null.
const json* At(const json& item, const Pointer& ptr) {
  if (!ptr) return nullptr;
  try {
    const json& v = item.at(*ptr);
    return v.is_null() ? nullptr : &v;
  } catch (const json::exception&) {
    return nullptr;
  }
}

// Reads values of one item, naming the item and path in errors.
class ItemReader {
 public:
  ItemReader(const json& item, std::string where) : item_(item), where_(std::move(where)) {}

  // An id-like value: a string, or an integer written in decimal. Absent: nullopt.
  Result<std::optional<std::string>> Scalar(const Pointer& ptr, bool allow_bool = false) const {
    const json* v = At(item_, ptr);
    if (v == nullptr) return std::optional<std::string>();
    if (v->is_string()) return std::optional<std::string>(v->get<std::string>());
    if (v->is_number_integer()) return std::optional<std::string>(v->dump());
    if (allow_bool && v->is_boolean()) return std::optional<std::string>(v->dump());
    return Error(ptr, std::string("must be a string or an integer, got ") + TypeName(*v));
  }

  Result<std::optional<std::string>> Text(const Pointer& ptr) const {
    const json* v = At(item_, ptr);
    if (v == nullptr) return std::optional<std::string>();
    if (!v->is_string()) return Error(ptr, std::string("must be a string, got ") + TypeName(*v));
    return std::optional<std::string>(v->get<std::string>());
  }

  Result<int64_t> TimeMs(const Pointer& ptr) const {
    const json* v = At(item_, ptr);
    if (v == nullptr) return int64_t{0};
    Result<int64_t> ms = Status::InvalidArgument("time", "");
    if (v->is_number_unsigned() || (v->is_number_integer() && v->get<int64_t>() >= 0)) {
      ms = generic::EpochIntegerToMs(
          v->is_number_unsigned() && v->get<uint64_t>() > INT64_MAX ? INT64_MAX : v->get<int64_t>());
    } else if (v->is_number()) {
      ms = generic::EpochNumberToMs(v->get<double>());
    } else if (v->is_string()) {
      ms = generic::TimeStringToMs(v->get<std::string>());
    } else {
      return Error(ptr, std::string("must be a time (epoch number or RFC 3339 string), got ") + TypeName(*v));
    }
    if (!ms.ok()) return Error(ptr, ms.status().message());
    return ms;
  }

  Result<std::vector<std::string>> Urls(const Pointer& ptr) const {
    std::vector<std::string> out;
    const json* v = At(item_, ptr);
    if (v == nullptr) return out;
    if (v->is_string()) {
      out.push_back(v->get<std::string>());
      return out;
    }
    if (!v->is_array())
      return Error(ptr, std::string("must be a URL or an array of URLs, got ") + TypeName(*v));
    for (const auto& u : *v) {
      if (!u.is_string()) return Error(ptr, "must hold only URL strings");
      out.push_back(u.get<std::string>());
    }
    return out;
  }

  Status Error(const Pointer& ptr, const std::string& what) const {
    return Status::Malformed(where_ + ": \"" + (ptr ? ptr->to_string() : std::string()) + "\" " + what);
  }
  const std::string& where() const { return where_; }

 private:
  const json& item_;
  std::string where_;
};

v1::AttachmentType GuessType(const std::string& url) {
  std::string path = url.substr(0, url.find_first_of("?#"));
  auto dot = path.rfind('.');
  std::string ext = dot == std::string::npos ? "" : path.substr(dot + 1);
  for (auto& ch : ext) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (ext == "jpg" || ext == "jpeg" || ext == "png" || ext == "gif" || ext == "webp" || ext == "heic")
    return v1::IMAGE;
  if (ext == "mp4" || ext == "mov" || ext == "webm" || ext == "3gp") return v1::VIDEO;
  if (ext == "mp3" || ext == "ogg" || ext == "m4a" || ext == "wav" || ext == "opus") return v1::AUDIO;
  if (ext == "pdf" || ext == "doc" || ext == "docx" || ext == "xls" || ext == "xlsx") return v1::DOCUMENT;
  return v1::LINK;
}

bool Contains(const std::vector<std::string>& values, const std::string& v) {
  for (const auto& x : values) {
    if (x == v) return true;
  }
  return false;
}

#define ASSIGN_OR_RETURN(lhs, expr)           \
  auto lhs##_r = (expr);                      \
  if (!lhs##_r.ok()) return lhs##_r.status(); \
  auto lhs = std::move(lhs##_r).value()

Status MapItem(const json& item, const Compiled& c, const AccountContext& account, const std::string& where,
               ParseResult* out) {
  const GenericMapping& m = *c.m;
  if (!item.is_object()) return Status::Malformed(where + " must be a JSON object, got " + TypeName(item));
  ItemReader r(item, where);

  v1::SubmitAction action = v1::CREATE;
  if (c.action) {
    ASSIGN_OR_RETURN(event, r.Scalar(c.action, true));
    if (event) {
      if (Contains(m.ignore_values, *event)) {
        ++out->ignored;
        return Status::Ok();
      }
      if (Contains(m.update_values, *event)) action = v1::UPDATE;
      if (Contains(m.withdraw_values, *event)) action = v1::WITHDRAW;
    }
  }
  ASSIGN_OR_RETURN(id, r.Scalar(c.item_id));
  if (!id || id->empty()) return r.Error(c.item_id, "(the item id) is missing or empty");
  ASSIGN_OR_RETURN(author_id, r.Scalar(c.author_id));
  if (author_id && account.IsOwn(*author_id)) {  // our own reply coming back: never a ticket
    ++out->ignored;
    return Status::Ok();
  }

  const std::string item_key = ItemKey(account.channel, account.id, m.kind, *id);
  v1::Submit submit;
  v1::TicketDraft* d = submit.mutable_draft();
  d->set_channel(account.channel);
  d->set_account(account.id);
  d->set_source_id(*id);
  if (action == v1::WITHDRAW) {
    submit.set_action(v1::WITHDRAW);
    submit.set_idempotency_key(RemoveKey(item_key));
    submit.set_target_key(item_key);
    out->submits.push_back(std::move(submit));
    return Status::Ok();
  }

  ASSIGN_OR_RETURN(text, r.Text(c.text));
  ASSIGN_OR_RETURN(urls, r.Urls(c.attachment_urls));
  if ((!text || text->empty()) && urls.empty()) return r.Error(c.text, "(the text) is missing or empty");
  ASSIGN_OR_RETURN(written_ms, r.TimeMs(c.time));
  ASSIGN_OR_RETURN(author_name, r.Text(c.author_name));
  ASSIGN_OR_RETURN(author_handle, r.Scalar(c.author_handle));
  ASSIGN_OR_RETURN(thread, r.Scalar(c.thread));
  ASSIGN_OR_RETURN(parent, r.Scalar(c.parent));
  ASSIGN_OR_RETURN(conversation, r.Scalar(c.conversation));
  ASSIGN_OR_RETURN(category, r.Text(c.category));

  if (text) d->set_text(*text);
  if (author_id) d->mutable_author()->set_platform_id(*author_id);
  if (author_name) d->mutable_author()->set_display_name(*author_name);
  if (author_handle) d->mutable_author()->set_handle(*author_handle);
  if (thread) d->set_thread_id(*thread);
  if (parent) d->set_parent_id(*parent);
  if (conversation && !conversation->empty()) {
    d->set_conversation_key(ConversationKey(account.channel, account.id, *conversation));
  }
  if (category) d->set_category(*category);
  d->set_written_at_ms(written_ms);
  d->set_public_item(m.public_item);
  for (const auto& url : urls) {
    auto* a = d->add_attachments();
    a->set_type(GuessType(url));
    a->set_url(url);
  }

  if (action == v1::UPDATE) {
    ASSIGN_OR_RETURN(version, r.Scalar(c.version));
    std::string v = version ? *version : (written_ms > 0 ? std::to_string(written_ms) : std::string());
    if (v.empty()) return r.Error(c.version ? c.version : c.time, "(the edit's version or time) is missing");
    submit.set_action(v1::UPDATE);
    submit.set_idempotency_key(EditKey(item_key, v));
    submit.set_target_key(item_key);
  } else {
    submit.set_action(v1::CREATE);
    submit.set_idempotency_key(item_key);
  }
  out->submits.push_back(std::move(submit));
  return Status::Ok();
}

Result<json> ParseJson(std::string_view body) {
  try {
    return json::parse(body.begin(), body.end(), [](int depth, json::parse_event_t, json&) {
      if (depth > kMaxDepth) throw TooDeep{};
      return true;
    });
  } catch (const json::parse_error& e) {
    return Status::Malformed(std::string("body is not valid JSON: ") + e.what());
  } catch (const TooDeep&) {
    return Status::Malformed("body nests deeper than " + std::to_string(kMaxDepth) + " levels");
  } catch (const std::exception& e) {
    return Status::Malformed(std::string("body is not valid JSON: ") + e.what());
  }
}

class GenericChannel : public Channel {
 public:
  Status Verify(const HttpRequestView& req, const AccountContext& account) const override {
    auto mapping = generic::MappingFromOptions(account.options);
    if (!mapping.ok())
      return Status::Internal("generic channel misconfigured: " + mapping.status().message());
    const GenericMapping& m = *mapping;
    if (m.signature_header.empty()) return Status::Ok();
    std::string got = req.header(m.signature_header);
    if (got.empty()) {
      return Status::InvalidArgument(m.signature_header, "the " + m.signature_header + " header is missing");
    }
    if (account.secret.empty())
      return Status::Error(v1::PERMISSION_DENIED, "no secret is configured for this account");
    std::string want =
        m.signature_prefix + (m.signature_encoding == "base64" ? HmacSha256Base64(account.secret, req.body)
                                                               : HmacSha256Hex(account.secret, req.body));
    if (m.signature_encoding == "hex") {  // hex digits may arrive in upper case
      for (std::size_t i = m.signature_prefix.size(); i < got.size(); ++i) {
        got[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(got[i])));
      }
    }
    if (!ConstantTimeEquals(got, want)) {
      return Status::Error(v1::PERMISSION_DENIED,
                           "the " + m.signature_header + " signature does not match the body");
    }
    return Status::Ok();
  }

  Result<ParseResult> Parse(std::string_view body, const AccountContext& account) const override {
    auto mapping = generic::MappingFromOptions(account.options);
    if (!mapping.ok())
      return Status::Internal("generic channel misconfigured: " + mapping.status().message());
    auto compiled = Compile(*mapping);
    if (!compiled.ok()) return compiled.status();
    auto doc = ParseJson(body);
    if (!doc.ok()) return doc.status();

    ParseResult out;
    const Compiled& c = *compiled;
    if (!c.items) {
      Status s = MapItem(*doc, c, account, "body", &out);
      if (!s.ok()) return s;
      return out;
    }
    const json* items = At(*doc, c.items);
    if (items == nullptr)
      return Status::Malformed("body: \"" + c.items->to_string() + "\" (the items) is missing");
    if (!items->is_array()) {
      return Status::Malformed("body: \"" + c.items->to_string() + "\" (the items) must be an array, got " +
                               TypeName(*items));
    }
    for (std::size_t i = 0; i < items->size(); ++i) {
      Status s = MapItem((*items)[i], c, account, "item " + std::to_string(i), &out);
      if (!s.ok()) return s;
    }
    return out;
  }
};

}  // namespace

ChannelInfo GenericChannelInfo() {
  return ChannelInfo{
      "generic",
      "alpha",
      "webhook",
      "optional, configured: a named header with HMAC-SHA256(secret, body) in hex or base64, with an "
      "optional prefix",
      "none",
      {"configured by [[channel]] field mapping (JSON Pointers)", "items in a batch", "public or private",
       "conversations", "edits", "deletions", "ignored event types", "attachment URLs", "own-id echoes"}};
}

std::unique_ptr<Channel> MakeGenericChannel() { return std::make_unique<GenericChannel>(); }

}  // namespace aspirasi::ingest
