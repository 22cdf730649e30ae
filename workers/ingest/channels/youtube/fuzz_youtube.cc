// libFuzzer target for the YouTube response parsers: arbitrary bytes as a commentThreads.list body
// into Parse() with a fixed account, as a comments.list body into ParseCommentPage(), and as a
// timestamp into ParseRfc3339Ms(). Nothing may crash, leak or throw; every submit must be a
// well-formed CREATE of this channel with text, or the target aborts.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "workers/ingest/channels/youtube/youtube_channel.h"
#include "workers/ingest/channels/youtube/youtube_comments.h"
#include "workers/ingest/channels/youtube/youtube_time.h"

namespace {

using aspirasi::ingest::AccountContext;

AccountContext Account() {
  AccountContext a;
  a.channel = "youtube";
  a.id = "UCn7Hb3qRkT0sZp2LmXa9vEw";
  return a;
}

void Check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto channel = aspirasi::ingest::MakeYoutubeChannel();
  static const AccountContext account = Account();
  std::string_view body(reinterpret_cast<const char*>(data), size);

  auto result = channel->Parse(body, account);
  if (result.ok()) {
    for (const auto& s : result->submits) {
      Check(s.action() == aspirasi::v1::CREATE);
      Check(s.idempotency_key().rfind("youtube:UCn7Hb3qRkT0sZp2LmXa9vEw:comment:", 0) == 0);
      Check(s.draft().conversation_key().rfind("youtube:UCn7Hb3qRkT0sZp2LmXa9vEw:", 0) == 0);
      Check(!s.draft().text().empty());
      std::string wire;
      Check(s.SerializeToString(&wire));
    }
  } else {
    Check(result.status().code() == aspirasi::v1::MALFORMED);
  }

  auto replies = aspirasi::ingest::youtube::ParseCommentPage(body, "thread", account);
  if (replies.ok()) {
    for (const auto& c : replies->comments) Check(!c.id.empty() && c.thread_id == "thread");
  }
  auto ms = aspirasi::ingest::youtube::ParseRfc3339Ms(body);
  Check(!ms || size >= 20);
  return 0;
}
