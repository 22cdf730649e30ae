// The Telegram Bot API channel: one webhook Update per request (setWebhook with secret_token).
// What it maps, its keys and what it ignores: README.md beside this file.
#pragma once

#include <memory>

#include "workers/ingest/channel.h"

namespace aspirasi::ingest {

// Header carrying the setWebhook secret_token (AccountContext::secret).
inline constexpr char kTelegramSecretHeader[] = "X-Telegram-Bot-Api-Secret-Token";

ChannelInfo TelegramChannelInfo();
std::unique_ptr<Channel> MakeTelegramChannel();

}  // namespace aspirasi::ingest
