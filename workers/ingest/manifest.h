// The channel manifest: what each registered channel is and supports, from its ChannelInfo.
// `aspirasi-ingest --list-channels [--markdown]` prints it; workers/ingest/channels/MANIFEST.md is
// the committed Markdown output (a unit test keeps the two equal).
#pragma once

#include <string>
#include <vector>

#include "workers/ingest/channel.h"

namespace aspirasi::ingest {

// The full MANIFEST.md text: a heading, how to regenerate it, one table row per channel (by name).
std::string ManifestMarkdown(const std::vector<ChannelInfo>& channels);
// One line per channel: "name  status  transport", for a terminal.
std::string ManifestText(const std::vector<ChannelInfo>& channels);

}  // namespace aspirasi::ingest
