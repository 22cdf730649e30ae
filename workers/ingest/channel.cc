#include "workers/ingest/channel.h"

namespace aspirasi::ingest {

Status ChannelRegistry::Register(ChannelInfo info, std::unique_ptr<Channel> channel) {
  if (info.name.empty() || channel == nullptr)
    return Status::InvalidArgument("channel", "a channel needs a name");
  std::string name = info.name;
  if (entries_.count(name)) return Status::Conflict("channel '" + name + "' is registered twice");
  entries_.emplace(name, Entry{std::move(info), std::move(channel)});
  return Status::Ok();
}

const Channel* ChannelRegistry::Find(std::string_view name) const {
  auto it = entries_.find(name);
  return it == entries_.end() ? nullptr : it->second.channel.get();
}

std::vector<ChannelInfo> ChannelRegistry::List() const {
  std::vector<ChannelInfo> out;
  for (const auto& [name, e] : entries_) out.push_back(e.info);
  return out;
}

}  // namespace aspirasi::ingest
