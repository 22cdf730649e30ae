// WhatsApp value.contacts[] and who a message is from. Since 2026 a contact may carry a
// business-scoped user id (BSUID, `user_id`) and, for users with a username, no phone number; the
// person id that keys a conversation is the BSUID when there is one, else the phone (wa_id / from).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "workers/ingest/channels/meta/json_node.h"

namespace aspirasi::ingest::whatsapp {

struct Contact {
  std::string wa_id;    // phone number, digits without '+' (may be withheld)
  std::string user_id;  // BSUID, e.g. "ID.4827716650013928" (may be absent)
  std::string name;     // profile.name
};

std::vector<Contact> ReadContacts(const meta::JsonNode& contacts);

// The contact whose wa_id equals `from`, else whose user_id equals `from_user_id`; nullptr if none.
const Contact* FindContact(const std::vector<Contact>& contacts, std::string_view from,
                           std::string_view from_user_id);

// user_id of the contact, else from_user_id, else the contact's wa_id, else from ("" if none).
std::string PersonId(const Contact* contact, std::string_view from, std::string_view from_user_id);

}  // namespace aspirasi::ingest::whatsapp
