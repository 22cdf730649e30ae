#include "common/i18n/wire_text.h"

#include <map>

namespace aspirasi::i18n {

void ToProto(const Text& text, v1::LocalizedText* out) {
  out->Clear();
  out->set_key(text.key);
  for (const auto& [name, value] : text.args) (*out->mutable_args())[name] = value;
}

Text FromProto(const v1::LocalizedText& text) {
  Text t;
  t.key = text.key();
  std::map<std::string, std::string> sorted(text.args().begin(), text.args().end());
  t.args.assign(sorted.begin(), sorted.end());
  return t;
}

void Describe(v1::Event* event, Text text) {
  event->set_detail(English(text));
  ToProto(text, event->mutable_text());
}

std::string_view ReplyKindName(v1::ReplyKind kind) {
  switch (kind) {
    case v1::REPLY_ASK:
      return "ask";
    case v1::REPLY_AUTO_ACK:
      return "ack";
    default:
      return "answer";
  }
}

std::string EventText(const v1::Event& event, Lang lang, const Zone& zone) {
  if (event.has_text() && Find(event.text().key()) != nullptr)
    return Render(lang, FromProto(event.text()), zone);
  return event.detail();
}

}  // namespace aspirasi::i18n
