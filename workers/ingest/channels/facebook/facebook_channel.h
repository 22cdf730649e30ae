// The Facebook channel: a Page's webhook (object "page") — `feed` changes (citizens' comments and
// visitor posts) and Messenger (`messaging[]`). See README.md for the mapping.
#pragma once

#include <memory>

#include "workers/ingest/channel.h"

namespace aspirasi::ingest {

ChannelInfo FacebookChannelInfo();
std::unique_ptr<Channel> MakeFacebookChannel();

}  // namespace aspirasi::ingest
