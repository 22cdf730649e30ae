#include "workers/ingest/channels/youtube/youtube_comments.h"

#include "workers/ingest/channels/youtube/youtube_json.h"
#include "workers/ingest/channels/youtube/youtube_time.h"
#include "workers/ingest/keys.h"

namespace aspirasi::ingest::youtube {
namespace {

constexpr std::string_view kChannel = "youtube";

Status Expected(const std::string& path, std::string_view what) {
  return Status::Malformed("youtube: " + path + ": expected " + std::string(what));
}

Result<Json> ParseJson(std::string_view body) {
  try {
    return Json::parse(body);
  } catch (const Json::parse_error& e) {
    return Status::Malformed(std::string("youtube: the body is not JSON: ") + e.what());
  }
}

// The response's items[], after checking it is not an API error.
Result<const Json*> Items(const Json& root) {
  if (!root.is_object())
    return Status::Malformed("youtube: expected a list response object at the top level");
  if (const Json* error = Member(root, "error")) {
    std::string reason;
    if (const Json* errors = Member(*error, "errors");
        errors != nullptr && errors->is_array() && !errors->empty()) {
      reason = StringMember((*errors)[0], "reason");
    }
    return Status::Malformed("youtube: the body is an API error (" + reason + "), not a list response");
  }
  const Json* items = Member(root, "items");
  if (items == nullptr || !items->is_array()) return Expected("items", "an array");
  return items;
}

// One Comment resource; `thread_id` and `video_id` come from the thread when the comment lacks them.
Result<Comment> ParseComment(const Json& c, const std::string& path, std::string_view thread_id,
                             std::string_view video_id, const AccountContext& account) {
  if (!c.is_object()) return Expected(path, "a Comment object");
  Comment out;
  out.id = StringMember(c, "id");
  if (out.id.empty()) return Expected(path + ".id", "a string");
  const Json* snippet = Member(c, "snippet");
  if (snippet == nullptr || !snippet->is_object()) return Expected(path + ".snippet", "an object");
  out.thread_id = thread_id.empty() ? out.id : std::string(thread_id);
  out.video_id = StringMember(*snippet, "videoId");
  if (out.video_id.empty()) out.video_id = video_id;
  out.parent_id = StringMember(*snippet, "parentId");
  if (const Json* author = Member(*snippet, "authorChannelId")) {
    out.author_channel_id = author->is_string() ? author->get<std::string>() : StringMember(*author, "value");
  }
  out.author_name = StringMember(*snippet, "authorDisplayName");
  out.text = Member(*snippet, "textOriginal") != nullptr ? StringMember(*snippet, "textOriginal")
                                                         : StringMember(*snippet, "textDisplay");
  out.published_at = StringMember(*snippet, "publishedAt");
  out.updated_at = StringMember(*snippet, "updatedAt");
  if (out.updated_at.empty()) out.updated_at = out.published_at;
  out.own = account.IsOwn(out.author_channel_id);
  return out;
}

Result<Thread> ParseThread(const Json& t, const std::string& path, const AccountContext& account) {
  if (!t.is_object()) return Expected(path, "a CommentThread object");
  std::string id = StringMember(t, "id");
  if (id.empty()) return Expected(path + ".id", "a string");
  const Json* snippet = Member(t, "snippet");
  const Json* top = snippet != nullptr ? Member(*snippet, "topLevelComment") : nullptr;
  if (top == nullptr) return Expected(path + ".snippet.topLevelComment", "a Comment object");
  std::string video_id = StringMember(*snippet, "videoId");
  Thread thread;
  auto parsed = ParseComment(*top, path + ".snippet.topLevelComment", id, video_id, account);
  if (!parsed.ok()) return parsed.status();
  thread.top = std::move(*parsed);
  thread.total_reply_count = IntegerMember(*snippet, "totalReplyCount").value_or(0);
  const Json* replies = Member(t, "replies");
  const Json* comments = replies != nullptr ? Member(*replies, "comments") : nullptr;
  if (comments != nullptr && !comments->is_array()) return Expected(path + ".replies.comments", "an array");
  for (std::size_t i = 0; comments != nullptr && i < comments->size(); ++i) {
    auto reply = ParseComment((*comments)[i], path + ".replies.comments[" + std::to_string(i) + "]", id,
                              video_id, account);
    if (!reply.ok()) return reply.status();
    thread.replies.push_back(std::move(*reply));
  }
  return thread;
}

v1::TicketDraft Draft(const Comment& c, const AccountContext& account) {
  v1::TicketDraft d;
  d.set_channel(std::string(kChannel));
  d.set_account(account.id);
  d.set_source_id(c.id);
  d.set_thread_id(c.video_id);
  d.set_parent_id(c.parent_id);
  d.set_conversation_key(ConversationKey(kChannel, account.id, c.thread_id));
  d.set_public_item(true);
  d.set_text(c.text);
  d.mutable_author()->set_platform_id(c.author_channel_id);
  d.mutable_author()->set_display_name(c.author_name);
  if (!c.author_name.empty() && c.author_name.front() == '@') d.mutable_author()->set_handle(c.author_name);
  d.set_written_at_ms(ParseRfc3339Ms(c.published_at).value_or(0));
  return d;
}

}  // namespace

Result<ThreadPage> ParseThreadPage(std::string_view body, const AccountContext& account) {
  try {
    auto root = ParseJson(body);
    if (!root.ok()) return root.status();
    auto items = Items(*root);
    if (!items.ok()) return items.status();
    ThreadPage page;
    page.next_page_token = StringMember(*root, "nextPageToken");
    for (std::size_t i = 0; i < (*items)->size(); ++i) {
      auto thread = ParseThread((**items)[i], "items[" + std::to_string(i) + "]", account);
      if (!thread.ok()) return thread.status();
      page.threads.push_back(std::move(*thread));
    }
    return page;
  } catch (const Json::exception& e) {
    return Status::Malformed(std::string("youtube: unexpected commentThreads shape: ") + e.what());
  }
}

Result<CommentPage> ParseCommentPage(std::string_view body, std::string_view thread_id,
                                     const AccountContext& account) {
  try {
    auto root = ParseJson(body);
    if (!root.ok()) return root.status();
    auto items = Items(*root);
    if (!items.ok()) return items.status();
    CommentPage page;
    page.next_page_token = StringMember(*root, "nextPageToken");
    for (std::size_t i = 0; i < (*items)->size(); ++i) {
      auto c = ParseComment((**items)[i], "items[" + std::to_string(i) + "]", thread_id, {}, account);
      if (!c.ok()) return c.status();
      page.comments.push_back(std::move(*c));
    }
    return page;
  } catch (const Json::exception& e) {
    return Status::Malformed(std::string("youtube: unexpected comments shape: ") + e.what());
  }
}

std::string CommentKey(const AccountContext& account, std::string_view comment_id) {
  return ItemKey(kChannel, account.id, "comment", comment_id);
}

v1::Submit CreateSubmit(const Comment& comment, const AccountContext& account) {
  v1::Submit s;
  s.set_action(v1::CREATE);
  s.set_idempotency_key(CommentKey(account, comment.id));
  *s.mutable_draft() = Draft(comment, account);
  return s;
}

v1::Submit UpdateSubmit(const Comment& comment, const AccountContext& account, std::string_view version) {
  v1::Submit s;
  s.set_action(v1::UPDATE);
  std::string item = CommentKey(account, comment.id);
  s.set_idempotency_key(EditKey(item, version));
  s.set_target_key(item);
  *s.mutable_draft() = Draft(comment, account);
  return s;
}

}  // namespace aspirasi::ingest::youtube
