#include "broker/desk/templates.h"

namespace aspirasi::desk {

std::string Render(const std::string& text, const v1::Ticket& ticket, const Config& config) {
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
    } else {
      out.append(text, open, close - open + 1);
    }
    i = close + 1;
  }
  out.append(text, i, std::string::npos);
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
