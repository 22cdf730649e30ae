// The built-in channels: every plug-in under channels/<name>/ that this build has. Explicit
// registration, not static initialisers (a static library may drop those). Adding a channel:
// include its header and add one row to kChannels (and to kPollers for a polling channel);
// see docs/INTEGRATING.md.
#include "workers/ingest/channel.h"
#include "workers/ingest/channels/generic/generic_channel.h"
#include "workers/ingest/poller.h"

namespace aspirasi::ingest {
namespace {

struct BuiltinChannel {
  ChannelInfo (*info)();
  std::unique_ptr<Channel> (*make)();
};

constexpr BuiltinChannel kChannels[] = {
    {GenericChannelInfo, MakeGenericChannel},
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
  (void)registry;  // no polling channel in this build yet
  return Status::Ok();
}

}  // namespace aspirasi::ingest
