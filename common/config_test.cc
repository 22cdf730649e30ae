#include "common/config.h"

#include <gtest/gtest.h>

#include "common/secret.h"

namespace aspirasi {
namespace {

const char* kMinimal = R"(
[tenant]
id = "nusa-harapan"
name = "Kabupaten Nusa Harapan"
triage_opd = "DISKOMINFO"

[[opd]]
code = "DISKOMINFO"
name = "Dinas Komunikasi dan Informatika"
)";

Status ParseWith(const std::string& extra) {
  return ParseConfig(std::string(kMinimal) + extra, "/etc/aspirasi/a.toml").status();
}

TEST(Config, MinimalConfigGetsDefaults) {
  auto c = ParseConfig(kMinimal, "/etc/aspirasi/a.toml");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->broker.lease_ms, 30000);
  EXPECT_EQ(c->broker.database, "/etc/aspirasi/aspirasi.db");
  EXPECT_EQ(c->tenant.timezone, "Asia/Jakarta");
}

// The tenant's zone comes from the one table the SLA calendars use (common/time_zone.h).
TEST(Config, TimeZonesAreIndonesiasFromTheOneTable) {
  for (const char* zone : {"Asia/Jakarta", "Asia/Pontianak", "Asia/Makassar", "Asia/Jayapura"}) {
    std::string toml = kMinimal;
    toml.insert(toml.find("triage_opd"), std::string("timezone = \"") + zone + "\"\n");
    EXPECT_TRUE(ParseConfig(toml, "/etc/aspirasi/a.toml").ok()) << zone;
  }
  std::string toml = kMinimal;
  toml.insert(toml.find("triage_opd"), "timezone = \"Asia/Singapore\"\n");
  Status s = ParseConfig(toml, "/etc/aspirasi/a.toml").status();
  EXPECT_EQ(s.code(), v1::CONFIG_INVALID);
  EXPECT_NE(s.message().find("Asia/Pontianak (WIB)"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("Asia/Jayapura (WIT)"), std::string::npos) << s.message();
}

TEST(Config, SampleConfigIsValid) {
  auto c = LoadConfig(ASPIRASI_SOURCE_DIR "/deploy/nusa-harapan.toml");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->tenant.ticket_prefix, "NH");
  EXPECT_NE(c->FindOpd("PUPR"), nullptr);
  EXPECT_GE(c->rules.size(), 5u);
}

TEST(Config, KeepsTheSlaTableForTheBroker) {
  auto c = ParseConfig(std::string(kMinimal) +
                           "[sla]\nfirst_response_minutes_biasa = 600\nholidays_dir = \"calendars\"\n"
                           "[sla.calendar]\nmon = [\"07:30-12:00\"]\n[[sla.policy]]\nname = \"x\"\n",
                       "/etc/aspirasi/a.toml");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->sla.first_response_minutes_biasa, 600);  // the old key is still accepted
  EXPECT_EQ(c->sla.holidays_dir, "/etc/aspirasi/calendars");
  EXPECT_NE(c->sla.toml.find("07:30-12:00"), std::string::npos) << c->sla.toml;
  EXPECT_NE(c->sla.toml.find("policy"), std::string::npos) << c->sla.toml;
  auto none = ParseConfig(kMinimal, "/etc/aspirasi/a.toml");
  EXPECT_TRUE(none->sla.toml.empty());
  EXPECT_TRUE(none->sla.holidays_dir.empty());
  EXPECT_EQ(ParseWith("[sla]\nfirst_response_minutes_biasa = 0\n").field(),
            "sla.first_response_minutes_biasa");
  EXPECT_EQ(ParseWith("[sla]\nholidays_dir = 3\n").field(), "sla.holidays_dir");
}

