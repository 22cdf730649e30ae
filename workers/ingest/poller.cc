#include "workers/ingest/poller.h"

namespace aspirasi::ingest {

Status PollerRegistry::Register(std::string channel, PollerFactory factory) {
  if (channel.empty() || !factory) return Status::InvalidArgument("channel", "a poller needs a channel name");
  if (factories_.count(channel)) return Status::Conflict("poller '" + channel + "' is registered twice");
  factories_.emplace(std::move(channel), std::move(factory));
  return Status::Ok();
}

const PollerFactory* PollerRegistry::Find(std::string_view channel) const {
  auto it = factories_.find(channel);
  return it == factories_.end() ? nullptr : &it->second;
}

}  // namespace aspirasi::ingest
