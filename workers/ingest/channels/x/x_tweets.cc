#include <string>

#include "workers/ingest/channels/x/x_events.h"
#include "workers/ingest/channels/x/x_media.h"
#include "workers/ingest/channels/x/x_time.h"
#include "workers/ingest/keys.h"

namespace aspirasi::ingest::x {
namespace {

constexpr std::string_view kChannel = "x";

Status ExpectedId(const std::string& path) {
  return Status::Malformed("x: " + path +
                           ": expected a string id (X ids exceed 2^53; only the string forms are read)");
}

// The full text: extended_tweet.full_text for tweets over 140 characters, else full_text, else text.
std::string TweetText(const Json& tweet) {
  if (const Json* extended = Member(tweet, "extended_tweet")) {
    std::string full = StringMember(*extended, "full_text");
    if (!full.empty()) return full;
  }
  std::string full = StringMember(tweet, "full_text");
  return full.empty() ? StringMember(tweet, "text") : full;
}

}  // namespace

Status MapTweetCreate(const Json& tweet, const std::string& path, const EventContext& ctx, ParseResult& out) {
  if (!tweet.is_object()) return Status::Malformed("x: " + path + ": expected a Tweet object");
  std::string id = StringMember(tweet, "id_str");
  if (id.empty()) return ExpectedId(path + ".id_str");
  const Json* user = Member(tweet, "user");
  std::string user_id = user != nullptr ? StringMember(*user, "id_str") : std::string();
  if (user_id.empty()) return ExpectedId(path + ".user.id_str");
  if (ctx.IsUs(user_id) || Member(tweet, "retweeted_status") != nullptr) {
    ++out.ignored;  // our own tweet or reply, or a retweet
    return Status::Ok();
  }

  v1::Submit submit;
  v1::TicketDraft& d = *submit.mutable_draft();
  d.set_text(TweetText(tweet));
  AddTweetAttachments(tweet, d);
  if (d.text().empty() && d.attachments_size() == 0) {
    ++out.ignored;
    return Status::Ok();
  }
  submit.set_action(v1::CREATE);
  submit.set_idempotency_key(ItemKey(kChannel, ctx.account.id, "tweet", id));
  d.set_channel(std::string(kChannel));
  d.set_account(ctx.account.id);
  d.set_source_id(id);
  std::string parent = StringMember(tweet, "in_reply_to_status_id_str");
  d.set_parent_id(parent);
  d.set_thread_id(
      parent);  // v1.1 tweets do not name their thread's root; the tweet replied to is the closest
  d.set_public_item(true);
  d.mutable_author()->set_platform_id(user_id);
  d.mutable_author()->set_display_name(StringMember(*user, "name"));
  std::string screen_name = StringMember(*user, "screen_name");
  if (!screen_name.empty()) d.mutable_author()->set_handle("@" + screen_name);
  int64_t at = MillisMember(tweet, "timestamp_ms");
  if (at == 0) at = ParseCreatedAt(StringMember(tweet, "created_at")).value_or(0);
  d.set_written_at_ms(at);
  out.submits.push_back(std::move(submit));
  return Status::Ok();
}

Status MapTweetDelete(const Json& event, const std::string& path, const EventContext& ctx, ParseResult& out) {
  const Json* status = Member(event, "status");
  if (status == nullptr || !status->is_object()) {
    return Status::Malformed("x: " + path + ".status: expected an object {id, user_id}");
  }
  std::string id = StringMember(*status, "id_str");
  if (id.empty()) id = StringMember(*status, "id");
  if (id.empty()) return ExpectedId(path + ".status.id");
  std::string user_id = StringMember(*status, "user_id_str");
  if (user_id.empty()) user_id = StringMember(*status, "user_id");
  if (ctx.IsUs(user_id)) {
    ++out.ignored;  // we deleted one of our own tweets
    return Status::Ok();
  }
  std::string item = ItemKey(kChannel, ctx.account.id, "tweet", id);
  v1::Submit submit;
  submit.set_action(v1::WITHDRAW);
  submit.set_idempotency_key(RemoveKey(item));
  submit.set_target_key(item);
  v1::TicketDraft& d = *submit.mutable_draft();
  d.set_channel(std::string(kChannel));
  d.set_account(ctx.account.id);
  d.set_source_id(id);
  d.set_public_item(true);
  d.mutable_author()->set_platform_id(user_id);
  d.set_written_at_ms(MillisMember(event, "timestamp_ms"));  // when it was deleted
  out.submits.push_back(std::move(submit));
  return Status::Ok();
}

}  // namespace aspirasi::ingest::x
