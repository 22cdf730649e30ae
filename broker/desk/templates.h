// Reply templates: the automatic acknowledgement and the OPDs' saved replies, with placeholders
// filled from the ticket. Placeholders (Bahasa Indonesia, with English aliases):
//   {nomor} {ticket}   the ticket number, e.g. NH-2026-000042
//   {nama}  {name}     the citizen's display name, or "Bapak/Ibu" when the platform gave none
//   {opd}              the name of the ticket's OPD
//   {kanal} {channel}  the channel, e.g. whatsapp
// An unknown {word} stays as written (so a literal brace in a reply survives).
//
// Thread safety: functions of their arguments.
#pragma once

#include <string>

#include "aspirasi/v1/ticket.pb.h"
#include "common/config.h"

namespace aspirasi::desk {

std::string Render(const std::string& text, const v1::Ticket& ticket, const Config& config);

// The saved reply `name` for the OPD (an OPD's own before a "*" one), or nullptr.
const SavedReplyConfig* FindSavedReply(const Config& config, const std::string& opd, const std::string& name);

}  // namespace aspirasi::desk