TEST(Config, WithoutKeysEveryEndpointMustBeLoopback) {
  for (const char* ok :
       {"tcp://127.0.0.1:7703", "tcp://127.1.2.3:*", "tcp://localhost:7703", "tcp://[::1]:7703",
        "tcp://lo:7703", "tcp://[::ffff:127.0.0.1]:7703", "ipc:///run/aspirasi/api", "inproc://api"}) {
    EXPECT_TRUE(ParseWith(std::string("[broker]\napi_endpoint = \"") + ok + "\"\n").ok()) << ok;
  }
  for (const char* open : {"tcp://0.0.0.0:7703", "tcp://*:7703", "tcp://10.0.3.7:7703", "tcp://eth0:7703",
                           "tcp://127.0.0.1.evil.example:7703", "tcp://[::ffff:10.0.0.1]:7703",
                           "tcp://[::ffff:127.0.0.1:7703", "tcp://lo0:7703"}) {
    Status s = ParseWith(std::string("[broker]\napi_endpoint = \"") + open + "\"\n");
    EXPECT_EQ(s.field(), "broker.api_endpoint") << open << " " << s.ToString();
    EXPECT_NE(s.message().find("docs/SECURITY.md"), std::string::npos) << s.message();
  }
  // With keys, any address.
  EXPECT_TRUE(ParseWith("[broker]\napi_endpoint = \"tcp://0.0.0.0:7703\"\n"
                        "[security]\nserver_secret_file = \"keys/broker.key_secret\"\n")
                  .ok());
}

TEST(Config, ReadsSecurityAndChecksEveryKey) {
  const std::string admin =
      "[[opd]]\ncode = \"PUPR\"\nname = \"Dinas PUPR\"\n"
      "[[admin]]\nid = \"budi.pupr\"\nname = \"Budi\"\nopds = [\"PUPR\"]\n"
      "[security]\nserver_secret_file = \"keys/broker.key_secret\"\n";
  const std::string z85 = "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7";
  auto c = ParseConfig(std::string(kMinimal) + admin +
                           "[[key]]\nidentity = \"budi.pupr\"\nrole = \"admin\"\npublic = \"" + z85 +
                           "\"\n[[key]]\nidentity = \"r\"\nrole = \"responder\"\nopds = [\"PUPR\"]\n"
                           "public_file = \"keys/r.key\"\n",
                       "/etc/aspirasi/a.toml");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_TRUE(c->security.enabled());
  EXPECT_EQ(c->security.server_secret_file, "/etc/aspirasi/keys/broker.key_secret");
  EXPECT_EQ(c->security.server_public_file, "/etc/aspirasi/keys/broker.key");  // beside it
  ASSERT_EQ(c->security.keys.size(), 2u);
  EXPECT_EQ(c->security.keys[1].public_file, "/etc/aspirasi/keys/r.key");

  auto bad = [&](const std::string& key_toml) {
    return ParseConfig(std::string(kMinimal) + admin + key_toml, "/etc/aspirasi/a.toml").status();
  };
  const std::string pub = "public = \"" + z85 + "\"\n";
  EXPECT_EQ(bad("[[key]]\nidentity = \"x\"\nrole = \"root\"\n" + pub).field(), "key[0].role");
  EXPECT_EQ(bad("[[key]]\nidentity = \"X Y\"\nrole = \"ingest\"\n" + pub).field(), "key[0].identity");
  EXPECT_EQ(bad("[[key]]\nidentity = \"x\"\nrole = \"ingest\"\n").field(), "key[0].public");
  EXPECT_EQ(bad("[[key]]\nidentity = \"x\"\nrole = \"ingest\"\npublic = \"short\"\n").field(),
            "key[0].public");
  EXPECT_EQ(bad("[[key]]\nidentity = \"x\"\nrole = \"responder\"\n" + pub).field(), "key[0].opds");
  EXPECT_EQ(bad("[[key]]\nidentity = \"x\"\nrole = \"responder\"\nopds = [\"NOPE\"]\n" + pub).field(),
            "key[0].opds");
  EXPECT_EQ(bad("[[key]]\nidentity = \"x\"\nrole = \"ingest\"\nopds = [\"PUPR\"]\n" + pub).field(),
            "key[0].opds");
  EXPECT_EQ(bad("[[key]]\nidentity = \"nobody\"\nrole = \"admin\"\n" + pub).field(), "key[0].identity");
  EXPECT_EQ(bad("[[key]]\nidentity = \"budi.pupr\"\nrole = \"supervisor\"\n" + pub).field(), "key[0].role");
  EXPECT_EQ(bad("[[key]]\nidentity = \"a\"\nrole = \"ingest\"\n" + pub +
                "[[key]]\nidentity = \"b\"\nrole = \"ingest\"\n" + pub)
                .field(),
            "key[1].public");
  EXPECT_EQ(bad("[[key]]\nidentity = \"a\"\nrole = \"ingest\"\n" + pub +
                "[[key]]\nidentity = \"a\"\nrole = \"console\"\npublic_file = \"k\"\n")
                .field(),
            "key[1].identity");
  // Keys without the broker's own.
  EXPECT_EQ(ParseWith("[[key]]\nidentity = \"a\"\nrole = \"ingest\"\n" + pub).field(), "key");
}

