// Config: the one TOML file that configures the whole system (deploy/nusa-harapan.toml).
//
// LoadConfig validates everything at start: unknown keys, wrong types, out-of-range numbers,
// references to OPDs that do not exist. The first problem is returned as CONFIG_INVALID with
// the key's full path in field(), e.g. "broker.lease_ms", "rule[2].opd".
// Every field below documents its default; a field without one is required.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/status.h"

namespace aspirasi {

struct TenantConfig {
  std::string id;                         // required, [a-z0-9-], e.g. "nusa-harapan"
  std::string name;                       // required, e.g. "Kabupaten Nusa Harapan"
  std::string ticket_prefix = "ASP";      // ticket numbers look like "NH-2026-000042"
  std::string timezone = "Asia/Jakarta";  // Asia/Jakarta, Asia/Makassar or Asia/Jayapura
  std::string triage_opd;                 // required: the OPD that gets what no rule matched
};

struct BrokerConfig {
  std::string database = "aspirasi.db";  // relative paths are relative to the config file
  std::string ingest_endpoint = "tcp://127.0.0.1:7701";
  std::string worker_endpoint = "tcp://127.0.0.1:7702";
  std::string api_endpoint = "tcp://127.0.0.1:7703";
  std::string events_endpoint = "tcp://127.0.0.1:7704";
  std::string http_host = "127.0.0.1";  // from http_listen = "host:port"; port 0 = any free port
  int http_port = 7780;
  int64_t max_message_bytes = 1 << 20;  // ZMQ_MAXMSGSIZE on every endpoint, 1 KiB..64 MiB
  int64_t max_text_bytes = 64 * 1024;   // per message text, 1..max_message_bytes
  int heartbeat_ms = 1000;              // 50..60000
  int liveness = 3;                     // missed heartbeats before a peer is dead, 2..20
  int lease_ms = 30000;                 // 100..3600000
  int max_attempts = 5;                 // 1..100
  int group_commit_max = 4096;          // most operations per transaction, 1..100000
  int wal_checkpoint_pages = 32768;     // restart the WAL once it passes this many pages (128 MiB), 100..10^7
  int queue_memory_mb = 256;            // the queues of tickets and replies, one budget, 1..65536
  int sla_timers_in_memory = 262144;    // earliest SLA timers held; the rest wait in the store, 64..10^8
  int audit_head_interval_s = 60;       // the audit chain's head is logged and exposed this often, 1..86400
  int max_pending_per_client = 100000;  // submits in flight per ingest client, 1..10^7
};

struct LoggingConfig {
  std::string level = "info";  // trace, debug, info, warn, error, off
  std::string file;            // empty = stderr only
};

// The [sla] section. Its calendars and policies are parsed and validated by the broker
// (broker/sla/policy_config.h) from `toml`; common only keeps the text and resolves holidays_dir.
struct SlaConfig {
  // Provisional keys of the first release: still accepted, ignored by the SLA tracker.
  int first_response_minutes_biasa = 24 * 60;
  int first_response_minutes_segera = 4 * 60;
  int first_response_minutes_sangat_segera = 60;
  std::string holidays_dir;  // resolved against the config file; empty: no holidays
  std::string toml;          // the [sla] table serialized as TOML ("" when absent)
};

struct OpdConfig {
  std::string code;               // required, [A-Z0-9_], unique
  std::string name;               // required
  std::string auto_ack_template;  // default: desk.auto_ack_template; "off" = no auto-acknowledgement
};

// The OPD desks: claims, replies, the automatic acknowledgement.
struct DeskConfig {
  int claim_idle_minutes = 30;  // a claim lapses after this long without its holder acting, 1..1440
  bool auto_ack = false;  // acknowledge every new ticket on its platform (the sample config turns it on)
  // Placeholders: {nomor} ticket number, {nama} citizen's name ("Bapak/Ibu" when unknown), {opd}
  // OPD name, {kanal} channel.
  std::string auto_ack_template =
      "Terima kasih, {nama}. Aspirasi Anda sudah kami terima dengan nomor tiket {nomor} dan diteruskan "
      "ke {opd}. Kami akan menindaklanjutinya sesuai standar pelayanan.";
  // The same reply or question to the same ticket again within this many minutes is refused unless
  // the admin confirms it (aspirasi reply --again), 0..1440; 0 = never refused.
  int repeat_window_minutes = 10;
  int reply_max_attempts = 5;      // transient platform failures before a reply is given up, 1..100
  int reply_retry_ms = 2000;       // first back-off after a transient failure (doubles), 100..3600000
  int64_t max_reply_bytes = 4096;  // an admin's reply text, 1..65536
};

// Who may act on the desks. With [security] keys a person's own key ([[key]] role admin or
// supervisor) names the admin; a console key names the user it acts for in Envelope.actor.
struct AdminConfig {
  std::string id;                 // required, [a-z0-9._-], unique
  std::string name;               // required
  std::string role = "admin";     // "admin" (works the OPD's tickets) or "supervisor" (also assigns)
  std::vector<std::string> opds;  // required: OPD codes, or ["*"] for every OPD (Diskominfo, Sekda)
  // The SLA escalation roles this person receives (the roles of [[sla.policy]] escalation levels:
  // "opd_supervisor", "diskominfo", "sekda", ...), for the OPDs above. Only a recipient may
  // acknowledge an escalation. "role:OPD" receives the role for that OPD only (the Kepala
  // Diskominfo, who sees every OPD, is the opd_supervisor of Diskominfo alone).
  // Default: ["opd_supervisor"] for a supervisor, none for an admin.
  std::vector<std::string> escalation_roles;
  // The PPID (Pejabat Pengelola Informasi dan Dokumentasi) or one of its officers: may record
  // data subjects' requests and export or erase a citizen's personal data, over the OPDs above
  // (docs/PRIVACY.md).
  bool ppid = false;

