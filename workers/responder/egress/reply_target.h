// What a reply answers: the ticket message it names, that message's platform id, and when the
// citizen last wrote. Shared by every platform's request builder.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "aspirasi/v1/wire.pb.h"

namespace aspirasi::egress {

// The ticket message whose seq is reply.in_reply_to_seq(), or nullptr (seq 0 or not in the ticket).
const v1::Message* AnsweredMessage(const v1::OutboundReply& reply);

// The platform id of the item the reply answers: the answered message's source_id when it has
// one, else the ticket's source_id. Empty when neither exists.
std::string TargetSourceId(const v1::OutboundReply& reply);

// When the citizen last wrote (platform time, ms): ticket.last_inbound_at_ms, else the newest
// INBOUND message's at_ms, else 0.
int64_t LastInboundAtMs(const v1::Ticket& ticket);

// The conversation part of a conversation key "<channel>:<account>:<conversation>" (see
// workers/ingest/keys.h), or "" when the key does not have that form for this ticket.
std::string ConversationOf(const v1::Ticket& ticket);

// The citizen's platform id: author.platform_id, else `fallback` (e.g. the ticket's thread_id).
std::string CitizenId(const v1::Ticket& ticket, std::string_view fallback);

}  // namespace aspirasi::egress
