// A WhatsApp `messages` change value -> submits. The receiving account is
// metadata.phone_number_id (else the configured account id); every message from a person is a
// CREATE "whatsapp:<phone_number_id>:message:<wamid>" with draft.conversation_key
// "whatsapp:<phone_number_id>:<person>", where the person is the contact's BSUID (user_id, else the
// message's from_user_id) when present, else wa_id / from. The first message opens a ticket, later
// ones append. thread_id = the person; parent_id = context.id (a reply to one of our messages);
// author = the person, with the contact's profile name; written_at_ms = timestamp (a string of
// seconds) * 1000. Text and attachments per type: see content.h.
// Ignored (counted): every statuses[] item (sent / delivered / read / failed of our own sends), and
// messages that are no ticket material (reactions, shared contacts, orders, system, unsupported).
#pragma once

#include "workers/ingest/channels/meta/envelope.h"
#include "workers/ingest/channels/meta/json_node.h"

namespace aspirasi::ingest::whatsapp {

void ParseMessagesValue(const meta::JsonNode& value, const meta::EntryContext& entry_ctx);

}  // namespace aspirasi::ingest::whatsapp
