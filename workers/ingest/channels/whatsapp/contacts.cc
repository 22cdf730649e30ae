#include "workers/ingest/channels/whatsapp/contacts.h"

namespace aspirasi::ingest::whatsapp {

std::vector<Contact> ReadContacts(const meta::JsonNode& contacts) {
  std::vector<Contact> out;
  for (std::size_t i = 0; i < contacts.size(); ++i) {
    meta::JsonNode c = contacts[i];
    if (!c.RequireObject()) break;
    out.push_back(Contact{c["wa_id"].Id(), c["user_id"].Id(), c["profile"]["name"].String()});
  }
  return out;
}

const Contact* FindContact(const std::vector<Contact>& contacts, std::string_view from,
                           std::string_view from_user_id) {
  for (const Contact& c : contacts) {
    if (!from.empty() && c.wa_id == from) return &c;
  }
  for (const Contact& c : contacts) {
    if (!from_user_id.empty() && c.user_id == from_user_id) return &c;
  }
  return nullptr;
}

std::string PersonId(const Contact* contact, std::string_view from, std::string_view from_user_id) {
  if (contact != nullptr && !contact->user_id.empty()) return contact->user_id;
  if (!from_user_id.empty()) return std::string(from_user_id);
  if (contact != nullptr && !contact->wa_id.empty()) return contact->wa_id;
  return std::string(from);
}

}  // namespace aspirasi::ingest::whatsapp
