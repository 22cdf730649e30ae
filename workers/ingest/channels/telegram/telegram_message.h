// One Telegram Message (of a `message` or `edited_message` update) as a submit.
//
// Keys: item "telegram:<bot id>:message:<chat id>:<message id>" (message ids are unique only within
// a chat); an edit "<item>:edit:<edit_date>" (UPDATE, target_key = item). A private chat is a
// conversation: draft.conversation_key = "telegram:<bot id>:<chat id>".
// Ignored (counted in ParseResult::ignored): messages from bots (our own included), channel posts,
// messages without a sender (anonymous admins, linked-channel forwards), group messages not
// addressed to us (see telegram_addressing.h), live-location updates, and messages with neither
// text/caption nor a supported attachment (service messages, polls, contacts, dice).
#pragma once

#include <string_view>

#include "common/status.h"
#include "workers/ingest/channel.h"
#include "workers/ingest/channels/telegram/telegram_json.h"

namespace aspirasi::ingest::telegram {

enum class MessageEvent { kNew, kEdited };

// Appends the message's submit to `out`, or counts it as ignored. MALFORMED (naming `path`) when the
// message lacks message_id, chat.id or, for an edit, edit_date.
Status MapMessage(const Json& message, std::string_view path, MessageEvent event,
                  const AccountContext& account, ParseResult& out);

}  // namespace aspirasi::ingest::telegram
