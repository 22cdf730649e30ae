// The three submit shapes of the channel contract (workers/ingest/channel.h), built for one entry:
// CREATE (key = the item's key), UPDATE and WITHDRAW (target_key = the item's key). Every draft
// carries the channel and the payload's account.
#pragma once

#include <string>

#include "aspirasi/v1/wire.pb.h"
#include "workers/ingest/channels/meta/envelope.h"

namespace aspirasi::ingest::meta {

// The broker takes at most this many attachments per message; more are dropped.
inline constexpr int kMaxAttachments = 32;

// A draft with channel, account and public_item set.
v1::TicketDraft NewDraft(const EntryContext& ctx, bool public_item);

// Appends `attachment` unless the draft already holds kMaxAttachments.
void AddAttachment(v1::TicketDraft& draft, v1::Attachment attachment);

// True when the draft has text or an attachment (what a CREATE or UPDATE needs).
bool HasContent(const v1::TicketDraft& draft);

void EmitCreate(EntryContext& ctx, std::string key, v1::TicketDraft draft);
void EmitUpdate(EntryContext& ctx, std::string key, std::string target_key, v1::TicketDraft draft);
void EmitWithdraw(EntryContext& ctx, std::string key, std::string target_key, v1::TicketDraft draft);
// An item that makes no ticket (echo, receipt, status, reaction, other field).
inline void Ignore(EntryContext& ctx) { ++ctx.out->ignored; }

}  // namespace aspirasi::ingest::meta
