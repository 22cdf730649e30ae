// X Account Activity events as submits. Keys (account = our user id, the subscription's for_user_id):
//   tweet   "x:<account>:tweet:<id_str>"       CREATE; a tweet_delete_event -> "<item>:remove" (WITHDRAW)
//   DM      "x:<account>:dm:<event id>"         CREATE, conversation "x:<account>:<other party's id>"
// Ids are always the string forms (id_str, status.id, event id, sender_id); numeric ids exceed 2^53.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"
#include "workers/ingest/channel.h"
#include "workers/ingest/channels/x/x_json.h"

namespace aspirasi::ingest::x {

// What every event mapper needs to know of the payload.
struct EventContext {
  const AccountContext& account;
  std::string for_user_id;      // the subscribed account the events are for (ours)
  const Json* users = nullptr;  // the DM payload's top-level users map {id: user}, or nullptr

  bool IsUs(std::string_view id) const { return !id.empty() && (id == for_user_id || account.IsOwn(id)); }
};

// Each appends its submit to `out` or counts the event as ignored; MALFORMED names `path` when an
// id the event cannot do without is missing or not a string.

// tweet_create_events[]: mentions, replies, quotes. Ignored: ours (user.id_str is us), retweets,
// tweets with neither text nor media.
Status MapTweetCreate(const Json& tweet, const std::string& path, const EventContext& ctx, ParseResult& out);

// tweet_delete_events[]: {status {id, user_id}, timestamp_ms}. Ignored: our own tweets.
Status MapTweetDelete(const Json& event, const std::string& path, const EventContext& ctx, ParseResult& out);

// direct_message_events[]: message_create. Ignored: our own sends (sender_id is us), other types.
Status MapDirectMessage(const Json& event, const std::string& path, const EventContext& ctx,
                        ParseResult& out);

}  // namespace aspirasi::ingest::x
