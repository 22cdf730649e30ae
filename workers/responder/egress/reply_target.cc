#include "workers/responder/egress/reply_target.h"

#include <algorithm>

namespace aspirasi::egress {

const v1::Message* AnsweredMessage(const v1::OutboundReply& reply) {
  if (reply.in_reply_to_seq() == 0) return nullptr;
  for (const v1::Message& m : reply.ticket().messages()) {
    if (m.seq() == reply.in_reply_to_seq()) return &m;
  }
  return nullptr;
}

std::string TargetSourceId(const v1::OutboundReply& reply) {
  const v1::Message* m = AnsweredMessage(reply);
  if (m != nullptr && !m->source_id().empty()) return m->source_id();
  return reply.ticket().source_id();
}

int64_t LastInboundAtMs(const v1::Ticket& ticket) {
  if (ticket.last_inbound_at_ms() > 0) return ticket.last_inbound_at_ms();
  int64_t newest = 0;
  for (const v1::Message& m : ticket.messages()) {
    if (m.direction() == v1::INBOUND) newest = std::max(newest, m.at_ms());
  }
  return newest;
}

std::string ConversationOf(const v1::Ticket& ticket) {
  std::string prefix = ticket.channel() + ":" + ticket.account() + ":";
  const std::string& key = ticket.conversation_key();
  if (key.size() <= prefix.size() || key.compare(0, prefix.size(), prefix) != 0) return {};
  return key.substr(prefix.size());
}

std::string CitizenId(const v1::Ticket& ticket, std::string_view fallback) {
  if (!ticket.author().platform_id().empty()) return ticket.author().platform_id();
  return std::string(fallback);
}

}  // namespace aspirasi::egress
