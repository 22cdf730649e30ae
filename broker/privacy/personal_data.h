// What of a ticket is a citizen's personal data (UU 27/2022), and how a citizen is named.
//
// A citizen is named by a channel and the platform's user id (Author.platform_id: a PSID, a wa_id
// which is the phone number, a Telegram or X user id, a YouTube channel id). Their *citizen key*
// "channel:platform_id" is stored with each ticket (an indexed column) so that a data subject's
// request finds their tickets without reading every body.
//
// Erasure keeps what the government did and what reports need, and nothing about the person:
//   kept     id, number, tenant, OPD, channel, receiving account, kind, category, urgency,
//            sentiment, status, claim, SLA, routing, delivery, transfers, resolution and its code,
//            every time stamp, public_item; per message: seq, direction, time, withdrawn, reply
//            id/kind/state/attempts/template name, and an official's own author entry (replies,
//            notes)
//   removed  author (name, handle, user id), every message text (the citizen's, and replies and
//            notes that may quote them), revisions, attachments (URLs, media ids, captions,
//            locations), platform ids of items and replies, the platform's refusal reasons (some
//            quote the recipient's number), the thread and parent of a private item, the
//            conversation key, the idempotency keys
// Events never held any of it (docs/AUDIT.md), so the audit chain is untouched.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "aspirasi/v1/ticket.pb.h"
#include "aspirasi/v1/wire.pb.h"
#include "common/status.h"

namespace aspirasi::privacy {

// "channel:platform_id"; "" when either is empty (a ticket without a known author).
std::string CitizenKey(std::string_view channel, std::string_view platform_id);

// The citizen key of a ticket: its author's, else the first inbound message's author's.
std::string CitizenKeyOf(const v1::Ticket& ticket);

// A user id as a person types it, in the form the platform uses: surrounding blanks removed; for
// WhatsApp a phone number written any usual way ("0812-3456-7890", "+62 812 3456 7890",
// "(0812) 3456.7890") becomes its wa_id ("6281234567890"). INVALID_ARGUMENT (field `user`) when
// empty, over 256 bytes, holding control characters, or (WhatsApp) not a phone number.
Result<std::string> NormalizeUserId(std::string_view channel, std::string_view input);

// Removes the personal data from `ticket` (see above) and stamps personal_data_erased_at_ms.
void StripTicket(v1::Ticket* ticket, int64_t now_ms);

// Removes it from a reply in the outbox: text, template parameters, the ticket snapshot (kept:
// its id, number, OPD and channel).
void StripReply(v1::OutboundReply* reply);

// Tickets in these states may still be answered or changed by the desk; their personal data is
// needed and is not erased (NEW, OPEN, IN_PROGRESS, WAITING_CITIZEN).
bool StillHandled(v1::TicketStatus status);

// A reply to this ticket is still on its way to the platform (PENDING or SENDING).
bool ReplyInFlight(const v1::Ticket& ticket);

}  // namespace aspirasi::privacy
