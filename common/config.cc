#include "common/config.h"

#include <toml++/toml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "common/host_port.h"
#include "common/time_zone.h"

namespace aspirasi {
namespace {

// Reads one TOML table, remembering the first problem and which keys were consumed.
class TableReader {
 public:
  TableReader(const toml::table* table, std::string path, Status* error)
      : table_(table), path_(std::move(path)), error_(error) {}

  std::string Key(std::string_view key) const {
    return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
  }

  void Fail(std::string_view key, const std::string& what) {
    if (error_->ok()) *error_ = Status::ConfigInvalid(Key(key), Key(key) + ": " + what);
  }

  void String(std::string_view key, std::string* out, bool required) {
    seen_.insert(std::string(key));
    const toml::node* node = table_ ? table_->get(key) : nullptr;
    if (node == nullptr) {
      if (required) Fail(key, "is required");
      return;
    }
    if (const auto* v = node->as_string()) {
      *out = v->get();
      if (required && out->empty()) Fail(key, "must not be empty");
    } else {
      Fail(key, "must be a string");
    }
  }

  void Bool(std::string_view key, bool* out) {
    seen_.insert(std::string(key));
    const toml::node* node = table_ ? table_->get(key) : nullptr;
    if (node == nullptr) return;
    const auto* v = node->as_boolean();
    if (v == nullptr) return Fail(key, "must be true or false");
    *out = v->get();
  }

  template <class Int>
  void Integer(std::string_view key, Int* out, int64_t min, int64_t max) {
    seen_.insert(std::string(key));
    const toml::node* node = table_ ? table_->get(key) : nullptr;
    if (node == nullptr) return;
    const auto* v = node->as_integer();
    if (v == nullptr) return Fail(key, "must be an integer");
    int64_t x = v->get();
    if (x < min || x > max) {
      return Fail(key, "must be between " + std::to_string(min) + " and " + std::to_string(max) + ", got " +
                           std::to_string(x));
    }
    *out = static_cast<Int>(x);
  }

  void StringList(std::string_view key, std::vector<std::string>* out) {
    seen_.insert(std::string(key));
    const toml::node* node = table_ ? table_->get(key) : nullptr;
    if (node == nullptr) return;
    const auto* arr = node->as_array();
    if (arr == nullptr) return Fail(key, "must be an array of strings");
    for (std::size_t i = 0; i < arr->size(); ++i) {
      const auto* s = arr->get(i)->as_string();
      if (s == nullptr || s->get().empty()) {
        return Fail(std::string(key) + "[" + std::to_string(i) + "]", "must be a non-empty string");
      }
      out->push_back(s->get());
    }
  }

  // A table whose values are all strings (options = { a = "1" }).
  void StringMap(std::string_view key, std::map<std::string, std::string>* out) {
    seen_.insert(std::string(key));
    const toml::node* node = table_ ? table_->get(key) : nullptr;
    if (node == nullptr) return;
    const auto* t = node->as_table();
    if (t == nullptr) return Fail(key, "must be a table of strings, e.g. { name = \"value\" }");
    for (const auto& [k, v] : *t) {
      const auto* s = v.as_string();
      if (s == nullptr) return Fail(std::string(key) + "." + std::string(k.str()), "must be a string");
      (*out)[std::string(k.str())] = s->get();
    }
  }

  const toml::table* Table(std::string_view key) {
    seen_.insert(std::string(key));
    const toml::node* node = table_ ? table_->get(key) : nullptr;
    if (node == nullptr) return nullptr;
    if (!node->is_table()) {
      Fail(key, "must be a table");
      return nullptr;
    }
    return node->as_table();
  }

  // Array of tables ([[key]]).
  std::vector<const toml::table*> Tables(std::string_view key) {
    seen_.insert(std::string(key));
    std::vector<const toml::table*> out;
    const toml::node* node = table_ ? table_->get(key) : nullptr;
    if (node == nullptr) return out;
    const auto* arr = node->as_array();
    if (arr == nullptr || !arr->is_array_of_tables()) {
      Fail(key, "must be an array of tables ([[" + std::string(key) + "]])");
      return out;
    }
    for (const auto& n : *arr) out.push_back(n.as_table());
    return out;
  }

  // Unknown keys are errors: a typo must not silently fall back to a default.
  void Finish() {
    if (table_ == nullptr) return;
    for (const auto& [k, v] : *table_) {
      if (!seen_.count(std::string(k.str()))) Fail(k.str(), "is not a known setting");
    }
  }

