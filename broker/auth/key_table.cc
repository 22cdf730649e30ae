#include "broker/auth/key_table.h"

#include <zmq.h>

#include "common/curve_keys.h"

namespace aspirasi::auth {

std::string_view RoleName(Role r) {
  switch (r) {
    case Role::kIngest:
      return "ingest";
    case Role::kResponder:
      return "responder";
    case Role::kAdmin:
      return "admin";
    case Role::kSupervisor:
      return "supervisor";
    case Role::kConsole:
      return "console";
  }
  return "";
}

bool ParseRole(std::string_view text, Role* out) {
  for (Role r : {Role::kIngest, Role::kResponder, Role::kAdmin, Role::kSupervisor, Role::kConsole}) {
    if (text == RoleName(r)) {
      *out = r;
      return true;
    }
  }
  return false;
}

Status KeyTable::Add(const std::string& public_key, Identity identity) {
  if (!IsZ85Key(public_key))
    return Status::InvalidArgument("public", "not a CURVE public key (40 Z85 characters)");
  if (by_key_.count(public_key)) {
    const std::string& other = by_key_.at(public_key).name;
    return Status::InvalidArgument(
        "public", other == identity.name
                      ? "the key is listed twice for '" + other + "'"
                      : "the key of '" + identity.name + "' is already given to '" + other + "'");
  }
  for (const auto& [key, other] : by_key_) {
    if (other.name == identity.name && other.role != identity.role) {
      return Status::InvalidArgument("identity", "'" + identity.name + "' is given two roles (" +
                                                     std::string(RoleName(other.role)) + ", " +
                                                     std::string(RoleName(identity.role)) + ")");
    }
  }
  key_of_name_.emplace(identity.name, public_key);
  by_key_.emplace(public_key, std::move(identity));
  return Status::Ok();
}

const Identity* KeyTable::FindName(std::string_view name) const {
  auto it = key_of_name_.find(std::string(name));
  return it == key_of_name_.end() ? nullptr : FindZ85(it->second);
}

Result<KeyTablePtr> BuildKeyTable(const Config& config, const std::string& server_public) {
  auto table = std::make_shared<KeyTable>();
  for (std::size_t i = 0; i < config.security.keys.size(); ++i) {
    const KeyConfig& k = config.security.keys[i];
    const std::string path = "key[" + std::to_string(i) + "]";
    std::string public_key = k.public_key;
    const std::string field = k.public_file.empty() ? "public" : "public_file";
    const std::string suffix = "_secret";
    if (k.public_file.size() > suffix.size() &&
        k.public_file.compare(k.public_file.size() - suffix.size(), suffix.size(), suffix) == 0) {
      // A secret file copied next to the config is a secret in the wrong place.
      return Status::ConfigInvalid(path + ".public_file",
                                   path + ".public_file: " + k.public_file +
                                       " is a secret key file; list the public NAME.key beside it");
    }
    if (!k.public_file.empty()) {
      auto read = ReadCurvePublicKey(k.public_file);
      if (!read.ok())
        return Status::ConfigInvalid(path + ".public_file",
                                     path + ".public_file: " + read.status().message());
      public_key = *read;
    }
    Identity who;
    who.name = k.identity;
    (void)ParseRole(k.role, &who.role);  // the config checked it
    who.opds = k.opds;
    if (who.role == Role::kAdmin || who.role == Role::kSupervisor) {
      if (const AdminConfig* a = config.FindAdmin(k.identity)) who.opds = a->opds;
    }
    if (!server_public.empty() && public_key == server_public) {
      return Status::ConfigInvalid(
          path + "." + field,
          path + "." + field + ": this is the broker's own key; give each client its own");
    }
    if (Status s = table->Add(public_key, std::move(who)); !s.ok()) {
      const std::string f = s.field() == "public" ? field : s.field();
      return Status::ConfigInvalid(path + "." + f, path + "." + f + ": " + s.message());
    }
  }
  return KeyTablePtr(std::move(table));
}

const Identity* KeyTable::FindZ85(std::string_view z85) const {
  auto it = by_key_.find(std::string(z85));
  return it == by_key_.end() ? nullptr : &it->second;
}

const Identity* KeyTable::FindBinary(std::string_view key32) const {
  if (key32.size() != 32) return nullptr;
  char z85[41] = {};
  if (zmq_z85_encode(z85, reinterpret_cast<const uint8_t*>(key32.data()), 32) == nullptr) return nullptr;
  return FindZ85(std::string_view(z85, 40));
}

}  // namespace aspirasi::auth
