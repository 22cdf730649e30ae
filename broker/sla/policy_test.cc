#include "broker/sla/policy.h"

#include <gtest/gtest.h>

#include "broker/sla/duration.h"
#include "broker/sla/policy_config.h"

namespace aspirasi::sla {
namespace {

TEST(DurationTest, ParsesAndFormats) {
  EXPECT_EQ(*ParseDuration("90m", kDayMs), 90 * kMinuteMs);
  EXPECT_EQ(*ParseDuration("1d4h30m", 8 * kHourMs), 12 * kHourMs + 30 * kMinuteMs);
  EXPECT_EQ(*ParseDuration("1d", kDayMs), kDayMs);
  EXPECT_EQ(*ParseDuration("0", kDayMs), 0);
  for (const char* bad : {"", "5", "1x", "h", "1.5h", "-1h", "99999999d"})
    EXPECT_FALSE(ParseDuration(bad, kDayMs).ok()) << bad;
  EXPECT_EQ(FormatDuration(kDayMs + 90 * kMinuteMs), "1d1h30m");
}

TEST(PolicyTest, DefaultsFollowLapor) {
  PolicySet set = DefaultPolicySet();
  const Policy& biasa = set.Match({v1::BIASA, v1::PENGADUAN, "facebook", "DPUPR"});
  EXPECT_EQ(biasa.name, "biasa");
  EXPECT_EQ(biasa.targets[0].within_ms, 8 * kHourMs);
  EXPECT_EQ(biasa.targets[2].within_ms, 40 * kHourMs);
  EXPECT_EQ(set.Match({v1::URGENCY_UNSPECIFIED, v1::ASPIRASI, "", ""}).name, "biasa");
  const Policy& segera = set.Match({v1::SEGERA, v1::PENGADUAN, "x", "DINKES"});
  EXPECT_EQ(segera.targets[0].within_ms, 4 * kHourMs);
  EXPECT_EQ(segera.targets[2].within_ms, 24 * kHourMs);  // 3 working days
  const Policy& urgent = set.Match({v1::SANGAT_SEGERA, v1::PENGADUAN, "x", "BPBD"});
  EXPECT_EQ(urgent.targets[0].within_ms, kHourMs);
  EXPECT_EQ(urgent.targets[0].basis, TimeBasis::kAroundTheClock);
  ASSERT_EQ(urgent.escalations.size(), 3u);
  EXPECT_EQ(urgent.escalations[2].role, "sekda");
}

TEST(PolicyTest, FirstMatchWinsAndEmptyMatchesAny) {
  Policy a;
  a.name = "wa-dinkes";
  a.channels = {"whatsapp"};
  a.opds = {"DINKES"};
  a.targets[0] = {kHourMs, TimeBasis::kWorking};
  Policy b = a;
  b.name = "dinkes";
  b.channels = {};
  Policy c = a;
  c.name = "info";
  c.channels = {};
  c.opds = {};
  c.kinds = {v1::PERMINTAAN_INFORMASI};
  auto set = PolicySet::Create({a, b, c}, DefaultPolicy());
  ASSERT_TRUE(set.ok());
  EXPECT_EQ(set->Match({v1::BIASA, v1::PENGADUAN, "whatsapp", "DINKES"}).name, "wa-dinkes");
  EXPECT_EQ(set->Match({v1::BIASA, v1::PERMINTAAN_INFORMASI, "whatsapp", "DINKES"}).name, "wa-dinkes");
  EXPECT_EQ(set->Match({v1::BIASA, v1::PERMINTAAN_INFORMASI, "x", "DINKES"}).name, "dinkes");
  EXPECT_EQ(set->Match({v1::BIASA, v1::PERMINTAAN_INFORMASI, "x", "DPUPR"}).name, "info");
  EXPECT_EQ(set->MatchIndex({v1::SEGERA, v1::PENGADUAN, "x", "DPUPR"}), 3);  // the default
}

TEST(PolicyTest, DataRequestsHaveTheirOwnPolicyAfterTheDefault) {
  Policy any;
  any.name = "any";
  any.targets[0] = {kHourMs, TimeBasis::kWorking};
  Policy data = any;
  data.name = "data";
  auto set = PolicySet::Create({any}, DefaultPolicy(), data);
  ASSERT_TRUE(set.ok());
  EXPECT_EQ(set->size(), 3u);
  EXPECT_EQ(set->default_index(), 1);  // the indexes tickets already store do not move
  TicketFacts request{v1::BIASA, v1::KIND_UNSPECIFIED, "whatsapp", "DISKOMINFO", true};
  EXPECT_EQ(set->MatchIndex(request), 2);  // not the rule that matches anything
  EXPECT_EQ(set->Match({v1::BIASA, v1::PENGADUAN, "whatsapp", "DISKOMINFO"}).name, "any");
  // Without a data requests' policy a request is matched like any ticket.
  auto plain = PolicySet::Create({}, DefaultPolicy());
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->MatchIndex(request), plain->default_index());
  Policy bad = data;
  bad.targets[0] = {0, TimeBasis::kWorking};
  EXPECT_EQ(PolicySet::Create({}, DefaultPolicy(), bad).status().field(), "data_requests.first_response");
}

TEST(PolicyTest, ValidationNamesTheKey) {
  Policy p = DefaultPolicy();
  p.warn_at = {0.9, 0.5};
  auto s = PolicySet::Create({DefaultPolicy(), p}, DefaultPolicy());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().field(), "sla.policy[1].warn_at");
  p = DefaultPolicy();
  p.escalations[1].after_ms = -1;
  EXPECT_EQ(PolicySet::Create({}, p).status().field(), "sla.default_policy.escalation[1].after");
}

