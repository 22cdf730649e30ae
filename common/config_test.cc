#include "common/config.h"

#include <gtest/gtest.h>

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

TEST(Config, NamesTheBadKey) {
  Status s = ParseWith("[broker]\nlease_ms = 5\n");
  EXPECT_EQ(s.code(), v1::CONFIG_INVALID);
  EXPECT_EQ(s.field(), "broker.lease_ms");
  EXPECT_NE(s.message().find("between 100 and 3600000, got 5"), std::string::npos) << s.message();
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
  EXPECT_EQ(ParseWith("[ingest]\nspool = \"\"\n").field(), "ingest.spool");
  EXPECT_EQ(ParseWith("[ingest]\nport = 1\n").field(), "ingest.port");
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

TEST(Config, SyntaxErrorsNameLineAndColumn) {
  Status s = ParseConfig("[tenant\nid=1", "x.toml").status();
  EXPECT_EQ(s.code(), v1::CONFIG_INVALID);
  EXPECT_NE(s.message().find("x.toml:1:"), std::string::npos) << s.message();
}

}  // namespace
}  // namespace aspirasi
