#include "workers/responder/reply_poster.h"

#include "common/log.h"

namespace aspirasi::responder {

ReplyPoster::ReplyPoster(const Config& config, std::unique_ptr<egress::Sender> sender)
    : config_(config), sender_(std::move(sender)) {
  options_.whatsapp_window_ms = int64_t{config.egress.whatsapp_window_hours} * 3600 * 1000;
}

Result<std::unique_ptr<ReplyPoster>> ReplyPoster::Create(const Config& config, const EnvLookup& env,
                                                         std::unique_ptr<egress::Sender> sender) {
  if (!sender) sender = egress::MakeHttpSender(config.egress.timeout_ms, config.egress.timeout_ms);
  std::unique_ptr<ReplyPoster> poster(new ReplyPoster(config, std::move(sender)));
  for (std::size_t i = 0; i < config.accounts.size(); ++i) {
    const AccountConfig& a = config.accounts[i];
    std::string key = "account[" + std::to_string(i) + "]";
    auto token = ReadSecret(a.token_file, a.token_env, key + ".token_file", key + ".token_env", env);
    if (!token.ok()) {
      // Not fatal: a responder serves some OPDs and needs only their accounts' tokens. Replies
      // through this account fail, naming the setting.
      ModuleLogger("responder")
          ->warn("{}; replies through {} account {} will fail", token.status().message(), a.channel, a.id);
      continue;
    }
    if (!token->empty()) poster->tokens_[{a.channel, a.id}] = std::move(token).value();
  }
  return poster;
}

v1::ReplyResult ReplyPoster::Post(const v1::OutboundReply& reply) {
  const v1::Ticket& t = reply.ticket();
  auto fail = [&](const std::string& why) {
    egress::Result r;
    r.outcome = v1::EGRESS_PERMANENT;
    r.reason = why;
    return r.ToProto(reply.reply_id());
  };
  auto url = config_.egress.base_urls.find(t.channel());
  if (url == config_.egress.base_urls.end()) {
    return fail("no egress for channel '" + t.channel() + "': add it to [egress] base_urls");
  }
  auto token = tokens_.find({t.channel(), t.account()});
  if (token == tokens_.end()) {
    return fail("no access token for " + t.channel() + " account " + t.account() +
                ": set token_file or token_env on its [[account]]");
  }
  egress::Result r = egress::Post(reply, {url->second, token->second}, *sender_, options_);
  // The platform's own words (kept with the reply for the desk) may quote the recipient or the
  // text: above debug the log has the outcome and the platform's code only.
  auto log = ModuleLogger("responder");
  log->info("reply {} of ticket {} on {}: {}{}", reply.reply_id(), t.number(), t.channel(),
            v1::EgressOutcome_Name(r.outcome), r.platform_code.empty() ? "" : " code " + r.platform_code);
  if (r.outcome != v1::EGRESS_SENT) log->debug("reply {}: the platform said: {}", reply.reply_id(), r.reason);
  return r.ToProto(reply.reply_id());
}

}  // namespace aspirasi::responder
