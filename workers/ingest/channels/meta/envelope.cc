#include "workers/ingest/channels/meta/envelope.h"

#include <exception>

namespace aspirasi::ingest::meta {
namespace {

Result<ParseResult> ParseEntries(const Json& doc, std::string_view object, std::string_view channel,
                                 const AccountContext& account, const EntryParser& parse_entry) {
  ReadErrors errors;
  JsonNode root(doc, errors);
  if (!doc.is_object()) return Status::Malformed("body: expected a JSON object");
  std::string got = root["object"].RequiredString();
  if (!errors.ok()) return errors.ToStatus();
  if (got != object) return Status::Malformed("object: expected \"" + std::string(object) + "\"");
  JsonNode entries = root["entry"];
  if (!entries.RequireArray()) return errors.ToStatus();

  ParseResult result;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    JsonNode entry = entries[i];
    if (!entry.RequireObject()) break;
    EntryContext ctx{channel, entry["id"].Id(), &account, &result};
    if (ctx.account.empty()) ctx.account = account.id;
    if (!errors.ok()) break;
    parse_entry(entry, ctx);
    if (!errors.ok()) break;
  }
  if (!errors.ok()) return errors.ToStatus();
  return result;
}

}  // namespace

Result<ParseResult> ParseEnvelope(std::string_view body, std::string_view object, std::string_view channel,
                                  const AccountContext& account, const EntryParser& parse_entry) {
  // The edge: nothing thrown by nlohmann::json (or an allocation) leaves Parse.
  try {
    Json doc = Json::parse(body.begin(), body.end());
    return ParseEntries(doc, object, channel, account, parse_entry);
  } catch (const Json::parse_error& e) {
    // The library's message quotes the bytes it last read; a Status never carries citizen data.
    return Status::Malformed("body is not valid JSON (error at byte " + std::to_string(e.byte) + ")");
  } catch (const Json::exception& e) {
    return Status::Malformed(std::string("body could not be read: ") + e.what());
  } catch (const std::exception& e) {
    return Status::Internal(std::string("parsing the body failed: ") + e.what());
  }
}

}  // namespace aspirasi::ingest::meta
