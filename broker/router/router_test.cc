#include "broker/router/router.h"

#include <gtest/gtest.h>

namespace aspirasi::router {
namespace {

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto c = LoadConfig(ASPIRASI_SOURCE_DIR "/deploy/nusa-harapan.toml");
    ASSERT_TRUE(c.ok()) << c.status().ToString();
    config_ = *c;
  }
  Decision Route(const std::string& text, const std::string& channel = "facebook",
                 const std::string& account = "104582736190254") {
    v1::TicketDraft d;
    d.set_text(text);
    d.set_channel(channel);
    d.set_account(account);
    return Router(config_).Route(d);
  }
  Config config_;
};

TEST_F(RouterTest, KeywordPhraseIsCaseInsensitiveAndWholeWord) {
  auto d = Route("Pak, JALAN  Berlubang di depan pasar sudah 2 bulan!");
  EXPECT_EQ(d.opd, "PUPR");
  EXPECT_EQ(d.routing.reason(), v1::ROUTE_RULE);
  EXPECT_EQ(d.routing.rule(), "jalan-dan-drainase");
  EXPECT_EQ(d.routing.matched(), "jalan berlubang");
}

TEST_F(RouterTest, PartOfAWordDoesNotMatch) {
  // "tps" is a DLH keyword; "tpsx" and "stps" are not it.
  EXPECT_EQ(Route("kode tpsx dan stps").routing.reason(), v1::ROUTE_TRIAGE);
  EXPECT_EQ(Route("sampah di TPS menumpuk").opd, "DLH");
}

TEST_F(RouterTest, EmojiAndHyphensSeparateWords) {
  EXPECT_EQ(Route("banjir🙏🙏 lagi").opd, "BPBD");
  EXPECT_EQ(Route("Gorong gorong mampet").opd, "PUPR");
  EXPECT_EQ(Route("jadwal perekaman KTP-el?").opd, "DISDUKCAPIL");
}

TEST_F(RouterTest, EarliestRuleWins) {
  // "banjir" (BPBD, rule 0) and "drainase" (PUPR, rule 2): the earlier rule wins wherever it appears.
  EXPECT_EQ(Route("drainase mampet jadi banjir").opd, "BPBD");
}

TEST_F(RouterTest, AccountOfAnOpdWinsOverRules) {
  auto d = Route("jalan rusak", "instagram", "17841400000000777");
  EXPECT_EQ(d.opd, "DINKES");
  EXPECT_EQ(d.routing.reason(), v1::ROUTE_ACCOUNT);
}

TEST_F(RouterTest, ExplicitOpdWinsIfConfigured) {
  v1::TicketDraft d;
  d.set_text("jalan rusak");
  d.set_opd("DLH");
  EXPECT_EQ(Router(config_).Route(d).routing.reason(), v1::ROUTE_EXPLICIT);
  d.set_opd("NOT_AN_OPD");
  EXPECT_EQ(Router(config_).Route(d).opd, "PUPR");
}

TEST_F(RouterTest, CategoryMatches) {
  v1::TicketDraft d;
  d.set_text("mohon ditindaklanjuti");
  d.set_category("Kesehatan");
  auto decision = Router(config_).Route(d);
  EXPECT_EQ(decision.opd, "DINKES");
  EXPECT_EQ(decision.routing.reason(), v1::ROUTE_CATEGORY);
  EXPECT_EQ(decision.routing.rule(), "kesehatan");
  EXPECT_EQ(decision.routing.matched(), "Kesehatan");
  EXPECT_NE(decision.routing.explanation().find("category"), std::string::npos);
  EXPECT_EQ(decision.text.key, "route.category");
}

// The form said "infrastruktur" about a blocked drain that flooded the street: the form's own
// category decides, although "banjir" is a keyword of an earlier rule (BPBD).
TEST_F(RouterTest, TheSourcesCategoryDecidesBeforeKeywords) {
  v1::TicketDraft d;
  d.set_channel("form");
  d.set_account("lapor-bupati");
  d.set_text("Gorong-gorong tersumbat, jalan depan sekolah banjir setiap hujan");
  d.set_category("infrastruktur");
  auto decision = Router(config_).Route(d);
  EXPECT_EQ(decision.opd, "PUPR");
  EXPECT_EQ(decision.routing.reason(), v1::ROUTE_CATEGORY);
  EXPECT_EQ(decision.routing.matched(), "infrastruktur");
  // Without the category the keyword rules decide, and the earliest (BPBD's "banjir") wins.
  d.clear_category();
  EXPECT_EQ(Router(config_).Route(d).opd, "BPBD");
  // A category no rule lists leaves the decision to the keywords.
  d.set_category("lain-lain");
  EXPECT_EQ(Router(config_).Route(d).opd, "BPBD");
  EXPECT_EQ(Router(config_).Route(d).routing.reason(), v1::ROUTE_RULE);
}

TEST_F(RouterTest, NothingMatchesGoesToTriage) {
  auto d = Route("Terima kasih atas pelayanannya");
  EXPECT_EQ(d.opd, "DISKOMINFO");
  EXPECT_EQ(d.routing.reason(), v1::ROUTE_TRIAGE);
}

}  // namespace
}  // namespace aspirasi::router