TEST(Config, NamesTheBadKey) {
  Status s = ParseWith("[broker]\nlease_ms = 5\n");
  EXPECT_EQ(s.code(), v1::CONFIG_INVALID);
  EXPECT_EQ(s.field(), "broker.lease_ms");
  EXPECT_NE(s.message().find("between 100 and 3600000, got 5"), std::string::npos) << s.message();
}

TEST(Config, PrivacyAndPpidOfficers) {
  auto none = ParseConfig(kMinimal, "/etc/aspirasi/a.toml");
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->privacy.personal_data_days, 0);  // kept until erased on request
  auto c = ParseConfig(
      std::string(kMinimal) +
          "[privacy]\npersonal_data_days = 730\n[[admin]]\nid = \"ppid.utama\"\nname = \"PPID\"\n"
          "opds = [\"*\"]\nppid = true\n[[admin]]\nid = \"ani\"\nname = \"Ani\"\nopds = [\"*\"]\n",
      "/etc/aspirasi/a.toml");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->privacy.personal_data_days, 730);
  EXPECT_TRUE(c->FindAdmin("ppid.utama")->ppid);
  EXPECT_FALSE(c->FindAdmin("ani")->ppid);
  EXPECT_EQ(ParseWith("[privacy]\npersonal_data_days = -1\n").field(), "privacy.personal_data_days");
  EXPECT_EQ(ParseWith("[privacy]\npersonal_data_days = 36501\n").field(), "privacy.personal_data_days");
  EXPECT_EQ(ParseWith("[privacy]\nretention_days = 30\n").field(), "privacy.retention_days");
  EXPECT_EQ(ParseWith("[privacy]\nppid_opd = \"PPID\"\n").field(), "privacy.ppid_opd");
  auto lower =
      ParseConfig(std::string(kMinimal) + "[privacy]\nppid_opd = \"diskominfo\"\n", "/etc/aspirasi/a.toml");
  ASSERT_TRUE(lower.ok()) << lower.status().ToString();
  EXPECT_EQ(lower->privacy.ppid_opd, "DISKOMINFO");
  EXPECT_EQ(ParseWith("[[admin]]\nid = \"a\"\nname = \"A\"\nopds = [\"*\"]\nppid = \"yes\"\n").field(),
            "admin[0].ppid");
}

TEST(Config, RejectsUnknownKeysAndWrongTypes) {
  EXPECT_EQ(ParseWith("[broker]\nlease_msec = 500\n").field(), "broker.lease_msec");
  EXPECT_EQ(ParseWith("[broker]\nlease_ms = \"500\"\n").field(), "broker.lease_ms");
  EXPECT_EQ(ParseWith("[brokr]\n").field(), "brokr");
}

TEST(Config, RejectsDanglingOpdReferences) {
  EXPECT_EQ(ParseWith("[[rule]]\nname = \"x\"\nopd = \"NOPE\"\nkeywords = [\"a\"]\n").field(), "rule[0].opd");
  EXPECT_EQ(ParseWith("[[account]]\nchannel = \"x\"\nid = \"1\"\nopd = \"NOPE\"\n").field(),
            "account[0].opd");
}

TEST(Config, RejectsBadEndpointsAndListen) {
  EXPECT_EQ(ParseWith("[broker]\napi_endpoint = \"127.0.0.1:80\"\n").field(), "broker.api_endpoint");
  EXPECT_EQ(ParseWith("[broker]\nhttp_listen = \"127.0.0.1:99999\"\n").field(), "broker.http_listen");
}