toml::table Parse(const char* text) { return toml::parse(text); }

TEST(PolicyConfigTest, EmptyTableGivesTheDefaults) {
  auto spec = ParseSlaTable(toml::table{}, "Asia/Makassar");
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  EXPECT_EQ(spec->calendar.timezone, "Asia/Makassar");
  EXPECT_EQ(spec->policies.size(), 2u);
  EXPECT_EQ(spec->default_policy.name, "biasa");
  EXPECT_EQ(spec->calendar.hours[4].size(), 2u);  // the short Friday
}

TEST(PolicyConfigTest, ParsesTheDocumentedShape) {
  auto spec = ParseSlaTable(Parse(R"(
working_day = "7h30m"
holidays_dir = "cal"
first_response_minutes_biasa = 1440
[calendar]
mon = ["08:00-12:00", "13:00-16:00"]
fri = "08:00-11:00"
[[opd_calendar]]
opd = "RSUD"
timezone = "Asia/Jayapura"
mon = "00:00-24:00"
[[policy]]
name = "darurat"
urgency = ["SANGAT_SEGERA"]
kind = "PENGADUAN"
mode = "clock"
first_response = "1h"
resolution = { within = "2d", mode = "working" }
warn_at = [0.5, 0.75]
on_transfer = "restart"
escalation = [ { level = 1, after = "0m", role = "opd_supervisor" }, { level = 2, after = "1d", role = "sekda" } ]
[default_policy]
first_response = "1d"
)"),
                            "Asia/Jakarta");
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  EXPECT_EQ(spec->working_day_ms, 7 * kHourMs + 30 * kMinuteMs);
  EXPECT_EQ(spec->calendar.hours[0].size(), 2u);
  EXPECT_TRUE(spec->calendar.hours[1].empty());
  ASSERT_EQ(spec->opd_calendars.size(), 1u);
  EXPECT_EQ(spec->opd_calendars[0].second.timezone, "Asia/Jayapura");
  const Policy& p = spec->policies.at(0);
  EXPECT_EQ(p.urgencies, std::vector<v1::Urgency>{v1::SANGAT_SEGERA});
  EXPECT_EQ(p.kinds, std::vector<v1::Kind>{v1::PENGADUAN});
  EXPECT_EQ(p.targets[0].within_ms, kHourMs);
  EXPECT_EQ(p.targets[0].basis, TimeBasis::kAroundTheClock);
  EXPECT_EQ(p.targets[1].within_ms, 0);
  EXPECT_EQ(p.targets[2].within_ms, 15 * kHourMs);  // 2 working days of 7h30m
  EXPECT_EQ(p.targets[2].basis, TimeBasis::kWorking);
  EXPECT_EQ(p.escalations[1].after_ms, kDayMs);  // a day of the policy's mode (clock)
  EXPECT_EQ(p.on_transfer, OnTransfer::kRestart);
  EXPECT_EQ(spec->default_policy.targets[0].within_ms, 7 * kHourMs + 30 * kMinuteMs);

  auto cals = CalendarSet::Build(spec->calendar, spec->opd_calendars, {});
  ASSERT_TRUE(cals.ok()) << cals.status().ToString();
  EXPECT_EQ(cals->For("RSUD").utc_offset_minutes(), 540);
  EXPECT_EQ(cals->For("DPUPR").utc_offset_minutes(), 420);
}