 private:
  const toml::table* table_;
  std::string path_;
  Status* error_;
  std::set<std::string> seen_;
};

bool IsCode(const std::string& s) {
  if (s.empty() || s.size() > 32) return false;
  for (char c : s) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

bool IsSlug(const std::string& s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

bool IsEndpoint(const std::string& s) {
  return s.rfind("tcp://", 0) == 0 || s.rfind("ipc://", 0) == 0 || s.rfind("inproc://", 0) == 0;
}

void ReadListen(TableReader& r, Status* err, std::string* host, int* port) {
  std::string listen = *host + ":" + std::to_string(*port);
  r.String("http_listen", &listen, false);
  if (err->ok() && !SplitListen(listen, host, port)) {
    r.Fail("http_listen", "must be host:port with a port from 0 to 65535, got '" + listen + "'");
  }
}

bool IsEnvName(const std::string& s) {
  if (s.empty() || s.size() > 128 || (s[0] >= '0' && s[0] <= '9')) return false;
  for (char c : s) {
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
      return false;
  }
  return true;
}

bool IsName(const std::string& s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return false;
  }
  return true;
}

// RFC 6901: "" or "/" followed by reference tokens in which "~" is only "~0" or "~1".
bool IsJsonPointer(const std::string& s) {
  if (s.empty()) return true;
  if (s[0] != '/') return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '~' && (i + 1 == s.size() || (s[i + 1] != '0' && s[i + 1] != '1'))) return false;
    if (s[i] == '\n' || s[i] == '\r') return false;
  }
  return true;
}

void ReadChannel(TableReader& r, Status* err, ChannelConfig* ch) {
  r.String("name", &ch->name, true);
  r.String("type", &ch->type, false);
  const std::pair<const char*, std::string*> pointers[] = {{"items", &ch->items},
                                                           {"item_id", &ch->item_id},
                                                           {"text", &ch->text},
                                                           {"author_id", &ch->author_id},
                                                           {"author_name", &ch->author_name},
                                                           {"author_handle", &ch->author_handle},
                                                           {"time", &ch->time},
                                                           {"thread", &ch->thread},
                                                           {"parent", &ch->parent},
                                                           {"conversation", &ch->conversation},
                                                           {"category", &ch->category},
                                                           {"attachment_urls", &ch->attachment_urls},
                                                           {"action", &ch->action},
                                                           {"version", &ch->version}};
  for (const auto& [key, field] : pointers) {
    bool required = std::string_view(key) == "item_id" || std::string_view(key) == "text";
    r.String(key, field, required);
    if (err->ok() && !IsJsonPointer(*field)) {
      r.Fail(key, "must be a JSON Pointer such as \"/sender/id\" (RFC 6901), got '" + *field + "'");
    }
  }
  r.StringList("update_values", &ch->update_values);
  r.StringList("withdraw_values", &ch->withdraw_values);
  r.StringList("ignore_values", &ch->ignore_values);
  r.String("kind", &ch->kind, false);
  r.Bool("public", &ch->public_item);
  r.String("signature_header", &ch->signature_header, false);
  r.String("signature_prefix", &ch->signature_prefix, false);
  r.String("signature_encoding", &ch->signature_encoding, false);
  r.Finish();
  if (!err->ok()) return;
  if (!IsName(ch->name)) return r.Fail("name", "must be 1-64 lower-case letters, digits, '-' or '_'");
  if (ch->type != "generic") return r.Fail("type", "must be \"generic\", got '" + ch->type + "'");
  if (!IsName(ch->kind)) return r.Fail("kind", "must be 1-64 lower-case letters, digits, '-' or '_'");
  if (ch->signature_encoding != "hex" && ch->signature_encoding != "base64") {
    return r.Fail("signature_encoding", "must be \"hex\" or \"base64\"");
  }
  bool has_values = !ch->update_values.empty() || !ch->withdraw_values.empty() || !ch->ignore_values.empty();
  if (has_values && ch->action.empty()) {
    return r.Fail("action", "is required when update_values, withdraw_values or ignore_values are set");
  }
}

// One [[account.template]]: use, name, language, parameters.
void ReadTemplate(TableReader& r, Status* err, WhatsappTemplateConfig* t) {
  r.String("use", &t->use, true);
  r.String("name", &t->name, true);
  r.String("language", &t->language, false);
  r.StringList("parameters", &t->parameters);
  r.Finish();
  if (!err->ok()) return;
  if (t->use != "ack" && t->use != "answer" && t->use != "ask")
    return r.Fail("use", "must be \"ack\", \"answer\" or \"ask\", got '" + t->use + "'");
  bool name_ok = !t->name.empty() && t->name.size() <= 512;
  for (char ch : t->name)
    name_ok = name_ok && ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_');
  if (!name_ok) return r.Fail("name", "must be lower-case letters, digits and '_' (as Meta approved it)");
  const std::string& l = t->language;
  bool lang_ok = (l.size() == 2 || (l.size() == 5 && l[2] == '_')) && l[0] >= 'a' && l[0] <= 'z' &&
                 l[1] >= 'a' && l[1] <= 'z' &&
                 (l.size() == 2 || (l[3] >= 'A' && l[3] <= 'Z' && l[4] >= 'A' && l[4] <= 'Z'));
  if (!lang_ok)
    return r.Fail("language", "must be a language code such as \"id\" or \"en_US\", got '" + l + "'");
  if (t->parameters.size() > 10) return r.Fail("parameters", "at most 10 parameters");
}

std::string ResolvePath(const std::string& path, const std::string& source) {
  std::filesystem::path p(path);
  if (p.is_absolute() || source.empty()) return path;
  return (std::filesystem::path(source).parent_path() / p).lexically_normal().string();
}

bool IsAdminId(const std::string& s) {
  if (s.empty() || s.size() > 64) return false;
  for (char ch : s) {
    if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == '-'))
      return false;
  }
  return true;
}

