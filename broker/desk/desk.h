// Desk: what an OPD admin's command does to a ticket (claim, release, reply, note, transfer, ask,
// resolve, reopen, assign), who may do it, and what must be recorded.
//
// Pure logic, no I/O: the broker's writer thread loads the ticket inside its transaction, calls
// Apply, and persists the changed ticket, the events and the reply to queue. Because one thread
// applies every command in order, "exclusive" needs no locks: the second claim sees the first.
//
// Rules (docs/PROTOCOL.md, "Desk"):
//  * the actor must be a configured admin whose OPDs cover the ticket's OPD (PERMISSION_DENIED);
//  * a claim is exclusive until it lapses (desk.claim_idle_minutes after its holder last acted);
//    another admin's command that needs the claim gets CONFLICT naming the holder;
//  * reply/ask on an unclaimed ticket claims it for the actor; note never needs the claim;
//  * a reply, question, note, resolution or transfer reason must show something (not only
//    spaces or invisible characters), and the same reply or question to the same ticket within
//    desk.repeat_window_minutes is refused unless the command says `again`;
//  * a question does not change the ticket yet: it waits for the citizen (and its clocks pause)
//    only once the platform has accepted the question (ReplyOps), so a question that never
//    arrives pauses nothing;
//  * on a channel whose replies are limited to a window after the citizen's last message
//    (WhatsApp), a reply outside the window needs the account's approved template for it;
//  * a withdrawn ticket, or a withdrawn message, cannot be answered (WITHDRAWN_ITEM);
//  * a resolved ticket must be reopened before anything but a note;
//  * assign is for supervisors.
//
// Thread safety: functions of their arguments.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "aspirasi/v1/event.pb.h"
#include "aspirasi/v1/wire.pb.h"
#include "common/config.h"
#include "common/status.h"

namespace aspirasi::desk {

// What a command changed besides the ticket itself (which Apply edits in place).
struct Change {
  std::vector<v1::Event> events;           // type, actor, detail (+ from_opd); the store numbers them
  std::optional<v1::OutboundReply> reply;  // to queue; its message is the ticket's last message
  std::string from_opd;                    // set when the ticket moved to another OPD
  std::string template_name;               // the reply can only go out as this template (window closed)
};

// Brings the command's names to their configured form: ticket numbers and OPD codes upper case,
// admin ids lower case (people type "nh-2026-000002", "--to dlh").
void Canonicalize(v1::DeskCommand* command);

// The admin named by `actor`, or PERMISSION_DENIED.
Result<const AdminConfig*> FindActor(const Config& config, const std::string& actor);

// PERMISSION_DENIED unless `admin` works for the ticket's OPD. The message never names the
// ticket's OPD (an admin of another OPD learns nothing about it).
Status CheckVisible(const AdminConfig& admin, const v1::Ticket& ticket);

// "no OPD 'X' in the configuration (known: ...)".
i18n::Text UnknownOpd(const Config& config, const std::string& code);

// Validates the command's own fields (before the ticket is loaded): INVALID_ARGUMENT/TOO_LARGE.
Status ValidateCommand(const Config& config, const v1::DeskCommand& command);

// Applies `command` by `admin` to `ticket` at `now_ms`. On error the ticket is unchanged.
Result<Change> Apply(const Config& config, const AdminConfig& admin, const v1::DeskCommand& command,
                     v1::Ticket& ticket, int64_t now_ms);

// True when the ticket has a claim that has not lapsed at now_ms.
bool ClaimActive(const v1::Ticket& ticket, int64_t now_ms);

// The automatic acknowledgement for a new ticket, or nothing when the OPD (or the desk) has it
// off. Appends its OUTBOUND message to `ticket`.
std::optional<v1::OutboundReply> AutoAck(const Config& config, v1::Ticket& ticket, int64_t now_ms,
                                         Change* change);

}  // namespace aspirasi::desk
