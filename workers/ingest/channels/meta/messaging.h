// One item of entry.messaging[] (or standby[]): Messenger and Instagram Direct share this shape
// ({sender {id}, recipient {id}, timestamp (ms), message | message_edit | delivery | read | ...}).
//
//   message (from a user)     CREATE   "<channel>:<account>:message:<mid>"
//   message.is_deleted        WITHDRAW "...:message:<mid>:remove"         (Instagram unsend)
//   message_edit              UPDATE   "...:message:<mid>:edit:<num_edit>" (else the timestamp)
// Each carries draft.conversation_key "<channel>:<account>:<sender id>" (PSID / IGSID), so the
// first message opens a ticket and later ones append; thread_id = the sender id; parent_id =
// reply_to.mid, or reply_to.story.id for a story reply (the story is kept as a LINK attachment).
// Ignored (counted): echoes (message.is_echo, or a sender that is us), receipts (delivery, read,
// messaging_seen), reactions, postbacks, referrals, and messages without text or attachments
// (is_unsupported).
#pragma once

#include "workers/ingest/channels/meta/envelope.h"
#include "workers/ingest/channels/meta/json_node.h"

namespace aspirasi::ingest::meta {

void ParseMessagingItem(const JsonNode& item, EntryContext& ctx);

// Every item of entry.messaging[] and then entry.standby[] (where handover-protocol apps get the
// same items while another app owns the thread), until the first read error.
void ParseMessagingLists(const JsonNode& entry, EntryContext& ctx);

}  // namespace aspirasi::ingest::meta