  bool Covers(const std::string& opd) const;
  bool supervisor() const { return role == "supervisor"; }
  // Does this person receive `escalation_role` for `opd` (and cover it)?
  bool Receives(const std::string& escalation_role, const std::string& opd) const;
};

struct SavedReplyConfig {
  std::string opd;   // required: an OPD code, or "*" for every OPD
  std::string name;  // required, [a-z0-9_-], unique per OPD
  std::string text;  // required; placeholders as in desk.auto_ack_template
};

// Where the responder posts replies. Tokens sit in [[account]] token_file / token_env.
struct EgressConfig {
  // Base URL per channel (platform name or [[channel]] name).
  std::map<std::string, std::string> base_urls = {{"facebook", "https://graph.facebook.com/v21.0"},
                                                  {"instagram", "https://graph.facebook.com/v21.0"},
                                                  {"whatsapp", "https://graph.facebook.com/v21.0"},
                                                  {"telegram", "https://api.telegram.org"},
                                                  {"x", "https://api.x.com"},
                                                  {"youtube", "https://www.googleapis.com"}};
  int timeout_ms = 10000;          // connect and read timeout per request, 100..600000
  int whatsapp_window_hours = 24;  // WhatsApp's customer-service window, 1..168
};

// The ingest worker (aspirasi-ingest): webhook HTTP server, broker submits, local spool.
struct IngestConfig {
  std::string http_host = "127.0.0.1";  // from http_listen = "host:port"; port 0 = any free port
  int http_port = 7790;
  int64_t body_limit_bytes = 1 << 20;     // default cap of one webhook body, 1 KiB..64 MiB (413 beyond)
  std::string spool = "ingest-spool.db";  // SQLite file holding submits while the broker is unreachable
  int submit_timeout_ms = 5000;           // broker ack wait before a request is spooled, 100..600000
  int threads = 32;                       // HTTP worker threads kept ready, 1..1024
  int max_connections = 1024;             // connections served at once (a thread each), threads..16384
};

// A WhatsApp message template approved by Meta, for when the 24-hour customer-service window has
// closed and only a template can reach the citizen ([[account.template]] under a WhatsApp account).
struct WhatsappTemplateConfig {
  std::string use;              // required: "ack" (automatic acknowledgement), "answer" or "ask"
  std::string name;             // required: the template's name as approved, [a-z0-9_]
  std::string language = "id";  // its language code as approved: "id", "en_US", ...
  // Its body parameters {{1}}, {{2}}, ... in order, with the placeholders of saved replies
  // ({nomor}, {nama}, {opd}, {kanal}) and {teks}: the admin's text. At most 10.
  std::vector<std::string> parameters;
};

struct AccountConfig {
  std::string channel;  // required: a platform name or a [[channel]] name
  std::string id;       // required: the platform's id of our account
  std::string name;     // default: id
  std::string opd;      // default: none (route by rules)
  // Ingest only. Secrets never sit in this file: at most one of secret_file (a file holding the
  // secret; trailing whitespace dropped; relative to the config file) or secret_env (the name of
  // an environment variable). They are read by aspirasi-ingest at start, not here.
  std::string secret_file;
  std::string secret_env;
  std::string verify_token;  // Meta's GET verification token; default none
  // Responder only: the access token that posts replies as this account (page token, bot token,
  // ...). At most one of token_file or token_env; read by aspirasi-responder at start.
  std::string token_file;
  std::string token_env;
  std::vector<std::string> own_ids;  // further ids that mean "us" (WABA id, bot handle, ...)
  int64_t body_limit_bytes = 0;      // 0 = ingest.body_limit_bytes; else 1 KiB..64 MiB
  // Channel-specific settings (options = { poll_interval_s = "60" }): string values, checked by
  // the channel's plug-in when aspirasi-ingest starts.
  std::map<std::string, std::string> options;
  std::vector<WhatsappTemplateConfig> templates;  // WhatsApp only; at most one per use

