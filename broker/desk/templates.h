// Reply templates: the automatic acknowledgement and the OPDs' saved replies, with placeholders
// filled from the ticket. Placeholders (Bahasa Indonesia, with English aliases):
//   {nomor} {ticket}   the ticket number, e.g. NH-2026-000042
//   {nama}  {name}     the citizen's display name, or "Bapak/Ibu" when the platform gave none
//   {opd}              the name of the ticket's OPD
//   {kanal} {channel}  the channel, e.g. whatsapp
//   {teks}  {text}     the admin's text (only in WhatsApp template parameters)
// An unknown {word} stays as written (so a literal brace in a reply survives).
//
// Thread safety: functions of their arguments.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "aspirasi/v1/ticket.pb.h"
#include "aspirasi/v1/wire.pb.h"
#include "common/config.h"

namespace aspirasi::desk {

// `reply_text` fills {teks}; without it {teks} stays as written.
std::string Render(const std::string& text, const v1::Ticket& ticket, const Config& config,
                   const std::string* reply_text = nullptr);

// ---- platforms whose free-form replies are limited to a window after the citizen's last message
// (WhatsApp's 24-hour customer-service window: egress.whatsapp_window_hours). Outside it only a
// message template approved by the platform reaches the citizen ([[account.template]]).

// The window of the ticket's channel in ms, or 0 when its replies are not limited.
int64_t ReplyWindowMs(const Config& config, const v1::Ticket& ticket);
// When the citizen last wrote: last_inbound_at_ms, else the newest inbound message.
int64_t LastInboundMs(const v1::Ticket& ticket);
// True when the ticket's channel has a window and it closed before `now_ms`.
bool ReplyWindowClosed(const Config& config, const v1::Ticket& ticket, int64_t now_ms);

// The ticket's account's template for `use` ("ack", "answer", "ask") with its parameters filled in
// (`reply_text` for {teks}), or nullopt when none is configured. Parameters are made single-line
// (the platform refuses line breaks and long runs of spaces in them).
std::optional<v1::ReplyTemplate> TemplateFor(const Config& config, const v1::Ticket& ticket,
                                             const std::string& use, const std::string& reply_text);

// The saved reply `name` for the OPD (an OPD's own before a "*" one), or nullptr.
const SavedReplyConfig* FindSavedReply(const Config& config, const std::string& opd, const std::string& name);

}  // namespace aspirasi::desk
