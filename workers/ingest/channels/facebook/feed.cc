#include "workers/ingest/channels/facebook/feed.h"

#include <string>
#include <utility>

#include "workers/ingest/channels/meta/edit_version.h"
#include "workers/ingest/channels/meta/submits.h"
#include "workers/ingest/channels/meta/time_fields.h"
#include "workers/ingest/keys.h"

namespace aspirasi::ingest::facebook {
namespace {

using meta::JsonNode;

enum class Verb { kAdd, kEdit, kRemove, kOther };

Verb VerbOf(const std::string& verb) {
  if (verb == "add") return Verb::kAdd;
  if (verb == "edited" || verb == "edit") return Verb::kEdit;
  if (verb == "remove") return Verb::kRemove;
  return Verb::kOther;  // hide, unhide, block, mute, update: moderation, not the citizen's doing
}

void AddUrl(v1::TicketDraft& d, v1::AttachmentType type, std::string url) {
  if (url.empty()) return;
  v1::Attachment a;
  a.set_type(type);
  a.set_url(std::move(url));
  meta::AddAttachment(d, std::move(a));
}

void ReadMedia(const JsonNode& value, v1::TicketDraft& d) {
  AddUrl(d, v1::IMAGE, value["photo"].String());
  JsonNode photos = value["photos"];
  for (std::size_t i = 0; i < photos.size(); ++i) AddUrl(d, v1::IMAGE, photos[i].String());
  AddUrl(d, v1::VIDEO, value["video"].String());
  AddUrl(d, v1::LINK, value["link"].String());
}

}  // namespace

void ParseFeedChange(const JsonNode& value, meta::EntryContext& ctx) {
  if (!value.RequireObject()) return;
  std::string item = value["item"].String();
  bool comment = item == "comment";
  if (!comment && item != "status" && item != "post") return meta::Ignore(ctx);
  Verb verb = VerbOf(value["verb"].RequiredString());
  JsonNode from = value["from"];
  std::string author = from["id"].Id();
  if (!value.errors().ok()) return;
  if (ctx.IsOwn(author) || verb == Verb::kOther) return meta::Ignore(ctx);

  std::string post_id = value["post_id"].Id();
  if (post_id.empty()) post_id = value["post"]["id"].Id();
  std::string id = comment ? value["comment_id"].RequiredId() : value["post_id"].RequiredId();
  JsonNode created = value["created_time"];
  v1::TicketDraft d = meta::NewDraft(ctx, /*public_item=*/true);
  d.set_source_id(id);
  d.set_thread_id(post_id);
  if (comment) {
    std::string parent = value["parent_id"].Id();
    if (parent != post_id) d.set_parent_id(std::move(parent));  // a reply to another comment
  }
  d.mutable_author()->set_platform_id(author);
  d.mutable_author()->set_display_name(from["name"].String());
  d.set_written_at_ms(meta::SecondsAsMs(created));
  if (!value.errors().ok()) return;

  std::string key = ItemKey(ctx.channel, ctx.account, comment ? "comment" : "post", id);
  if (verb == Verb::kRemove) return meta::EmitWithdraw(ctx, RemoveKey(key), key, std::move(d));
  d.set_text(value["message"].String());
  ReadMedia(value, d);
  if (!value.errors().ok()) return;
  if (!meta::HasContent(d)) return meta::Ignore(ctx);
  if (verb == Verb::kAdd) return meta::EmitCreate(ctx, std::move(key), std::move(d));
  std::string version = created.present() ? std::to_string(created.Int()) : meta::TextVersion(d.text());
  meta::EmitUpdate(ctx, EditKey(key, version), key, std::move(d));
}

}  // namespace aspirasi::ingest::facebook