  const WhatsappTemplateConfig* FindTemplate(const std::string& use) const;
};

// A webhook source defined by configuration, not code ([[channel]], type "generic"): a JSON body
// mapped to tickets by JSON Pointers (RFC 6901, e.g. "/sender/id"; "" = the whole document).
// Its accounts are [[account]] tables with channel = name.
struct ChannelConfig {
  std::string name;              // required, [a-z0-9_-], not the name of a channel plug-in
  std::string type = "generic";  // only "generic" today
  std::string items;             // array of items in the body; default "" = the body is one item
  std::string item_id;           // required: the item's id (string or integer)
  std::string text;              // required: the message text
  std::string author_id;         // optional pointers, within an item
  std::string author_name;
  std::string author_handle;
  std::string time;          // seconds or ms since the epoch, or an RFC 3339 string
  std::string thread;        // the thread / post / case the item belongs to
  std::string parent;        // the item this one answers
  std::string conversation;  // private conversations: items with the same value share a ticket
  std::string category;
  std::string attachment_urls;               // a URL string or an array of URL strings
  std::string action;                        // the item's event type; absent = every item creates
  std::vector<std::string> update_values;    // action values meaning "edited"
  std::vector<std::string> withdraw_values;  // action values meaning "deleted"
  std::vector<std::string> ignore_values;    // action values that make no ticket (receipts, ...)
  std::string version;                       // an edit's version (default: time); pointer
  std::string kind = "item";                 // the <kind> of idempotency keys, [a-z0-9_-]
  bool public_item = false;                  // true: public posts; false: private messages to us
  std::string signature_header;              // default none: unsigned (only for trusted networks)
  std::string signature_prefix;              // e.g. "sha256="; default ""
  std::string signature_encoding = "hex";    // HMAC-SHA256(secret, raw body) as "hex" or "base64"
};

struct RuleConfig {
  std::string name;                     // required, unique
  std::string opd;                      // required, must be an [[opd]]
  std::vector<std::string> keywords;    // whole words or phrases, case-insensitive
  std::vector<std::string> categories;  // exact category names, case-insensitive
};

// A CURVE public key the broker admits, and who it stands for ([[key]]; docs/SECURITY.md).
struct KeyConfig {
  std::string identity;           // required, [a-z0-9._-]: for admin and supervisor keys an [[admin]] id
  std::string role;               // required: ingest, responder, admin, supervisor or console
  std::string public_key;         // `public`: Z85, 40 characters; or read from public_file at start
  std::string public_file;        // a NAME.key file (aspirasi keygen); relative to the config file
  std::vector<std::string> opds;  // responder only, required: the OPDs its deliveries may come from
};

// [privacy]: citizens' personal data under UU 27/2022 (docs/PRIVACY.md).
struct PrivacyConfig {
  // The personal data of a ticket closed (responded to, resolved or withdrawn) and untouched for
  // this many days is purged; what reports need stays. 0 = kept until erased on request. 0..36500.
  int personal_data_days = 0;
  // The OPD whose desk receives data subjects' requests as tickets (an [[opd]], e.g. DISKOMINFO
  // where the PPID Utama sits); empty: requests are not recorded (aspirasi citizen request refused).
  std::string ppid_opd;
};

// [security]: CURVE on every ZeroMQ endpoint. Without it the broker listens on loopback only.
struct SecurityConfig {
  // The broker's own key pair (NAME.key_secret, mode 0600); read by aspirasid only.
  std::string server_secret_file;
  // What clients check the broker against: `server_public` (Z85) or `server_public_file`
  // (default: server_secret_file without its "_secret" suffix, i.e. NAME.key beside it).
  std::string server_public;
  std::string server_public_file;
  std::vector<KeyConfig> keys;

  // Keys are configured: every endpoint speaks CURVE.
  bool enabled() const {
    return !server_secret_file.empty() || !server_public.empty() || !server_public_file.empty();
  }
};

struct Config {
  std::string source_path;  // the file it came from
  TenantConfig tenant;
  BrokerConfig broker;
  LoggingConfig logging;
  SlaConfig sla;
  IngestConfig ingest;
  std::vector<OpdConfig> opds;
  std::vector<ChannelConfig> channels;
  std::vector<AccountConfig> accounts;
  std::vector<RuleConfig> rules;
  DeskConfig desk;
  EgressConfig egress;
  std::vector<AdminConfig> admins;
  std::vector<SavedReplyConfig> saved_replies;
  SecurityConfig security;
  PrivacyConfig privacy;

  const AdminConfig* FindAdmin(const std::string& id) const;
  const OpdConfig* FindOpd(const std::string& code) const;
  const AccountConfig* FindAccount(const std::string& channel, const std::string& id) const;
  const ChannelConfig* FindChannel(const std::string& name) const;
  // The channel names a ticket may have: those of our [[account]]s (in order of appearance), then
  // [[channel]] names without an account.
  std::vector<std::string> ChannelNames() const;
};

// Parses and validates. `source_path` resolves relative paths and names the file in errors.
Result<Config> ParseConfig(const std::string& toml_text, const std::string& source_path);
Result<Config> LoadConfig(const std::string& path);

}  // namespace aspirasi
