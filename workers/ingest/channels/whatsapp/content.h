// What a WhatsApp message says, by messages[].type:
//   text                                   text = text.body
//   image, video, audio, document, sticker one attachment {type, media_id = <type>.id, url (if given),
//                                          mime_type, caption}; text = the caption
//   location                               a LOCATION attachment {latitude, longitude, name, address},
//                                          url = location.url; no text (the citizen typed none)
//   interactive                            text = button_reply.title, or list_reply.title (+ "\n" +
//                                          description), or nfm_reply.body: the citizen's choice
//   button                                 text = button.text (a quick-reply button of a template)
// Anything else (reaction, contacts, order, system, unsupported, unknown, ...) is no ticket material.
#pragma once

#include "aspirasi/v1/ticket.pb.h"
#include "workers/ingest/channels/meta/json_node.h"

namespace aspirasi::ingest::whatsapp {

// Fills the draft's text and attachments from `msg`; false when its type is not ticket material.
bool ReadContent(const meta::JsonNode& msg, v1::TicketDraft& draft);

}  // namespace aspirasi::ingest::whatsapp
