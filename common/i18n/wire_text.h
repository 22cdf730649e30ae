// Localized text on the wire (v1::LocalizedText) and on events.
//
// Thread safety: pure functions.
#pragma once

#include "aspirasi/v1/error.pb.h"
#include "aspirasi/v1/event.pb.h"
#include "aspirasi/v1/ticket.pb.h"
#include "common/i18n/text.h"

namespace aspirasi::i18n {

void ToProto(const Text& text, v1::LocalizedText* out);
// Arguments sorted by name (a protobuf map has no order).
Text FromProto(const v1::LocalizedText& text);

// Sets the event's text and its English rendering (Event.detail, for logs and other clients).
void Describe(v1::Event* event, Text text);

// A reply's kind as the catalogue names it (group "reply_kind"): "answer", "ask" or "ack".
std::string_view ReplyKindName(v1::ReplyKind kind);

// The event's text in `lang`: its catalogue text when it has one, else its English detail.
std::string EventText(const v1::Event& event, Lang lang, const Zone& zone = DefaultZone());

}  // namespace aspirasi::i18n