// [desk], [egress], [[admin]] and [[saved_reply]]: the OPD desks and the responder's egress.
void ReadDesk(TableReader& top, Status* err, Config* c) {
  TableReader desk(top.Table("desk"), "desk", err);
  auto& d = c->desk;
  desk.Integer("claim_idle_minutes", &d.claim_idle_minutes, 1, 1440);
  desk.Bool("auto_ack", &d.auto_ack);
  desk.String("auto_ack_template", &d.auto_ack_template, false);
  desk.Integer("repeat_window_minutes", &d.repeat_window_minutes, 0, 1440);
  desk.Integer("reply_max_attempts", &d.reply_max_attempts, 1, 100);
  desk.Integer("reply_retry_ms", &d.reply_retry_ms, 100, 3600000);
  desk.Integer("max_reply_bytes", &d.max_reply_bytes, 1, 65536);
  desk.Finish();
  if (err->ok() && d.auto_ack && d.auto_ack_template.empty()) {
    desk.Fail("auto_ack_template", "must not be empty while auto_ack = true");
  }

  TableReader egress(top.Table("egress"), "egress", err);
  std::map<std::string, std::string> urls;
  egress.StringMap("base_urls", &urls);
  for (auto& [channel, url] : urls) {
    if (err->ok() && url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) {
      egress.Fail("base_urls." + channel, "must start with http:// or https://");
    }
    while (!url.empty() && url.back() == '/') url.pop_back();
    c->egress.base_urls[channel] = url;
  }
  egress.Integer("timeout_ms", &c->egress.timeout_ms, 100, 600000);
  egress.Integer("whatsapp_window_hours", &c->egress.whatsapp_window_hours, 1, 168);
  egress.Finish();

  auto admin_tables = top.Tables("admin");
  for (std::size_t i = 0; i < admin_tables.size(); ++i) {
    TableReader r(admin_tables[i], "admin[" + std::to_string(i) + "]", err);
    AdminConfig a;
    r.String("id", &a.id, true);
    r.String("name", &a.name, true);
    r.String("role", &a.role, false);
    r.StringList("opds", &a.opds);
    bool roles_given = false;
    if (admin_tables[i] != nullptr && admin_tables[i]->contains("escalation_roles")) roles_given = true;
    r.StringList("escalation_roles", &a.escalation_roles);
    r.Bool("ppid", &a.ppid);
    r.Finish();
    if (!roles_given && a.role == "supervisor") a.escalation_roles = {"opd_supervisor"};
    for (std::size_t k = 0; k < a.escalation_roles.size(); ++k) {
      const std::string& er = a.escalation_roles[k];
      const std::string key = "escalation_roles[" + std::to_string(k) + "]";
      auto colon = er.find(':');
      if (err->ok() && !IsName(er.substr(0, colon)))
        r.Fail(key,
               "must be a role of [[sla.policy]] escalation (1-64 lower-case letters, digits, '-' or '_'), "
               "optionally \"role:OPD\"");
      if (err->ok() && colon != std::string::npos && !c->FindOpd(er.substr(colon + 1)))
        r.Fail(key, "names OPD '" + er.substr(colon + 1) + "' which is not an [[opd]]");
    }
    if (err->ok() && !IsAdminId(a.id))
      r.Fail("id", "must be 1-64 lower-case letters, digits, '.', '_' or '-'");
    if (err->ok() && a.role != "admin" && a.role != "supervisor")
      r.Fail("role", "must be \"admin\" or \"supervisor\"");
    if (err->ok() && a.opds.empty()) r.Fail("opds", "name at least one OPD code, or \"*\" for all");
    for (const auto& o : a.opds) {
      if (err->ok() && o != "*" && !c->FindOpd(o))
        r.Fail("opds", "names OPD '" + o + "' which is not an [[opd]]");
    }
    if (err->ok() && c->FindAdmin(a.id)) r.Fail("id", "duplicate admin '" + a.id + "'");
    c->admins.push_back(std::move(a));
  }

  auto saved_tables = top.Tables("saved_reply");
  std::set<std::pair<std::string, std::string>> saved_names;
  for (std::size_t i = 0; i < saved_tables.size(); ++i) {
    TableReader r(saved_tables[i], "saved_reply[" + std::to_string(i) + "]", err);
    SavedReplyConfig sr;
    r.String("opd", &sr.opd, true);
    r.String("name", &sr.name, true);
    r.String("text", &sr.text, true);
    r.Finish();
    if (err->ok() && sr.opd != "*" && !c->FindOpd(sr.opd)) {
      r.Fail("opd", "names OPD '" + sr.opd + "' which is not an [[opd]]");
    }
    if (err->ok() && !IsSlug(sr.name)) r.Fail("name", "must be lower-case letters, digits and '-'");
    if (err->ok() && !saved_names.insert({sr.opd, sr.name}).second) {
      r.Fail("name", "duplicate saved reply '" + sr.name + "' for " + sr.opd);
    }
    if (err->ok() && static_cast<int64_t>(sr.text.size()) > c->desk.max_reply_bytes) {
      r.Fail("text", "is longer than desk.max_reply_bytes");
    }
    c->saved_replies.push_back(std::move(sr));
  }
}

