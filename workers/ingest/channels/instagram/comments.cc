#include "workers/ingest/channels/instagram/comments.h"

#include <string>
#include <utility>

#include "workers/ingest/channels/meta/submits.h"
#include "workers/ingest/keys.h"

namespace aspirasi::ingest::instagram {

void ParseCommentChange(const meta::JsonNode& value, int64_t entry_time_ms, meta::EntryContext& ctx) {
  if (!value.RequireObject()) return;
  meta::JsonNode from = value["from"];
  std::string author = from["id"].Id();
  if (!value.errors().ok()) return;
  if (ctx.IsOwn(author)) return meta::Ignore(ctx);  // our own reply (self_ig_scoped_id is set too)

  std::string id = value["id"].RequiredId();
  v1::TicketDraft d = meta::NewDraft(ctx, /*public_item=*/true);
  d.set_source_id(id);
  d.set_thread_id(value["media"]["id"].Id());
  d.set_parent_id(value["parent_id"].Id());
  d.mutable_author()->set_platform_id(author);
  d.mutable_author()->set_handle(from["username"].String());
  d.set_text(value["text"].String());
  d.set_written_at_ms(entry_time_ms);
  if (!value.errors().ok()) return;
  if (!meta::HasContent(d)) return meta::Ignore(ctx);
  meta::EmitCreate(ctx, ItemKey(ctx.channel, ctx.account, "comment", id), std::move(d));
}

}  // namespace aspirasi::ingest::instagram
