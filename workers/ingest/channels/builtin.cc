// The built-in channels: every plug-in under channels/<name>/ that this build has. Explicit
// registration, not static initialisers (a static library may drop those). Adding a channel:
// include its header and add one row to kChannels (and register its poller for a polling
// channel); see docs/INTEGRATING.md. ASPIRASI_CHANNEL_<NAME> is defined for each channel library
// in the build (workers/ingest/CMakeLists.txt), so a build with ASPIRASI_SKIP_CHANNELS still links.
#include "workers/ingest/channel.h"
#include "workers/ingest/channels/generic/generic_channel.h"
#include "workers/ingest/poller.h"
#ifdef ASPIRASI_CHANNEL_FACEBOOK
#include "workers/ingest/channels/facebook/facebook_channel.h"
#endif
#ifdef ASPIRASI_CHANNEL_INSTAGRAM
#include "workers/ingest/channels/instagram/instagram_channel.h"
#endif
#ifdef ASPIRASI_CHANNEL_WHATSAPP
#include "workers/ingest/channels/whatsapp/whatsapp_channel.h"
#endif
#ifdef ASPIRASI_CHANNEL_TELEGRAM
#include "workers/ingest/channels/telegram/telegram_channel.h"
#endif
#ifdef ASPIRASI_CHANNEL_X
#include "workers/ingest/channels/x/x_channel.h"
#endif
#ifdef ASPIRASI_CHANNEL_YOUTUBE
#include "workers/ingest/channels/youtube/youtube_channel.h"
#endif
#ifdef ASPIRASI_POLLER_YOUTUBE
#include "workers/ingest/channels/youtube/poller.h"
#endif

namespace aspirasi::ingest {
namespace {

struct BuiltinChannel {
  ChannelInfo (*info)();
  std::unique_ptr<Channel> (*make)();
};

constexpr BuiltinChannel kChannels[] = {
    {GenericChannelInfo, MakeGenericChannel},
#ifdef ASPIRASI_CHANNEL_FACEBOOK
    {FacebookChannelInfo, MakeFacebookChannel},
#endif
#ifdef ASPIRASI_CHANNEL_INSTAGRAM
    {InstagramChannelInfo, MakeInstagramChannel},
#endif
#ifdef ASPIRASI_CHANNEL_WHATSAPP
    {WhatsappChannelInfo, MakeWhatsappChannel},
#endif
#ifdef ASPIRASI_CHANNEL_TELEGRAM
    {TelegramChannelInfo, MakeTelegramChannel},
#endif
#ifdef ASPIRASI_CHANNEL_X
    {XChannelInfo, MakeXChannel},
#endif
#ifdef ASPIRASI_CHANNEL_YOUTUBE
    {YoutubeChannelInfo, MakeYoutubeChannel},
#endif
};

}  // namespace

Status RegisterBuiltinChannels(ChannelRegistry& registry) {
  for (const auto& c : kChannels) {
    Status st = registry.Register(c.info(), c.make());
    if (!st.ok()) return st;
  }
  return Status::Ok();
}

Status RegisterBuiltinPollers(PollerRegistry& registry) {
  Status st;
#ifdef ASPIRASI_POLLER_YOUTUBE
  st = registry.Register("youtube", MakeYoutubePoller);
  if (!st.ok()) return st;
#endif
  (void)registry;
  return st;
}

}  // namespace aspirasi::ingest