// Reaches only this machine: tcp on 127.0.0.0/8, ::1 or localhost, ipc:// and inproc://.
bool IsLoopbackEndpoint(const std::string& e) {
  if (e.rfind("ipc://", 0) == 0 || e.rfind("inproc://", 0) == 0) return true;
  if (e.rfind("tcp://", 0) != 0) return false;
  const std::size_t colon = e.rfind(':');
  std::string host = colon == std::string::npos || colon < 6 ? e.substr(6) : e.substr(6, colon - 6);
  if (host == "localhost" || host == "[::1]" || host == "lo") return true;  // lo: Linux's loopback interface
  // An IPv4 address written as IPv6 ([::ffff:127.0.0.1]) is the same address.
  const std::string mapped = "[::ffff:";
  if (host.rfind(mapped, 0) == 0 && host.size() > mapped.size() + 1 && host.back() == ']')
    host = host.substr(mapped.size(), host.size() - mapped.size() - 1);
  // 127.a.b.c, digits only: not a name that merely starts with "127."
  int parts = 0, digits = 0;
  for (char ch : host) {
    if (ch == '.') {
      if (digits == 0 || digits > 3) return false;
      ++parts;
      digits = 0;
    } else if (ch >= '0' && ch <= '9') {
      ++digits;
    } else {
      return false;
    }
  }
  return parts == 3 && digits > 0 && digits <= 3 && host.rfind("127.", 0) == 0;
}

