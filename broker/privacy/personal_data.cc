#include "broker/privacy/personal_data.h"

#include "common/i18n/catalogue.h"

namespace aspirasi::privacy {

std::string CitizenKey(std::string_view channel, std::string_view platform_id) {
  if (channel.empty() || platform_id.empty()) return "";
  std::string key;
  key.reserve(channel.size() + 1 + platform_id.size());
  key.append(channel).append(":").append(platform_id);
  return key;
}

std::string CitizenKeyOf(const v1::Ticket& ticket) {
  if (!ticket.author().platform_id().empty())
    return CitizenKey(ticket.channel(), ticket.author().platform_id());
  for (const auto& m : ticket.messages()) {
    if (m.direction() == v1::INBOUND && !m.author().platform_id().empty())
      return CitizenKey(ticket.channel(), m.author().platform_id());
  }
  return "";
}

Result<std::string> NormalizeUserId(std::string_view channel, std::string_view input) {
  auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!input.empty() && blank(input.front())) input.remove_prefix(1);
  while (!input.empty() && blank(input.back())) input.remove_suffix(1);
  if (input.empty()) return Status::InvalidArgument("user", i18n::T(i18n::K("privacy.user_required")));
  if (input.size() > 256)
    return Status::TooLarge("user", i18n::T(i18n::K("privacy.user_too_long"), {{"max", 256}}));
  // "@budi": a handle is a name the citizen can change, not the platform's id of them.
  if (input.front() == '@')
    return Status::InvalidArgument("user", i18n::T(i18n::K("privacy.user_is_handle")));
  for (unsigned char c : input) {
    if (c < 0x20 || c == 0x7f)
      return Status::InvalidArgument("user", i18n::T(i18n::K("privacy.user_control_chars")));
  }
  if (channel != "whatsapp") return std::string(input);
  // A phone number: digits, with the separators people write; "+" only before the first digit.
  std::string digits;
  bool plus = false;
  for (char c : input) {
    if (c >= '0' && c <= '9') {
      digits += c;
    } else if (c == '+' && digits.empty() && !plus) {
      plus = true;
    } else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')') {
      return Status::InvalidArgument("user", i18n::T(i18n::K("privacy.user_not_phone")));
    }
  }
  // The international prefix dialled from Indonesia (0062...), or a national number (0812...), in
  // the form WhatsApp reports (62812...).
  if (!plus && digits.rfind("00", 0) == 0) {
    digits.erase(0, 2);
  } else if (!plus && digits.size() > 1 && digits[0] == '0') {
    digits = "62" + digits.substr(1);
  }
  if (digits.size() < 8 || digits.size() > 15)
    return Status::InvalidArgument("user", i18n::T(i18n::K("privacy.user_not_phone")));
  return digits;
}

void StripTicket(v1::Ticket* t, int64_t now_ms) {
  // A private conversation's id names the person; so does a public thread the citizen started
  // (their own post or tweet: the thread is the item itself).
  if (!t->public_item() || t->thread_id() == t->source_id()) t->clear_thread_id();
  t->clear_author();
  t->clear_source_id();
  t->clear_source_key();
  t->clear_conversation_key();
  t->clear_parent_id();
  t->mutable_delivery()->clear_last_error();  // a worker's error may quote what it was handling
  for (auto& m : *t->mutable_messages()) {
    m.clear_text();
    m.clear_revisions();
    m.clear_attachments();
    m.clear_source_id();
    m.clear_submit_key();
    m.clear_platform_message_id();
    m.clear_reply_error();
    if (m.direction() != v1::OUTBOUND && m.direction() != v1::NOTE) m.clear_author();
  }
  t->set_personal_data_erased_at_ms(now_ms);
}

void StripReply(v1::OutboundReply* r) {
  r->clear_text();
  if (r->has_template_()) r->mutable_template_()->clear_parameters();
  v1::Ticket kept;
  kept.set_id(r->ticket().id());
  kept.set_number(r->ticket().number());
  kept.set_opd(r->ticket().opd());
  kept.set_channel(r->ticket().channel());
  *r->mutable_ticket() = std::move(kept);
}

bool StillHandled(v1::TicketStatus status) {
  return status == v1::NEW || status == v1::OPEN || status == v1::IN_PROGRESS ||
         status == v1::WAITING_CITIZEN;
}

bool ReplyInFlight(const v1::Ticket& ticket) {
  for (const auto& m : ticket.messages()) {
    if (m.direction() == v1::OUTBOUND &&
        (m.reply_state() == v1::REPLY_PENDING || m.reply_state() == v1::REPLY_SENDING))
      return true;
  }
  return false;
}

}  // namespace aspirasi::privacy
