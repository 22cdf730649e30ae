// What the poller does with one fetched comment, given what it recorded of it before:
//   ours or without text          -> kIgnored
//   never seen                    -> kCreate (with the current text, even if already edited)
//   seen, text changed            -> kUpdate, version = updatedAt (plus "~<text hash>" in the odd case
//                                    that the text changed while updatedAt did not)
//   seen, text unchanged          -> kUnchanged (nothing is resubmitted; a changed updatedAt alone is
//                                    only recorded)
#pragma once

#include <optional>
#include <string>

#include "workers/ingest/channels/youtube/poller_state.h"
#include "workers/ingest/channels/youtube/youtube_comments.h"

namespace aspirasi::ingest::youtube {

enum class Decision { kCreate, kUpdate, kUnchanged, kIgnored };

struct Decided {
  Decision decision = Decision::kIgnored;
  std::string version;  // kUpdate: the edit key's version
  SeenComment record;   // what to record for this comment once the page is accepted
};

Decided Decide(const Comment& comment, const std::optional<SeenComment>& seen);

}  // namespace aspirasi::ingest::youtube
