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

Status ParseWith(const std::string& extra) { return ParseConfig(std::string(kMinimal) + extra, "/etc/aspirasi/a.toml").status(); }

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
  EXPECT_EQ(ParseWith("[[account]]\nchannel = \"x\"\nid = \"1\"\nopd = \"NOPE\"\n").field(), "account[0].opd");
}

TEST(Config, RejectsBadEndpointsAndListen) {
  EXPECT_EQ(ParseWith("[broker]\napi_endpoint = \"127.0.0.1:80\"\n").field(), "broker.api_endpoint");
  EXPECT_EQ(ParseWith("[broker]\nhttp_listen = \"127.0.0.1:99999\"\n").field(), "broker.http_listen");
}

TEST(Config, SyntaxErrorsNameLineAndColumn) {
  Status s = ParseConfig("[tenant\nid=1", "x.toml").status();
  EXPECT_EQ(s.code(), v1::CONFIG_INVALID);
  EXPECT_NE(s.message().find("x.toml:1:"), std::string::npos) << s.message();
}

}  // namespace
}  // namespace aspirasi
