// Whether a group message is meant for our bot. With privacy mode on (Telegram's default) a bot in
// a group only receives commands, mentions and replies to it; with privacy mode off it receives all
// group chatter, which is not ticket material. A group message counts as addressed to us when it
//   - mentions one of our handles (a `mention` entity "@LaporNusaHarapanBot"; handles are the
//     non-numeric AccountContext::own_ids, with or without '@', compared case-insensitively),
//   - mentions our bot id (a `text_mention` entity whose user.id is ours),
//   - is a bot command without a target ("/lapor") or targeted at our handle ("/lapor@OurBot"),
//   - or replies to one of our messages (reply_to_message.from.id is ours).
// Entity offsets and lengths are UTF-16 code units (Telegram Bot API), converted here to bytes of
// the UTF-8 text.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "workers/ingest/channel.h"
#include "workers/ingest/channels/telegram/telegram_json.h"

namespace aspirasi::ingest::telegram {

bool AddressedToUs(const Json& message, const AccountContext& account);

// The bytes of `utf8` covering UTF-16 code units [offset, offset + length); nullopt when the range is
// outside the text or splits a surrogate pair.
std::optional<std::string_view> Utf16Slice(std::string_view utf8, int64_t offset, int64_t length);

}  // namespace aspirasi::ingest::telegram
