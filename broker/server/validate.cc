#include "broker/server/validate.h"

#include <string>

namespace aspirasi::server {
namespace {

Status CheckLength(const std::string& value, std::size_t max, const char* field) {
  if (value.size() > max) {
    return Status::TooLarge(field, std::string(field) + " is " + std::to_string(value.size()) +
                                       " bytes; the limit is " + std::to_string(max));
  }
  return Status::Ok();
}

}  // namespace

Status ValidateSubmit(const v1::Submit& submit, const BrokerConfig& limits) {
  if (submit.idempotency_key().empty()) {
    return Status::InvalidArgument("submit.idempotency_key", "idempotency_key is required");
  }
  Status s = CheckLength(submit.idempotency_key(), kMaxKeyBytes, "submit.idempotency_key");
  if (!s.ok()) return s;
  if (!v1::SubmitAction_IsValid(submit.action())) {
    return Status::InvalidArgument("submit.action", "unknown action " + std::to_string(submit.action()));
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
                            "at most " + std::to_string(kMaxAttachments) + " attachments per message");
  }
  for (const auto& a : d.attachments()) {
    if (a.url().size() > 4096 || a.media_id().size() > kMaxShortFieldBytes || a.caption().size() > text_max) {
      return Status::TooLarge("submit.draft.attachments", "an attachment field is over its limit");
    }
  }
  switch (submit.action()) {
    case v1::UPDATE:
    case v1::WITHDRAW:
      if (submit.target_key().empty()) {
        return Status::InvalidArgument("submit.target_key",
                                       "UPDATE and WITHDRAW need the target_key of the item");
      }
      if (!(s = CheckLength(submit.target_key(), kMaxKeyBytes, "submit.target_key")).ok()) return s;
      if (submit.action() == v1::UPDATE && d.text().empty() && d.attachments_size() == 0) {
        return Status::InvalidArgument("submit.draft.text", "an UPDATE needs the new text or attachments");
      }
      if (submit.action() == v1::UPDATE && d.channel().empty()) {
        return Status::InvalidArgument("submit.draft.channel", "channel is required");
      }
      break;
    default:
      if (d.channel().empty()) return Status::InvalidArgument("submit.draft.channel", "channel is required");
      if (d.text().empty() && d.attachments_size() == 0) {
        return Status::InvalidArgument("submit.draft.text", "a ticket needs text or at least one attachment");
      }
      if (!v1::Urgency_IsValid(d.urgency())) {
        return Status::InvalidArgument("submit.draft.urgency",
                                       "unknown urgency " + std::to_string(d.urgency()));
      }
  }
  return Status::Ok();
}

Status ValidateHello(const v1::Hello& hello, const Config& config) {
  if (hello.worker().empty()) return Status::InvalidArgument("hello.worker", "a worker needs a name");
  Status s = CheckLength(hello.worker(), 128, "hello.worker");
  if (!s.ok()) return s;
  if (hello.opds().empty()) return Status::InvalidArgument("hello.opds", "name at least one OPD to serve");
  if (hello.opds_size() > kMaxHelloOpds) return Status::TooLarge("hello.opds", "too many OPDs in one hello");
  for (const auto& opd : hello.opds()) {
    if (config.FindOpd(opd) == nullptr) {
      return Status::InvalidArgument("hello.opds", "OPD '" + opd.substr(0, 64) + "' is not configured");
    }
  }
  return Status::Ok();
}

}  // namespace aspirasi::server