TEST(Config, IngestDefaultsAndBounds) {
  auto c = ParseConfig(kMinimal, "/etc/aspirasi/a.toml");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->ingest.body_limit_bytes, 1 << 20);
  EXPECT_EQ(c->ingest.http_port, 7790);
  EXPECT_EQ(c->ingest.spool, "/etc/aspirasi/ingest-spool.db");
  EXPECT_EQ(c->ingest.threads, 32);
  EXPECT_EQ(ParseWith("[ingest]\nbody_limit_bytes = 10\n").field(), "ingest.body_limit_bytes");
  EXPECT_EQ(ParseWith("[ingest]\nhttp_listen = \"nohost\"\n").field(), "ingest.http_listen");
  EXPECT_EQ(ParseWith("[ingest]\nsubmit_timeout_ms = 5\n").field(), "ingest.submit_timeout_ms");
  EXPECT_EQ(ParseWith("[ingest]\nthreads = 0\n").field(), "ingest.threads");
  EXPECT_EQ(c->ingest.max_connections, 1024);
  EXPECT_EQ(ParseWith("[ingest]\nmax_connections = 15\n").field(), "ingest.max_connections");
  EXPECT_EQ(ParseWith("[ingest]\nthreads = 64\nmax_connections = 32\n").field(), "ingest.max_connections");
  EXPECT_EQ(ParseWith("[ingest]\nspool = \"\"\n").field(), "ingest.spool");
  EXPECT_EQ(ParseWith("[ingest]\nport = 1\n").field(), "ingest.port");
}

TEST(Config, AMissingSecretVariableIsNamedOnlyWhenItLooksLikeAName) {
  auto none = [](const char*) -> const char* { return nullptr; };
  auto named = ReadSecret("", "FB_APP_SECRET", "secret_file", "secret_env", none);
  ASSERT_FALSE(named.ok());
  EXPECT_NE(named.status().message().find("FB_APP_SECRET"), std::string::npos);
  // A token pasted as the name passes the name check (letters and digits) but is not shown.
  auto pasted = ReadSecret("", "EAAGm0PX4ZCpsBAKZCj8xyz", "token_file", "token_env", none);
  ASSERT_FALSE(pasted.ok());
  EXPECT_EQ(pasted.status().message().find("EAAGm0PX4ZCpsBAKZCj8xyz"), std::string::npos)
      << pasted.status().message();
}

TEST(Config, AccountSecretsComeFromFilesOrEnvironment) {
  auto c = ParseConfig(std::string(kMinimal) +
                           "[[account]]\nchannel = \"facebook\"\nid = \"1\"\nsecret_file = \"secrets/fb\"\n"
                           "verify_token = \"t\"\nown_ids = [\"2\", \"3\"]\nbody_limit_bytes = 2048\n",
                       "/etc/aspirasi/a.toml");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->accounts[0].secret_file, "/etc/aspirasi/secrets/fb");
  EXPECT_EQ(c->accounts[0].own_ids, (std::vector<std::string>{"2", "3"}));
  EXPECT_EQ(c->accounts[0].body_limit_bytes, 2048);
  EXPECT_EQ(ParseWith("[[account]]\nchannel = \"x\"\nid = \"1\"\nsecret_file = \"a\"\nsecret_env = \"B\"\n")
                .field(),
            "account[0].secret_env");
  EXPECT_EQ(ParseWith("[[account]]\nchannel = \"x\"\nid = \"1\"\nsecret_env = \"1-bad\"\n").field(),
            "account[0].secret_env");
  // A value pasted where the variable's name goes is never echoed (it may be the secret itself).
  Status pasted = ParseWith("[[account]]\nchannel = \"x\"\nid = \"1\"\nsecret_env = \"s3cr3t/value+x\"\n");
  EXPECT_EQ(pasted.field(), "account[0].secret_env");
  EXPECT_EQ(pasted.message().find("s3cr3t"), std::string::npos) << pasted.message();
  EXPECT_EQ(ParseWith("[[account]]\nchannel = \"x\"\nid = \"1\"\nsecret = \"inline\"\n").field(),
            "account[0].secret");
  EXPECT_EQ(ParseWith("[[account]]\nchannel = \"x\"\nid = \"1\"\nown_ids = \"2\"\n").field(),
            "account[0].own_ids");
  EXPECT_EQ(ParseWith("[[account]]\nchannel = \"x\"\nid = \"1\"\noptions = { every = 5 }\n").field(),
            "account[0].options.every");
  auto o = ParseConfig(std::string(kMinimal) +
                           "[[account]]\nchannel = \"youtube\"\nid = \"UC1\"\noptions = { every = \"5\" }\n",
                       "a.toml");
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  EXPECT_EQ(o->accounts[0].options.at("every"), "5");
}

