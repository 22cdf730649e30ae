// ReplyPoster: posts a delivered reply (Deliver.reply) on its platform with the receiving
// account's access token, through the egress library (egress/egress.h).
//
// Tokens come from each [[account]]'s token_file / token_env, read once at start; base URLs
// from [egress] base_urls. A reply for an account with no token, or a channel with no base
// URL, is a PERMANENT failure naming the setting to add (never the token).
//
// Thread safety: Post may be called from several threads at once (it reads only what Create
// set up, and the HTTP sender opens one connection per request).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <utility>

#include "aspirasi/v1/wire.pb.h"
#include "common/config.h"
#include "common/secret.h"
#include "common/status.h"
#include "workers/responder/egress/egress.h"

namespace aspirasi::responder {

class ReplyPoster {
 public:
  // Reads the tokens of every account of `config`; a named file or variable that is missing is
  // logged (warn) and that account's replies fail. `sender` null = the HTTP sender with
  // egress.timeout_ms.
  static Result<std::unique_ptr<ReplyPoster>> Create(const Config& config, const EnvLookup& env,
                                                     std::unique_ptr<egress::Sender> sender = nullptr);

  // Posts the reply; the result is what the responder acknowledges.
  v1::ReplyResult Post(const v1::OutboundReply& reply);

  // Accounts with a token, for the start-up log line.
  std::size_t accounts_with_tokens() const { return tokens_.size(); }

 private:
  ReplyPoster(const Config& config, std::unique_ptr<egress::Sender> sender);

  const Config& config_;
  std::unique_ptr<egress::Sender> sender_;
  std::map<std::pair<std::string, std::string>, std::string> tokens_;  // (channel, account id) -> token
  egress::BuildOptions options_;
};

}  // namespace aspirasi::responder
