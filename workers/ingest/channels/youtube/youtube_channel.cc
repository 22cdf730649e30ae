#include "workers/ingest/channels/youtube/youtube_channel.h"

#include "workers/ingest/channels/youtube/youtube_comments.h"

namespace aspirasi::ingest {
namespace {

class YoutubeChannel final : public Channel {
 public:
  // Polling: the bodies come from our own HTTPS calls to the API, there is nothing to verify.
  Status Verify(const HttpRequestView& req, const AccountContext& account) const override {
    (void)req;
    (void)account;
    return Status::Ok();
  }

  // Every citizen comment (top-level and replies, in page order) as a CREATE; our own comments and
  // comments without text are ignored. Edits need history: the poller turns them into UPDATEs.
  Result<ParseResult> Parse(std::string_view body, const AccountContext& account) const override {
    auto page = youtube::ParseThreadPage(body, account);
    if (!page.ok()) return page.status();
    ParseResult out;
    auto add = [&](const youtube::Comment& c) {
      if (c.own || c.text.empty()) {
        ++out.ignored;
      } else {
        out.submits.push_back(youtube::CreateSubmit(c, account));
      }
    };
    for (const auto& thread : page->threads) {
      add(thread.top);
      for (const auto& reply : thread.replies) add(reply);
    }
    return out;
  }
};

}  // namespace

ChannelInfo YoutubeChannelInfo() {
  return ChannelInfo{
      "youtube",
      "alpha",
      "polling",
      "none (our own HTTPS calls to the YouTube Data API with an API key)",
      "none",
      {"comments and replies on our channel's videos (commentThreads.list)",
       "replies appended to their thread's ticket", "edits (poller: updatedAt / text changed)"}};
}

std::unique_ptr<Channel> MakeYoutubeChannel() { return std::make_unique<YoutubeChannel>(); }

}  // namespace aspirasi::ingest