TEST(Config, GenericChannelMapping) {
  const std::string form = "[[channel]]\nname = \"form\"\nitem_id = \"/id\"\ntext = \"/isi\"\n";
  auto c = ParseConfig(
      std::string(kMinimal) + form + "action = \"/event\"\nwithdraw_values = [\"deleted\"]\n", "a.toml");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  ASSERT_NE(c->FindChannel("form"), nullptr);
  EXPECT_EQ(c->FindChannel("form")->kind, "item");
  EXPECT_EQ(c->FindChannel("form")->signature_encoding, "hex");
  EXPECT_EQ(ParseWith("[[channel]]\nname = \"form\"\ntext = \"/isi\"\n").field(), "channel[0].item_id");
  EXPECT_EQ(ParseWith(form + "author_id = \"sender.id\"\n").field(), "channel[0].author_id");
  EXPECT_EQ(ParseWith(form + "time = \"/a~2\"\n").field(), "channel[0].time");
  EXPECT_EQ(ParseWith(form + "type = \"soap\"\n").field(), "channel[0].type");
  EXPECT_EQ(ParseWith(form + "signature_encoding = \"hex64\"\n").field(), "channel[0].signature_encoding");
  EXPECT_EQ(ParseWith(form + "withdraw_values = [\"x\"]\n").field(), "channel[0].action");
  EXPECT_EQ(ParseWith(form + "public = \"yes\"\n").field(), "channel[0].public");
  EXPECT_EQ(ParseWith(form + "mapping = 1\n").field(), "channel[0].mapping");
  EXPECT_EQ(ParseWith(form + form).field(), "channel[1].name");
  EXPECT_EQ(ParseWith("[[channel]]\nname = \"Form\"\nitem_id = \"/id\"\ntext = \"/isi\"\n").field(),
            "channel[0].name");
}

TEST(Config, EscalationRolesAndTheirDefault) {
  auto c = ParseConfig(std::string(kMinimal) + R"(
[[opd]]
code = "PUPR"
name = "PUPR"
[[admin]]
id = "budi.pupr"
name = "Budi"
opds = ["PUPR"]
[[admin]]
id = "kadis.pupr"
name = "Kadis"
role = "supervisor"
opds = ["PUPR"]
[[admin]]
id = "kominfo"
name = "Kominfo"
role = "supervisor"
opds = ["*"]
escalation_roles = ["diskominfo", "opd_supervisor:DISKOMINFO"]
)",
                       "/etc/aspirasi/a.toml");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  const AdminConfig* admin = c->FindAdmin("budi.pupr");
  const AdminConfig* kadis = c->FindAdmin("kadis.pupr");
  const AdminConfig* kominfo = c->FindAdmin("kominfo");
  EXPECT_TRUE(admin->escalation_roles.empty());
  EXPECT_EQ(kadis->escalation_roles, std::vector<std::string>{"opd_supervisor"});  // a supervisor's default
  EXPECT_TRUE(kadis->Receives("opd_supervisor", "PUPR"));
  EXPECT_FALSE(kadis->Receives("opd_supervisor", "DISKOMINFO"));  // not his OPD
  EXPECT_FALSE(kadis->Receives("diskominfo", "PUPR"));
  EXPECT_TRUE(kominfo->Receives("diskominfo", "PUPR"));
  EXPECT_TRUE(kominfo->Receives("opd_supervisor", "DISKOMINFO"));
  EXPECT_FALSE(kominfo->Receives("opd_supervisor", "PUPR"));  // "role:OPD": that OPD only
  const std::string admin_prefix = "[[admin]]\nid = \"x\"\nname = \"X\"\nopds = [\"*\"]\n";
  EXPECT_EQ(ParseWith(admin_prefix + "escalation_roles = [\"Sekda!\"]\n").field(),
            "admin[0].escalation_roles[0]");
  EXPECT_EQ(ParseWith(admin_prefix + "escalation_roles = [\"opd_supervisor:NOPE\"]\n").field(),
            "admin[0].escalation_roles[0]");
  EXPECT_EQ(ParseWith(admin_prefix + "escalation_roles = \"sekda\"\n").field(), "admin[0].escalation_roles");
}

