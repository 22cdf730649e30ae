// The media of a Telegram Message as ticket attachments. Files are referenced by file_id (fetched
// later with getFile and the bot token); a photo is its largest PhotoSize (the last one).
#pragma once

#include "aspirasi/v1/ticket.pb.h"
#include "workers/ingest/channels/telegram/telegram_json.h"

namespace aspirasi::ingest::telegram {

// Adds photo, animation, video, video_note, voice, audio, document, sticker, venue and location.
void AddAttachments(const Json& message, v1::TicketDraft& draft);

}  // namespace aspirasi::ingest::telegram
