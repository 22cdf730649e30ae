// The YouTube channel: no webhooks (YouTube has none for comments). Parse() maps one
// commentThreads.list response body to submits; the poller (poller.h, library
// aspirasi_youtube_poller) fetches pages, decides new / edited / unchanged and submits.
// What it maps, its keys and what it ignores: README.md beside this file.
#pragma once

#include <memory>

#include "workers/ingest/channel.h"

namespace aspirasi::ingest {

ChannelInfo YoutubeChannelInfo();
std::unique_ptr<Channel> MakeYoutubeChannel();

}  // namespace aspirasi::ingest
