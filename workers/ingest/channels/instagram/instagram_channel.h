// The Instagram channel: a professional account's webhook (object "instagram") — comments
// (`changes[]`, field comments / live_comments) and Instagram Direct (`messaging[]`). See README.md.
#pragma once

#include <memory>

#include "workers/ingest/channel.h"

namespace aspirasi::ingest {

ChannelInfo InstagramChannelInfo();
std::unique_ptr<Channel> MakeInstagramChannel();

}  // namespace aspirasi::ingest
