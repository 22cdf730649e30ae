#include "broker/server/validate.h"

#include <algorithm>
#include <string>

#include "common/i18n/catalogue.h"
#include "common/utf8.h"

namespace aspirasi::server {
namespace {

using i18n::K;
using i18n::T;

Status CheckLength(const std::string& value, std::size_t max, const char* field) {
  if (value.size() > max) {
    return Status::TooLarge(
        field, T(K("submit.field_too_long"), {{"field", field}, {"bytes", value.size()}, {"max", max}}));
  }
  return Status::Ok();
}

std::string Joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

// The channel must be one a ticket can have, and the account one of ours on it: anything else
// could not be answered (there is no token, no endpoint) and would only fail later.
Status CheckChannelAndAccount(const v1::TicketDraft& d, const Config& config, bool account_required) {
  const std::vector<std::string> channels = config.ChannelNames();
  if (std::find(channels.begin(), channels.end(), d.channel()) == channels.end()) {
    return Status::InvalidArgument("submit.draft.channel",
                                   T(K("submit.unknown_channel"),
                                     {{"channel", d.channel().substr(0, 64)}, {"known", Joined(channels)}}));
  }
  if (d.account().empty() && !account_required) return Status::Ok();
  std::vector<std::string> accounts;
  for (const auto& a : config.accounts) {
    if (a.channel == d.channel()) accounts.push_back(a.id);
  }
  if (std::find(accounts.begin(), accounts.end(), d.account()) != accounts.end()) return Status::Ok();
  if (accounts.empty()) {
    return Status::InvalidArgument("submit.draft.account",
                                   T(K("submit.no_accounts"), {{"channel", d.channel()}}));
  }
  return Status::InvalidArgument(
      "submit.draft.account",
      T(d.account().empty() ? K("submit.account_missing") : K("submit.unknown_account"),
        {{"account", d.account().substr(0, 64)}, {"channel", d.channel()}, {"known", Joined(accounts)}}));
}

}  // namespace

Status ValidateSubmit(const v1::Submit& submit, const Config& config) {
  const BrokerConfig& limits = config.broker;
  if (submit.idempotency_key().empty()) {
    return Status::InvalidArgument("submit.idempotency_key", T(K("submit.key_required")));
  }
  Status s = CheckLength(submit.idempotency_key(), kMaxKeyBytes, "submit.idempotency_key");
  if (!s.ok()) return s;
  if (!v1::SubmitAction_IsValid(submit.action())) {
    return Status::InvalidArgument("submit.action",
                                   T(K("submit.unknown_action"), {{"action", submit.action()}}));
  }
  const auto& d = submit.draft();
  std::size_t text_max = static_cast<std::size_t>(limits.max_text_bytes);
  if (!(s = CheckLength(d.text(), text_max, "submit.draft.text")).ok()) return s;
  for (auto [value, field] : {std::pair{&d.channel(), "submit.draft.channel"},
                              {&d.account(), "submit.draft.account"},
                              {&d.source_id(), "submit.draft.source_id"},
                              {&d.thread_id(), "submit.draft.thread_id"},
                              {&d.parent_id(), "submit.draft.parent_id"},
                              {&d.conversation_key(), "submit.draft.conversation_key"},
                              {&d.category(), "submit.draft.category"},
                              {&d.opd(), "submit.draft.opd"},
                              {&d.tenant(), "submit.draft.tenant"},
                              {&d.author().platform_id(), "submit.draft.author.platform_id"},
                              {&d.author().display_name(), "submit.draft.author.display_name"},
                              {&d.author().handle(), "submit.draft.author.handle"}}) {
    if (!(s = CheckLength(*value, kMaxShortFieldBytes, field)).ok()) return s;
  }
  if (d.attachments_size() > kMaxAttachments) {
    return Status::TooLarge("submit.draft.attachments",
                            T(K("submit.too_many_attachments"), {{"max", kMaxAttachments}}));
  }
  for (const auto& a : d.attachments()) {
    if (a.url().size() > 4096 || a.media_id().size() > kMaxShortFieldBytes || a.caption().size() > text_max) {
      return Status::TooLarge("submit.draft.attachments", T(K("submit.attachment_too_large")));
    }
  }
  if (!d.opd().empty() && config.FindOpd(d.opd()) == nullptr) {
    std::string known;
    for (const auto& o : config.opds) known += (known.empty() ? "" : ", ") + o.code;
    return Status::InvalidArgument("submit.draft.opd",
                                   T(K("config.unknown_opd"), {{"opd", d.opd()}, {"known", known}}));
  }
  switch (submit.action()) {
    case v1::UPDATE:
    case v1::WITHDRAW:
      if (submit.target_key().empty()) {
        return Status::InvalidArgument("submit.target_key", T(K("submit.target_required")));
      }
      if (!(s = CheckLength(submit.target_key(), kMaxKeyBytes, "submit.target_key")).ok()) return s;
      if (submit.action() == v1::UPDATE && IsBlank(d.text()) && d.attachments_size() == 0) {
        return Status::InvalidArgument("submit.draft.text", T(K("submit.update_needs_text")));
      }
      if (submit.action() == v1::UPDATE && d.channel().empty()) {
        return Status::InvalidArgument("submit.draft.channel", T(K("submit.channel_required")));
      }
      // A withdrawal names at least its item; whatever else it names must exist.
      if (!d.channel().empty()) return CheckChannelAndAccount(d, config, submit.action() == v1::UPDATE);
      break;
    default:
      if (d.channel().empty()) {
        return Status::InvalidArgument("submit.draft.channel", T(K("submit.channel_required")));
      }
      if (IsBlank(d.text()) && d.attachments_size() == 0) {
        return Status::InvalidArgument("submit.draft.text", T(K("submit.needs_text")));
      }
      if (!v1::Urgency_IsValid(d.urgency())) {
        return Status::InvalidArgument("submit.draft.urgency",
                                       T(K("submit.unknown_urgency"), {{"urgency", d.urgency()}}));
      }
      return CheckChannelAndAccount(d, config, true);
  }
  return Status::Ok();
}

Status ValidateHello(const v1::Hello& hello, const Config& config) {
  if (hello.worker().empty()) return Status::InvalidArgument("hello.worker", T(K("hello.name_required")));
  Status s = CheckLength(hello.worker(), 128, "hello.worker");
  if (!s.ok()) return s;
  if (hello.opds().empty()) return Status::InvalidArgument("hello.opds", T(K("hello.opds_required")));
  if (hello.opds_size() > kMaxHelloOpds) return Status::TooLarge("hello.opds", T(K("hello.too_many_opds")));
  for (const auto& opd : hello.opds()) {
    if (config.FindOpd(opd) == nullptr) {
      std::string known;
      for (const auto& o : config.opds) known += (known.empty() ? "" : ", ") + o.code;
      return Status::InvalidArgument(
          "hello.opds", T(K("config.unknown_opd"), {{"opd", opd.substr(0, 64)}, {"known", known}}));
    }
  }
  return Status::Ok();
}

}  // namespace aspirasi::server
