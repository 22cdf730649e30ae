// The YouTube poller's durable state, in a small SQLite file (WAL, synchronous=FULL):
//   cursor(scope -> page token)   the next page of a poll in progress; absent between polls
//   seen(account, comment id -> updatedAt, text hash, reply count, last seen)
// A page's comments and the cursor move together in one transaction, and only after the page's
// submits were accepted (Submitter::SubmitAll OK), so a restart neither loses nor resubmits.
//
// Thread safety: none; one poller thread owns it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

struct sqlite3;

namespace aspirasi::ingest::youtube {

struct SeenComment {
  std::string updated_at;   // as YouTube sent it
  std::string text_hash;    // TextHash() of the text we last submitted
  int64_t reply_count = 0;  // top-level comments: the thread's totalReplyCount when last polled
};

struct SeenRecord {
  std::string comment_id;
  SeenComment state;
};

class PollerState {
 public:
  // Opens (creating if needed) the file. IO_ERROR when it cannot.
  static Result<std::unique_ptr<PollerState>> Open(const std::string& path);
  ~PollerState();
  PollerState(const PollerState&) = delete;
  PollerState& operator=(const PollerState&) = delete;

  // The page token to continue a poll of `scope` with; "" when none is in progress.
  Result<std::string> Cursor(std::string_view scope);
  Result<std::optional<SeenComment>> Seen(std::string_view account, std::string_view comment_id);

  // Atomically records `seen` (upsert, last seen = now_ms) and sets the cursor of `scope` to
  // `next_cursor` ("" = the poll is complete: no cursor).
  Status CommitPage(std::string_view account, const std::vector<SeenRecord>& seen, std::string_view scope,
                    std::string_view next_cursor, int64_t now_ms);
  Status SetCursor(std::string_view scope, std::string_view cursor);
  // Forgets comments of `account` not seen since `before_ms`. Returns how many.
  Result<int64_t> Prune(std::string_view account, int64_t before_ms);

 private:
  explicit PollerState(sqlite3* db) : db_(db) {}
  Status Exec(const char* sql);
  Status WriteCursor(std::string_view scope, std::string_view cursor);

  sqlite3* db_;
};

// A stable 64-bit FNV-1a hash of `text`, as 16 hex digits (the same in every build).
std::string TextHash(std::string_view text);

}  // namespace aspirasi::ingest::youtube