// [security] and [[key]]: who may connect to the ZeroMQ endpoints (docs/SECURITY.md).
void ReadSecurity(TableReader& top, Status* err, Config* c) {
  TableReader sec(top.Table("security"), "security", err);
  auto& s = c->security;
  sec.String("server_secret_file", &s.server_secret_file, false);
  sec.String("server_public", &s.server_public, false);
  sec.String("server_public_file", &s.server_public_file, false);
  sec.Finish();
  const std::string& source = c->source_path;
  if (err->ok() && !s.server_public.empty() && !s.server_public_file.empty())
    sec.Fail("server_public_file", "give server_public or server_public_file, not both");
  if (err->ok() && !s.server_public.empty() && (s.server_public.size() != 40))
    sec.Fail("server_public", "must be a CURVE public key: 40 Z85 characters (aspirasi keygen writes one)");
  if (!s.server_secret_file.empty()) s.server_secret_file = ResolvePath(s.server_secret_file, source);
  if (!s.server_public_file.empty()) {
    s.server_public_file = ResolvePath(s.server_public_file, source);
  } else if (s.server_public.empty() && !s.server_secret_file.empty()) {
    const std::string suffix = "_secret";
    const std::string& f = s.server_secret_file;
    if (f.size() > suffix.size() && f.compare(f.size() - suffix.size(), suffix.size(), suffix) == 0)
      s.server_public_file = f.substr(0, f.size() - suffix.size());
  }

  auto key_tables = top.Tables("key");
  std::set<std::string> publics;
  for (std::size_t i = 0; i < key_tables.size(); ++i) {
    TableReader r(key_tables[i], "key[" + std::to_string(i) + "]", err);
    KeyConfig k;
    r.String("identity", &k.identity, true);
    r.String("role", &k.role, true);
    r.String("public", &k.public_key, false);
    r.String("public_file", &k.public_file, false);
    r.StringList("opds", &k.opds);
    r.Finish();
    if (err->ok() && !IsAdminId(k.identity))
      r.Fail("identity", "must be 1-64 lower-case letters, digits, '.', '_' or '-'");
    static const std::set<std::string> kRoles = {"ingest", "responder", "admin", "supervisor", "console"};
    if (err->ok() && !kRoles.count(k.role))
      r.Fail("role", "must be one of ingest, responder, admin, supervisor, console");
    if (err->ok() && k.public_key.empty() == k.public_file.empty())
      r.Fail("public", "give the key's public (40 Z85 characters) or its public_file, exactly one");
    if (err->ok() && !k.public_key.empty() && k.public_key.size() != 40)
      r.Fail("public", "must be a CURVE public key: 40 Z85 characters (aspirasi keygen writes one)");
    if (err->ok() && !k.public_key.empty() && !publics.insert(k.public_key).second)
      r.Fail("public", "this key is already given to another [[key]]");
    if (!k.public_file.empty()) k.public_file = ResolvePath(k.public_file, source);
    if (err->ok() && k.role == "responder" && k.opds.empty())
      r.Fail("opds", "a responder key names the OPDs it serves (or \"*\")");
    if (err->ok() && k.role != "responder" && !k.opds.empty())
      r.Fail("opds", "only a responder key names OPDs; a person's come from their [[admin]]");
    for (const auto& o : k.opds) {
      if (err->ok() && o != "*" && !c->FindOpd(o))
        r.Fail("opds", "names OPD '" + o + "' which is not an [[opd]]");
    }
    if (err->ok() && (k.role == "admin" || k.role == "supervisor")) {
      const AdminConfig* a = c->FindAdmin(k.identity);
      if (a == nullptr) {
        r.Fail("identity", "an " + k.role + " key names an [[admin]] id; '" + k.identity + "' is not one");
      } else if (a->role != k.role) {
        r.Fail("role", "'" + k.identity + "' is an [[admin]] with role " + a->role + ", not " + k.role);
      }
    }
    for (const auto& other : s.keys) {
      if (err->ok() && other.identity == k.identity && (other.role != k.role || other.opds != k.opds))
        r.Fail("identity", "'" + k.identity + "' is given again with another role or other OPDs");
    }
    s.keys.push_back(std::move(k));
  }
  if (err->ok() && !s.keys.empty() && !s.enabled())
    top.Fail("key", "[[key]] entries need [security] server_secret_file (the broker's own key)");

  // Without keys anyone who reaches a port is anyone: only this machine may.
  if (!s.enabled()) {
    TableReader broker(nullptr, "broker", err);
    for (auto [key, value] : {std::pair{"ingest_endpoint", &c->broker.ingest_endpoint},
                              {"worker_endpoint", &c->broker.worker_endpoint},
                              {"api_endpoint", &c->broker.api_endpoint},
                              {"events_endpoint", &c->broker.events_endpoint}}) {
      if (err->ok() && !IsLoopbackEndpoint(*value))
        broker.Fail(key,
                    "'" + *value +
                        "' is not a loopback address (other machines may reach it), but [security] "
                        "configures no keys; without keys the endpoints must be loopback "
                        "(tcp://127.0.0.1:PORT, tcp://[::1]:PORT, tcp://lo:PORT, ipc://) (docs/SECURITY.md)");
    }
  }
}

}  // namespace

const OpdConfig* Config::FindOpd(const std::string& code) const {
  for (const auto& o : opds) {
    if (o.code == code) return &o;
  }
  return nullptr;
}

const AdminConfig* Config::FindAdmin(const std::string& id) const {
  for (const auto& a : admins) {
    if (a.id == id) return &a;
  }
  return nullptr;
}

bool AdminConfig::Receives(const std::string& escalation_role, const std::string& opd) const {
  if (!Covers(opd)) return false;
  for (const auto& r : escalation_roles) {
    if (r == escalation_role) return true;
    if (r.size() == escalation_role.size() + 1 + opd.size() &&
        r.compare(0, escalation_role.size(), escalation_role) == 0 && r[escalation_role.size()] == ':' &&
        r.compare(escalation_role.size() + 1, std::string::npos, opd) == 0)
      return true;
  }
  return false;
}