TEST(Config, RepeatWindowBounds) {
  EXPECT_EQ(ParseConfig(kMinimal, "a.toml")->desk.repeat_window_minutes, 10);
  EXPECT_TRUE(ParseWith("[desk]\nrepeat_window_minutes = 0\n").ok());
  EXPECT_EQ(ParseWith("[desk]\nrepeat_window_minutes = 1441\n").field(), "desk.repeat_window_minutes");
}

TEST(Config, WhatsappTemplatesUnderTheirAccount) {
  const std::string account =
      "[[account]]\nchannel = \"whatsapp\"\nid = \"412093385561207\"\n[[account.template]]\n";
  auto c = ParseConfig(
      std::string(kMinimal) + account +
          "use = \"answer\"\nname = \"tanggapan_laporan\"\nparameters = [\"{nomor}\", \"{teks}\"]\n"
          "[[account.template]]\nuse = \"ack\"\nname = \"tiket_diterima\"\nlanguage = \"en_US\"\n",
      "a.toml");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  const AccountConfig* a = c->FindAccount("whatsapp", "412093385561207");
  ASSERT_NE(a, nullptr);
  ASSERT_NE(a->FindTemplate("answer"), nullptr);
  EXPECT_EQ(a->FindTemplate("answer")->language, "id");  // the default
  EXPECT_EQ(a->FindTemplate("answer")->parameters.size(), 2u);
  EXPECT_EQ(a->FindTemplate("ack")->language, "en_US");
  EXPECT_EQ(a->FindTemplate("ask"), nullptr);
  EXPECT_EQ(ParseWith(account + "use = \"reply\"\nname = \"x\"\n").field(), "account[0].template[0].use");
  EXPECT_EQ(ParseWith(account + "use = \"ack\"\nname = \"Tiket Diterima\"\n").field(),
            "account[0].template[0].name");
  EXPECT_EQ(ParseWith(account + "use = \"ack\"\nname = \"x\"\nlanguage = \"indonesian\"\n").field(),
            "account[0].template[0].language");
  EXPECT_EQ(ParseWith(account + "use = \"ack\"\nname = \"x\"\nsurprise = 1\n").field(),
            "account[0].template[0].surprise");
  EXPECT_EQ(
      ParseWith(account + "use = \"ack\"\nname = \"x\"\n[[account.template]]\nuse = \"ack\"\nname = \"y\"\n")
          .field(),
      "account[0].template[1].use");
  EXPECT_EQ(ParseWith("[[account]]\nchannel = \"facebook\"\nid = \"1\"\n[[account.template]]\nuse = \"ack\"\n"
                      "name = \"x\"\n")
                .field(),
            "account[0].template[0].use");  // templates are WhatsApp's
}

TEST(Config, ChannelNamesAreTheConfiguredOnes) {
  auto c = LoadConfig(ASPIRASI_SOURCE_DIR "/deploy/nusa-harapan.toml");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->ChannelNames(), (std::vector<std::string>{"facebook", "instagram", "whatsapp", "telegram", "x",
                                                         "youtube", "form", "sms"}));
}

TEST(Config, SyntaxErrorsNameLineAndColumn) {
  Status s = ParseConfig("[tenant\nid=1", "x.toml").status();
  EXPECT_EQ(s.code(), v1::CONFIG_INVALID);
  EXPECT_NE(s.message().find("x.toml:1:"), std::string::npos) << s.message();
}

}  // namespace
}  // namespace aspirasi
