// YouTube Data API v3 comment resources (commentThreads.list, comments.list) as plain values, and
// the submits they become. No state here: which comment is new or edited is the poller's call
// (poller.h); the channel's Parse() maps every citizen comment to a CREATE.
//
// Keys: item "youtube:<our channel id>:comment:<comment id>"; an edit "<item>:edit:<updatedAt>".
// Every comment of a thread carries conversation_key "youtube:<our channel id>:<thread id>" (the
// thread id is the top-level comment's id), so the broker appends citizen replies to the open
// ticket of their thread; thread_id is the video id, parent_id a reply's snippet.parentId.
// Our own comments (authorChannelId.value is AccountContext::IsOwn) make no ticket.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "aspirasi/v1/wire.pb.h"
#include "common/status.h"
#include "workers/ingest/channel.h"

namespace aspirasi::ingest::youtube {

struct Comment {
  std::string id;
  std::string thread_id;  // the top-level comment's id
  std::string video_id;
  std::string parent_id;          // replies only
  std::string author_channel_id;  // may be empty (deleted channels)
  std::string author_name;        // authorDisplayName, "@handle" nowadays
  std::string text;               // textOriginal, else textDisplay (plain text with textFormat=plainText)
  std::string published_at;       // as received
  std::string updated_at;         // as received; the edit version
  bool own = false;               // written by one of our channels
};

struct Thread {
  Comment top;
  std::vector<Comment> replies;  // what the thread resource carries: a subset when more exist
  int64_t total_reply_count = 0;
};

struct ThreadPage {
  std::vector<Thread> threads;
  std::string next_page_token;  // empty on the last page
};

struct CommentPage {  // comments.list?parentId=: one thread's replies
  std::vector<Comment> comments;
  std::string next_page_token;
};

// A commentThreadListResponse body. MALFORMED (precise message) when not JSON, an API error body,
// or items/ids of the wrong shape.
Result<ThreadPage> ParseThreadPage(std::string_view body, const AccountContext& account);
// A commentListResponse body (replies of one thread). MALFORMED likewise.
Result<CommentPage> ParseCommentPage(std::string_view body, std::string_view thread_id,
                                     const AccountContext& account);

std::string CommentKey(const AccountContext& account, std::string_view comment_id);
// CREATE of a citizen comment (REQUIRES: !comment.own).
v1::Submit CreateSubmit(const Comment& comment, const AccountContext& account);
// UPDATE of an edited comment: key "<item>:edit:<version>", target the item.
v1::Submit UpdateSubmit(const Comment& comment, const AccountContext& account, std::string_view version);

}  // namespace aspirasi::ingest::youtube