const WhatsappTemplateConfig* AccountConfig::FindTemplate(const std::string& use) const {
  for (const auto& t : templates) {
    if (t.use == use) return &t;
  }
  return nullptr;
}

std::vector<std::string> Config::ChannelNames() const {
  std::vector<std::string> out;
  auto add = [&](const std::string& name) {
    if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
  };
  for (const auto& a : accounts) add(a.channel);
  for (const auto& c : channels) add(c.name);
  return out;
}

bool AdminConfig::Covers(const std::string& opd) const {
  for (const auto& o : opds) {
    if (o == "*" || o == opd) return true;
  }
  return false;
}

const AccountConfig* Config::FindAccount(const std::string& channel, const std::string& id) const {
  for (const auto& a : accounts) {
    if (a.channel == channel && a.id == id) return &a;
  }
  return nullptr;
}

const ChannelConfig* Config::FindChannel(const std::string& name) const {
  for (const auto& ch : channels) {
    if (ch.name == name) return &ch;
  }
  return nullptr;
}

Result<Config> ParseConfig(const std::string& toml_text, const std::string& source_path) {
  toml::table root;
  try {
    root = toml::parse(toml_text, source_path);
  } catch (const toml::parse_error& e) {
    std::ostringstream msg;
    msg << source_path << ":" << e.source().begin.line << ":" << e.source().begin.column << ": "
        << e.description();
    return Status::ConfigInvalid("", msg.str());
  }

  Config c;
  c.source_path = source_path;
  Status err;
  TableReader top(&root, "", &err);

  TableReader tenant(top.Table("tenant"), "tenant", &err);
  if (root.get("tenant") == nullptr) top.Fail("tenant", "section [tenant] is required");
  tenant.String("id", &c.tenant.id, true);
  tenant.String("name", &c.tenant.name, true);
  tenant.String("ticket_prefix", &c.tenant.ticket_prefix, false);
  tenant.String("timezone", &c.tenant.timezone, false);
  tenant.String("triage_opd", &c.tenant.triage_opd, true);
  tenant.Finish();
  if (err.ok() && !IsSlug(c.tenant.id)) tenant.Fail("id", "must be lower-case letters, digits and '-'");
  if (err.ok() && !IsCode(c.tenant.ticket_prefix)) {
    tenant.Fail("ticket_prefix", "must be 1-32 upper-case letters, digits or '_'");
  }
  if (err.ok() && FindIndonesianZone(c.tenant.timezone) == nullptr) {
    tenant.Fail("timezone", "must be " + IndonesianZoneNames());
  }

  TableReader broker(top.Table("broker"), "broker", &err);
  auto& b = c.broker;
  broker.String("database", &b.database, false);
  for (auto [key, field] : {std::pair{"ingest_endpoint", &b.ingest_endpoint},
                            {"worker_endpoint", &b.worker_endpoint},
                            {"api_endpoint", &b.api_endpoint},
                            {"events_endpoint", &b.events_endpoint}}) {
    broker.String(key, field, false);
    if (err.ok() && !IsEndpoint(*field))
      broker.Fail(key, "must be a ZeroMQ endpoint (tcp://, ipc:// or inproc://)");
  }
  ReadListen(broker, &err, &b.http_host, &b.http_port);
  broker.Integer("max_message_bytes", &b.max_message_bytes, 1024, 64LL << 20);
  broker.Integer("max_text_bytes", &b.max_text_bytes, 1, 64LL << 20);
  broker.Integer("heartbeat_ms", &b.heartbeat_ms, 50, 60000);
  broker.Integer("liveness", &b.liveness, 2, 20);
  broker.Integer("lease_ms", &b.lease_ms, 100, 3600000);
  broker.Integer("max_attempts", &b.max_attempts, 1, 100);
  broker.Integer("group_commit_max", &b.group_commit_max, 1, 100000);
  broker.Integer("wal_checkpoint_pages", &b.wal_checkpoint_pages, 100, 10000000);
  broker.Integer("queue_memory_mb", &b.queue_memory_mb, 1, 65536);
  broker.Integer("sla_timers_in_memory", &b.sla_timers_in_memory, 64, 100000000);
  broker.Integer("audit_head_interval_s", &b.audit_head_interval_s, 1, 86400);
  broker.Integer("max_pending_per_client", &b.max_pending_per_client, 1, 10000000);
  broker.Finish();
  if (err.ok() && b.max_text_bytes > b.max_message_bytes) {
    broker.Fail("max_text_bytes", "must not exceed broker.max_message_bytes");
  }
  b.database = ResolvePath(b.database, source_path);

  TableReader logging(top.Table("logging"), "logging", &err);
  logging.String("level", &c.logging.level, false);
  logging.String("file", &c.logging.file, false);
  logging.Finish();
  static const std::set<std::string> kLevels = {"trace", "debug", "info", "warn", "error", "off"};
  if (err.ok() && !kLevels.count(c.logging.level)) {
    logging.Fail("level", "must be one of trace, debug, info, warn, error, off");
  }
  if (!c.logging.file.empty()) c.logging.file = ResolvePath(c.logging.file, source_path);

  // [sla]: the broker parses the whole table (broker/sla/policy_config.h) from sla.toml; here only
  // the provisional keys and holidays_dir, which is relative to this file.
  const toml::table* sla_table = top.Table("sla");
  TableReader sla(sla_table, "sla", &err);
  sla.Integer("first_response_minutes_biasa", &c.sla.first_response_minutes_biasa, 1, 525600);
  sla.Integer("first_response_minutes_segera", &c.sla.first_response_minutes_segera, 1, 525600);
  sla.Integer("first_response_minutes_sangat_segera", &c.sla.first_response_minutes_sangat_segera, 1, 525600);
  sla.String("holidays_dir", &c.sla.holidays_dir, false);
  if (!c.sla.holidays_dir.empty()) c.sla.holidays_dir = ResolvePath(c.sla.holidays_dir, source_path);
  if (sla_table != nullptr) {
    std::ostringstream text;
    text << *sla_table;
    c.sla.toml = text.str();
  }

  TableReader ingest(top.Table("ingest"), "ingest", &err);
  auto& in = c.ingest;
  ReadListen(ingest, &err, &in.http_host, &in.http_port);
  ingest.Integer("body_limit_bytes", &in.body_limit_bytes, 1024, 64LL << 20);
  ingest.String("spool", &in.spool, false);
  ingest.Integer("submit_timeout_ms", &in.submit_timeout_ms, 100, 600000);
  ingest.Integer("threads", &in.threads, 1, 1024);
  ingest.Integer("max_connections", &in.max_connections, 16, 16384);
  ingest.Finish();
  if (err.ok() && in.max_connections < in.threads)
    ingest.Fail("max_connections", "must be at least threads (" + std::to_string(in.threads) + ")");
  if (err.ok() && in.spool.empty()) ingest.Fail("spool", "must not be empty");
  in.spool = ResolvePath(in.spool, source_path);

  auto opd_tables = top.Tables("opd");
  for (std::size_t i = 0; i < opd_tables.size(); ++i) {
    TableReader r(opd_tables[i], "opd[" + std::to_string(i) + "]", &err);
    OpdConfig o;
    r.String("code", &o.code, true);
    r.String("name", &o.name, true);
    r.String("auto_ack_template", &o.auto_ack_template, false);
    r.Finish();
    if (err.ok() && !IsCode(o.code)) r.Fail("code", "must be 1-32 upper-case letters, digits or '_'");
    if (err.ok() && c.FindOpd(o.code)) r.Fail("code", "duplicate OPD code '" + o.code + "'");
    c.opds.push_back(std::move(o));
  }
  if (err.ok() && c.opds.empty()) top.Fail("opd", "at least one [[opd]] is required");
  if (err.ok() && !c.FindOpd(c.tenant.triage_opd)) {
    tenant.Fail("triage_opd", "names OPD '" + c.tenant.triage_opd + "' which is not an [[opd]]");
  }

  auto channel_tables = top.Tables("channel");
  for (std::size_t i = 0; i < channel_tables.size(); ++i) {
    TableReader r(channel_tables[i], "channel[" + std::to_string(i) + "]", &err);
    ChannelConfig ch;
    ReadChannel(r, &err, &ch);
    if (err.ok() && c.FindChannel(ch.name)) r.Fail("name", "duplicate channel '" + ch.name + "'");
    c.channels.push_back(std::move(ch));
  }

  auto account_tables = top.Tables("account");
  for (std::size_t i = 0; i < account_tables.size(); ++i) {
    TableReader r(account_tables[i], "account[" + std::to_string(i) + "]", &err);
    AccountConfig a;
    r.String("channel", &a.channel, true);
    r.String("id", &a.id, true);
    r.String("name", &a.name, false);
    r.String("opd", &a.opd, false);
    r.String("secret_file", &a.secret_file, false);
    r.String("secret_env", &a.secret_env, false);
    r.String("verify_token", &a.verify_token, false);
    r.String("token_file", &a.token_file, false);
    r.String("token_env", &a.token_env, false);
    r.StringList("own_ids", &a.own_ids);
    r.Integer("body_limit_bytes", &a.body_limit_bytes, 1024, 64LL << 20);
    r.StringMap("options", &a.options);
    auto template_tables = r.Tables("template");
    r.Finish();
    for (std::size_t k = 0; k < template_tables.size() && err.ok(); ++k) {
      TableReader tr(template_tables[k], r.Key("template[" + std::to_string(k) + "]"), &err);
      WhatsappTemplateConfig t;
      ReadTemplate(tr, &err, &t);
      if (err.ok() && a.channel != "whatsapp")
        tr.Fail("use", "message templates are WhatsApp's; this account is " + a.channel);
      if (err.ok() && a.FindTemplate(t.use)) tr.Fail("use", "a second template for '" + t.use + "'");
      a.templates.push_back(std::move(t));
    }
    if (a.name.empty()) a.name = a.id;
    if (err.ok() && !a.secret_file.empty() && !a.secret_env.empty()) {
      r.Fail("secret_env", "give secret_file or secret_env, not both");
    }
    if (err.ok() && !a.secret_env.empty() && !IsEnvName(a.secret_env)) {
      // The value is not echoed: it may be the secret itself, pasted in the wrong place.
      r.Fail("secret_env",
             "must be the name of an environment variable ([A-Za-z_][A-Za-z0-9_]*), not a value");
    }
    if (err.ok() && !a.token_file.empty() && !a.token_env.empty()) {
      r.Fail("token_env", "give token_file or token_env, not both");
    }
    if (err.ok() && !a.token_env.empty() && !IsEnvName(a.token_env)) {
      r.Fail("token_env",
             "must be the name of an environment variable ([A-Za-z_][A-Za-z0-9_]*), not a value");
    }
    if (!a.secret_file.empty()) a.secret_file = ResolvePath(a.secret_file, source_path);
    if (!a.token_file.empty()) a.token_file = ResolvePath(a.token_file, source_path);
    if (err.ok() && !a.opd.empty() && !c.FindOpd(a.opd))
      r.Fail("opd", "names OPD '" + a.opd + "' which is not an [[opd]]");
    if (err.ok() && c.FindAccount(a.channel, a.id))
      r.Fail("id", "duplicate account " + a.channel + "/" + a.id);

    c.accounts.push_back(std::move(a));
  }

  auto rule_tables = top.Tables("rule");
  std::set<std::string> rule_names;
  for (std::size_t i = 0; i < rule_tables.size(); ++i) {
    TableReader r(rule_tables[i], "rule[" + std::to_string(i) + "]", &err);
    RuleConfig rule;
    r.String("name", &rule.name, true);
    r.String("opd", &rule.opd, true);
    r.StringList("keywords", &rule.keywords);
    r.StringList("categories", &rule.categories);
    r.Finish();
    if (err.ok() && !c.FindOpd(rule.opd))
      r.Fail("opd", "names OPD '" + rule.opd + "' which is not an [[opd]]");
    if (err.ok() && rule.keywords.empty() && rule.categories.empty()) {
      r.Fail("keywords", "a rule needs at least one keyword or category");
    }
    if (err.ok() && !rule_names.insert(rule.name).second)
      r.Fail("name", "duplicate rule name '" + rule.name + "'");
    c.rules.push_back(std::move(rule));
  }

  ReadDesk(top, &err, &c);
  ReadSecurity(top, &err, &c);

  TableReader privacy(top.Table("privacy"), "privacy", &err);
  privacy.Integer("personal_data_days", &c.privacy.personal_data_days, 0, 36500);
  privacy.String("ppid_opd", &c.privacy.ppid_opd, false);
  privacy.Finish();
  for (char& ch : c.privacy.ppid_opd) ch = (ch >= 'a' && ch <= 'z') ? static_cast<char>(ch - 32) : ch;
  if (err.ok() && !c.privacy.ppid_opd.empty() && !c.FindOpd(c.privacy.ppid_opd))
    privacy.Fail("ppid_opd", "names OPD '" + c.privacy.ppid_opd + "' which is not an [[opd]]");
  top.Finish();
  if (!err.ok()) return err;
  return c;
}

Result<Config> LoadConfig(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::ConfigInvalid("", "cannot read config file '" + path + "'");
  std::ostringstream text;
  text << in.rdbuf();
  if (text.str().size() > (4u << 20))
    return Status::ConfigInvalid("", "config file '" + path + "' is over 4 MiB");
  return ParseConfig(text.str(), path);
}

}  // namespace aspirasi
