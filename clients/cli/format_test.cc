#include "clients/cli/format.h"

#include <gtest/gtest.h>

#include <sstream>

#include "clients/cli/table.h"

namespace aspirasi::cli {
namespace {

TEST(FormatTest, TimeInTenantZone) {
  CliContext ctx;
  EXPECT_EQ(FormatTime(0, ctx), "-");
  EXPECT_EQ(FormatTime(1767225600000, ctx), "2026-01-01 07:00:00 WIB");  // 00:00 UTC
  ctx.utc_offset_minutes = 9 * 60;
  ctx.zone_abbrev = "WIT";
  EXPECT_EQ(FormatTime(1767225600999, ctx), "2026-01-01 09:00:00 WIT");
}

TEST(FormatTest, LocalDates) {
  CliContext ctx;  // WIB
  auto d = ParseLocalDate("2026-01-31", ctx, "--from");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(*d, 1'769'792'400'000);  // 2026-01-30 17:00 UTC
  EXPECT_EQ(FormatTime(*d, ctx), "2026-01-31 00:00:00 WIB");
  EXPECT_TRUE(ParseLocalDate("2024-02-29", ctx, "--to").ok());
  for (const char* bad :
       {"2026-02-29", "2026-13-01", "2026-00-10", "2026-1-1", "31-01-2026", "2026/01/31", "", "x"}) {
    auto r = ParseLocalDate(bad, ctx, "--to");
    EXPECT_EQ(r.status().code(), v1::INVALID_ARGUMENT) << bad;
  }
  EXPECT_NE(ParseLocalDate("1900-01-01", ctx, "--from").status().message().find("before 1970"),
            std::string::npos);
  ctx.utc_offset_minutes = 9 * 60;  // WIT
  EXPECT_EQ(*ParseLocalDate("2026-01-31", ctx, "--from"), 1'769'785'200'000);
}

TEST(FormatTest, TicketAsTyped) {
  EXPECT_EQ(ParseTicketRef("42")->id, 42u);
  EXPECT_EQ(ParseTicketRef("42")->number, "");
  EXPECT_EQ(ParseTicketRef("NH-2026-000042")->number, "NH-2026-000042");
  EXPECT_EQ(ParseTicketRef("NH-2026-000042")->id, 0u);
  EXPECT_EQ(ParseTicketRef("-5")->number, "-5");  // not an id; the broker will not find it
  EXPECT_EQ(ParseTicketRef("999999999999999999")->id, 999'999'999'999'999'999u);
  for (const char* bad : {"9999999999999999999", "99999999999999999999999999"}) {
    auto r = ParseTicketRef(bad);
    EXPECT_EQ(r.status().code(), v1::INVALID_ARGUMENT) << bad;
    EXPECT_NE(r.status().message().find("at most 18 digits"), std::string::npos);
  }
}

TEST(FormatTest, FilterFromFlags) {
  FilterFlags f;
  f.opds = {"pupr,DINKES", "DLH"};
  f.statuses = {"new", "OPEN"};
  f.urgencies = {"sangat_segera"};
  f.delivery = {"dead_letter"};
  f.channels = {"facebook, whatsapp"};
  f.text = "banjir";
  auto r = BuildFilter(f);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->opds_size(), 3);
  EXPECT_EQ(r->opds(0), "PUPR");
  EXPECT_EQ(r->statuses_size(), 2);
  EXPECT_EQ(r->statuses(0), v1::NEW);
  EXPECT_EQ(r->urgencies(0), v1::SANGAT_SEGERA);
  EXPECT_EQ(r->delivery(0), v1::DEAD_LETTER);
  EXPECT_EQ(r->channels(1), "whatsapp");
  EXPECT_EQ(r->text(), "banjir");
}

TEST(FormatTest, UnknownEnumNameListsTheValidOnes) {
  FilterFlags f;
  f.statuses = {"CLOSED"};
  auto r = BuildFilter(f);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("unknown status 'CLOSED'"), std::string::npos);
  EXPECT_NE(r.status().message().find("WITHDRAWN"), std::string::npos);
  f.statuses = {"STATUS_UNSPECIFIED"};
  EXPECT_FALSE(BuildFilter(f).ok());
}

TEST(FormatTest, CountBy) {
  EXPECT_EQ(*ParseCountBy(""), v1::COUNT_TOTAL);
  EXPECT_EQ(*ParseCountBy("opd"), v1::COUNT_BY_OPD);
  EXPECT_EQ(*ParseCountBy("Channel"), v1::COUNT_BY_CHANNEL);
  EXPECT_FALSE(ParseCountBy("author").ok());
}

TEST(FormatTest, NamesAndRoutingInBothLanguages) {
  CliContext en;
  en.lang = i18n::Lang::kEn;
  CliContext id;  // Bahasa Indonesia by default
  EXPECT_EQ(StatusName(en, v1::STATUS_UNSPECIFIED), "-");
  EXPECT_EQ(StatusName(en, v1::IN_PROGRESS), "IN_PROGRESS");
  EXPECT_EQ(StatusName(id, v1::IN_PROGRESS), "DIPROSES");
  EXPECT_EQ(StatusName(id, v1::WAITING_CITIZEN), "MENUNGGU WARGA");
  v1::Routing r;
  EXPECT_EQ(RoutingSummary(en, r), "-");
  r.set_reason(v1::ROUTE_RULE);
  r.set_rule("jalan-dan-drainase");
  EXPECT_EQ(RoutingSummary(en, r), "ROUTE_RULE jalan-dan-drainase");
  EXPECT_EQ(RoutingSummary(id, r), "aturan jalan-dan-drainase");
  // Every value of every enum shown in tables has a name in the catalogue.
  auto all = [&](const google::protobuf::EnumDescriptor* e, const char* group) {
    for (int i = 0; i < e->value_count(); ++i) {
      if (e->value(i)->number() == 0) continue;
      std::string key = std::string(group) + "." + e->value(i)->name();
      EXPECT_NE(i18n::Find(key), nullptr) << key;
    }
  };
  all(v1::TicketStatus_descriptor(), "status");
  all(v1::Urgency_descriptor(), "urgency");
  all(v1::DeliveryState_descriptor(), "delivery");
  all(v1::EventType_descriptor(), "event_type");
  all(v1::SubmitOutcome_descriptor(), "outcome");
  all(v1::RouteReason_descriptor(), "route_reason");
  all(v1::Kind_descriptor(), "kind");
  all(v1::MessageDirection_descriptor(), "direction");
  all(v1::ReplyState_descriptor(), "reply_state");
}

TEST(FormatTest, TicketNumbersInAnyCase) {
  EXPECT_EQ(ParseTicketRef("nh-2026-000002")->number, "NH-2026-000002");
  EXPECT_EQ(SplitCodes({"dlh, Pupr"}), (std::vector<std::string>{"DLH", "PUPR"}));
}

TEST(TableTest, AlignsByCharactersNotBytes) {
  Table t({"A", "BB"});
  t.AddRow({"Pengaduan jalan", "x"});
  t.AddRow({"Désa", ""});
  std::ostringstream out;
  t.Print(out);
  EXPECT_EQ(out.str(),
            "A                BB\n"
            "Pengaduan jalan  x\n"
            "Désa             -\n");
}

}  // namespace
}  // namespace aspirasi::cli
