#include "workers/ingest/channels/meta/submits.h"

#include <utility>

namespace aspirasi::ingest::meta {
namespace {

void Emit(EntryContext& ctx, v1::SubmitAction action, std::string key, std::string target_key,
          v1::TicketDraft draft) {
  v1::Submit& s = ctx.out->submits.emplace_back();
  s.set_idempotency_key(std::move(key));
  s.set_action(action);
  s.set_target_key(std::move(target_key));
  *s.mutable_draft() = std::move(draft);
}

}  // namespace

v1::TicketDraft NewDraft(const EntryContext& ctx, bool public_item) {
  v1::TicketDraft d;
  d.set_channel(std::string(ctx.channel));
  d.set_account(ctx.account);
  d.set_public_item(public_item);
  return d;
}

void AddAttachment(v1::TicketDraft& draft, v1::Attachment attachment) {
  if (draft.attachments_size() >= kMaxAttachments) return;
  *draft.add_attachments() = std::move(attachment);
}

bool HasContent(const v1::TicketDraft& draft) {
  return !draft.text().empty() || draft.attachments_size() > 0;
}

void EmitCreate(EntryContext& ctx, std::string key, v1::TicketDraft draft) {
  Emit(ctx, v1::CREATE, std::move(key), std::string(), std::move(draft));
}

void EmitUpdate(EntryContext& ctx, std::string key, std::string target_key, v1::TicketDraft draft) {
  Emit(ctx, v1::UPDATE, std::move(key), std::move(target_key), std::move(draft));
}

void EmitWithdraw(EntryContext& ctx, std::string key, std::string target_key, v1::TicketDraft draft) {
  Emit(ctx, v1::WITHDRAW, std::move(key), std::move(target_key), std::move(draft));
}

}  // namespace aspirasi::ingest::meta
