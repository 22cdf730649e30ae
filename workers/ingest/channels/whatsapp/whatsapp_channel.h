// The WhatsApp channel: the Cloud API webhook (object "whatsapp_business_account"), field
// `messages`. See README.md for the mapping.
#pragma once

#include <memory>

#include "workers/ingest/channel.h"

namespace aspirasi::ingest {

ChannelInfo WhatsappChannelInfo();
std::unique_ptr<Channel> MakeWhatsappChannel();

}  // namespace aspirasi::ingest
