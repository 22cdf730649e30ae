#include "broker/desk/templates.h"

#include <algorithm>

#include "common/utf8.h"

namespace aspirasi::desk {

std::string Render(const std::string& text, const v1::Ticket& ticket, const Config& config,
                   const std::string* reply_text) {
  std::string out;
  out.reserve(text.size() + 64);
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t open = text.find('{', i);
    if (open == std::string::npos) break;
    std::size_t close = text.find('}', open + 1);
    if (close == std::string::npos) break;
    out.append(text, i, open - i);
    std::string key = text.substr(open + 1, close - open - 1);
    if (key == "nomor" || key == "ticket") {
      out += ticket.number();
    } else if (key == "nama" || key == "name") {
      out += ticket.author().display_name().empty() ? "Bapak/Ibu" : ticket.author().display_name();
    } else if (key == "opd") {
      const OpdConfig* opd = config.FindOpd(ticket.opd());
      out += opd ? opd->name : ticket.opd();
    } else if (key == "kanal" || key == "channel") {
      out += ticket.channel();
    } else if ((key == "teks" || key == "text") && reply_text != nullptr) {
      out += *reply_text;
    } else {
      out.append(text, open, close - open + 1);
    }
    i = close + 1;
  }
  out.append(text, i, std::string::npos);
  return out;
}

int64_t ReplyWindowMs(const Config& config, const v1::Ticket& ticket) {
  if (ticket.channel() == "whatsapp") return int64_t{config.egress.whatsapp_window_hours} * 3'600'000;
  return 0;
}

int64_t LastInboundMs(const v1::Ticket& ticket) {
  if (ticket.last_inbound_at_ms() > 0) return ticket.last_inbound_at_ms();
  int64_t last = 0;
  for (const auto& m : ticket.messages()) {
    if (m.direction() == v1::INBOUND) last = std::max(last, m.at_ms());
  }
  return last;
}

bool ReplyWindowClosed(const Config& config, const v1::Ticket& ticket, int64_t now_ms) {
  int64_t window = ReplyWindowMs(config, ticket);
  int64_t last = LastInboundMs(ticket);
  return window > 0 && last > 0 && now_ms - last > window;
}

std::optional<v1::ReplyTemplate> TemplateFor(const Config& config, const v1::Ticket& ticket,
                                             const std::string& use, const std::string& reply_text) {
  const AccountConfig* account = config.FindAccount(ticket.channel(), ticket.account());
  const WhatsappTemplateConfig* t = account ? account->FindTemplate(use) : nullptr;
  if (t == nullptr) return std::nullopt;
  v1::ReplyTemplate out;
  out.set_name(t->name);
  out.set_language(t->language);
  for (const std::string& p : t->parameters)
    out.add_parameters(CollapseBlanks(Render(p, ticket, config, &reply_text)));
  return out;
}

const SavedReplyConfig* FindSavedReply(const Config& config, const std::string& opd,
                                       const std::string& name) {
  const SavedReplyConfig* any = nullptr;
  for (const auto& s : config.saved_replies) {
    if (s.name != name) continue;
    if (s.opd == opd) return &s;
    if (s.opd == "*") any = &s;
  }
  return any;
}

}  // namespace aspirasi::desk