void ExpectKey(const char* text, const std::string& key, const std::string& msg) {
  auto spec = ParseSlaTable(Parse(text), "Asia/Jakarta");
  ASSERT_FALSE(spec.ok()) << text;
  EXPECT_EQ(spec.status().code(), v1::CONFIG_INVALID);
  EXPECT_EQ(spec.status().field(), key) << spec.status().message();
  EXPECT_NE(spec.status().message().find(msg), std::string::npos) << spec.status().message();
}

TEST(PolicyConfigTest, WaitingLimit) {
  toml::table t = toml::parse(R"(
[[policy]]
name = "a"
first_response = "1h"
[[policy]]
name = "b"
first_response = "1h"
waiting_limit = "off"
[[policy]]
name = "c"
mode = "clock"
first_response = "1h"
waiting_limit = "2d"
on_waiting_limit = "requeue"
)");
  auto spec = ParseSlaTable(t, "Asia/Jakarta");
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  EXPECT_EQ(spec->policies[0].waiting_limit.within_ms, 10 * 8 * kHourMs);  // 10 working days
  EXPECT_EQ(spec->policies[0].waiting_limit.basis, TimeBasis::kWorking);
  EXPECT_EQ(spec->policies[0].on_waiting_limit, OnWaitingLimit::kClose);
  EXPECT_EQ(spec->policies[1].waiting_limit.within_ms, 0);           // off
  EXPECT_EQ(spec->policies[2].waiting_limit.within_ms, 2 * kDayMs);  // a day of the policy's mode
  EXPECT_EQ(spec->policies[2].waiting_limit.basis, TimeBasis::kAroundTheClock);
  EXPECT_EQ(spec->policies[2].on_waiting_limit, OnWaitingLimit::kRequeue);
  // The defaults: biasa closes after 10 working days, sangat_segera comes back after 24 hours.
  EXPECT_EQ(DefaultPolicy().on_waiting_limit, OnWaitingLimit::kClose);
  EXPECT_EQ(DefaultRules()[0].on_waiting_limit, OnWaitingLimit::kRequeue);
  EXPECT_EQ(DefaultRules()[0].waiting_limit.within_ms, 24 * kHourMs);
}

TEST(PolicyConfigTest, ErrorsNameTheKey) {
  const char* three =
      "[[policy]]\nname = \"a\"\nfirst_response = \"1h\"\n[[policy]]\nname = \"b\"\nfirst_response = "
      "\"1h\"\n";
  ExpectKey((std::string(three) + "[[policy]]\nname = \"c\"\nfirst_response = \"1x\"\n").c_str(),
            "sla.policy[2].first_response", "must look like 90m");
  ExpectKey("[[policy]]\nname = \"a\"\nurgency = \"URGENT\"\nfirst_response = \"1h\"\n",
            "sla.policy[0].urgency", "unknown value \"URGENT\"");
  ExpectKey("[[policy]]\nname = \"a\"\n", "sla.policy[0].first_response", "at least one target");
  ExpectKey("[[policy]]\nname = \"a\"\nfirst_response = { within = \"1h\", mode = \"weekdays\" }\n",
            "sla.policy[0].first_response.mode", "\"working\" or \"clock\"");
  ExpectKey(
      "[[policy]]\nname = \"a\"\nfirst_response = \"1h\"\nescalation = [ { level = 1, after = \"1h\" } ]\n",
      "sla.policy[0].escalation[0].role", "is required");
  ExpectKey("[[policy]]\nname = \"a\"\nfirst_response = \"1h\"\nwarn_at = [1.5]\n", "sla.policy[0].warn_at",
            "between 0 and 1");
  ExpectKey("[calendar]\nmon = [\"07:30-12:00\", \"11:00-13:00\"]\n", "sla.calendar", "overlap");
  ExpectKey("[calendar]\ntimezone = \"Asia/Tokyo\"\n", "sla.calendar.timezone", "Asia/Jakarta");
  ExpectKey("[[opd_calendar]]\nmon = \"08:00-12:00\"\n", "sla.opd_calendar[0].opd", "is required");
  ExpectKey("working_day = \"30h\"\n", "sla.working_day", "between 1h and 24h");
  ExpectKey("[[policy]]\nname = \"a\"\nfirst_response = \"1h\"\nwaiting_limit = \"forever\"\n",
            "sla.policy[0].waiting_limit", "must look like 90m");
  ExpectKey("[[policy]]\nname = \"a\"\nfirst_response = \"1h\"\non_waiting_limit = \"drop\"\n",
            "sla.policy[0].on_waiting_limit", "\"close\" or \"requeue\"");
  ExpectKey("unknown = 1\n", "sla.unknown", "is not a known setting");
}

}  // namespace
}  // namespace aspirasi::sla
