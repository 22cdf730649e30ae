#include "workers/ingest/channels/youtube/comment_decider.h"

namespace aspirasi::ingest::youtube {

Decided Decide(const Comment& comment, const std::optional<SeenComment>& seen) {
  Decided d;
  d.record.updated_at = comment.updated_at;
  d.record.text_hash = TextHash(comment.text);
  if (seen) d.record.reply_count = seen->reply_count;
  if (comment.own || comment.text.empty()) {
    d.decision = Decision::kIgnored;
  } else if (!seen) {
    d.decision = Decision::kCreate;
  } else if (seen->text_hash != d.record.text_hash) {
    d.decision = Decision::kUpdate;
    d.version = comment.updated_at;
    if (comment.updated_at == seen->updated_at || comment.updated_at.empty())
      d.version += "~" + d.record.text_hash;
  } else {
    d.decision = Decision::kUnchanged;
  }
  return d;
}

}  // namespace aspirasi::ingest::youtube
