// Channel: the plug-in interface of the ingest worker. One implementation per platform lives in
// channels/<name>/ and is registered by name in the ChannelRegistry; the ingest server never
// knows a platform's payload shape.
//
// The server calls, for every request to /webhooks/<channel>/<account>:
//   1. Handshake(): a platform's GET verification (Meta hub.challenge, X CRC); nullopt = not one.
//   2. Verify(): the signature over the raw body, before any parsing, in constant time.
//   3. Parse(): the verified body into submits (CREATE / UPDATE / WITHDRAW), in payload order.
// The server submits them to the broker and answers 2xx only once the broker acked them (or the
// local spool holds the request).
//
// Idempotency keys (v1.Submit.idempotency_key), so a retried or duplicated delivery is harmless:
//   "<channel>:<account>:<kind>:<item id>"            the item itself (CREATE)
//   "<channel>:<account>:<kind>:<item id>:edit:<ver>"  an edit (UPDATE; target_key = the item's key)
//   "<channel>:<account>:<kind>:<item id>:remove"      a delete / unsend (WITHDRAW; target_key likewise)
// <kind> names the item type (comment, post, message, tweet, dm, ...). <ver> identifies the edit
// (edit time or edit counter) so two different edits are two updates but a retried one is not.
// A private conversation sets draft.conversation_key = "<channel>:<account>:<conversation id>".
//
// Thread safety: a Channel is immutable after construction; every method may be called from
// several HTTP threads at once.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aspirasi/v1/wire.pb.h"
#include "common/status.h"

namespace aspirasi::ingest {

// What a plug-in may see of an HTTP request.
struct HttpRequestView {
  std::string_view method;  // "GET", "POST"
  std::string_view path;
  std::function<std::string(std::string_view name)> header;  // case-insensitive; "" when absent
  std::function<std::string(std::string_view name)> query;   // query parameter; "" when absent
  std::string_view body;                                     // the raw bytes, exactly as received
};

struct HttpReply {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
};

// One of our receiving accounts, as configured ([[account]]), with its secrets loaded.
struct AccountContext {
  std::string channel;               // "facebook", "instagram", "whatsapp", "telegram", "x", "youtube", ...
  std::string id;                    // our id on the platform (Page id, IG account id, phone_number_id, ...)
  std::vector<std::string> own_ids;  // every id that means "us" (id plus e.g. WABA id, bot id, handle)
  std::string secret;                // app secret / bot secret token / consumer secret
  std::string verify_token;          // Meta's GET verification token
  std::string opd;                   // the OPD this account belongs to, or empty
  std::map<std::string, std::string> options;  // channel-specific settings (generic JSON mapping, ...)

  bool IsOwn(std::string_view platform_id) const {
    if (platform_id.empty()) return false;
    if (platform_id == id) return true;
    for (const auto& o : own_ids) {
      if (platform_id == o) return true;
    }
    return false;
  }
};

struct ParseResult {
  std::vector<v1::Submit> submits;  // in payload order; draft.channel and draft.account are set
  int ignored = 0;                  // items that make no ticket: echoes, receipts, statuses, reactions
};

class Channel {
 public:
  virtual ~Channel() = default;

  // A platform handshake answered without any ticket work, or nullopt when `req` is not one.
  virtual std::optional<HttpReply> Handshake(const HttpRequestView& req,
                                             const AccountContext& account) const {
    (void)req;
    (void)account;
    return std::nullopt;
  }

  // Checks the request's signature over the raw body. Errors:
  //   INVALID_ARGUMENT (field = the header's name): the signature header is missing -> HTTP 401
  //   PERMISSION_DENIED: it does not match -> HTTP 403
  // Compares in constant time (CRYPTO_memcmp); never parses the body.
  virtual Status Verify(const HttpRequestView& req, const AccountContext& account) const = 0;

  // Maps a verified body to submits. Errors: MALFORMED (not JSON, or not this platform's shape),
  // with a precise message (what was expected where) -> HTTP 400. Never throws.
  virtual Result<ParseResult> Parse(std::string_view body, const AccountContext& account) const = 0;
};

// What the manifest (channels/MANIFEST.md and `aspirasi-ingest --list-channels`) says of a channel.
struct ChannelInfo {
  std::string name;                   // path segment and config value, e.g. "facebook"
  std::string status;                 // "stable", "alpha" or "wip"
  std::string transport;              // "webhook" or "polling"
  std::string signature;              // e.g. "X-Hub-Signature-256: sha256=HMAC-SHA256(app secret, body)"
  std::string handshake;              // e.g. "GET hub.challenge with hub.verify_token", or "none"
  std::vector<std::string> supports;  // e.g. {"public comments", "private messages", "edits", ...}
};

// Channels by name. Registering a name twice is an error; tests may register fakes.
class ChannelRegistry {
 public:
  Status Register(ChannelInfo info, std::unique_ptr<Channel> channel);
  const Channel* Find(std::string_view name) const;
  std::vector<ChannelInfo> List() const;

 private:
  struct Entry {
    ChannelInfo info;
    std::unique_ptr<Channel> channel;
  };
  std::map<std::string, Entry, std::less<>> entries_;
};

// Registers every built-in channel (channels/builtin.cc). Explicit, not static initialisers: a
// static library may drop those.
Status RegisterBuiltinChannels(ChannelRegistry& registry);

}  // namespace aspirasi::ingest
