#include "broker/desk/desk.h"

#include <gtest/gtest.h>

#include "broker/desk/templates.h"

namespace aspirasi::desk {
namespace {

constexpr const char* kConfig = R"toml(
[tenant]
id = "nusa-harapan"
name = "Kabupaten Nusa Harapan"
ticket_prefix = "NH"
triage_opd = "DISKOMINFO"

[desk]
claim_idle_minutes = 30
auto_ack = true

[[opd]]
code = "DISKOMINFO"
name = "Dinas Komunikasi dan Informatika"
[[opd]]
code = "PUPR"
name = "Dinas Pekerjaan Umum dan Penataan Ruang"
[[opd]]
code = "DLH"
name = "Dinas Lingkungan Hidup"
auto_ack_template = "off"

[[admin]]
id = "budi.pupr"
name = "Budi Santoso"
opds = ["PUPR"]
[[admin]]
id = "sari.pupr"
name = "Sari Wulandari"
opds = ["PUPR"]
[[admin]]
id = "dewi.dlh"
name = "Dewi Lestari"
opds = ["DLH"]
[[admin]]
id = "kadis.pupr"
name = "Ir. Hendra"
role = "supervisor"
opds = ["PUPR"]

[[saved_reply]]
opd = "PUPR"
name = "survei"
text = "Terima kasih {nama}, laporan {nomor} akan disurvei oleh {opd}."

[[account]]
channel = "whatsapp"
id = "412093385561207"
[[account.template]]
use = "answer"
name = "tanggapan_laporan"
language = "id"
parameters = ["{nomor}", "{teks}"]

[[account]]
channel = "whatsapp"
id = "999000"
)toml";

constexpr int64_t kNow = 1'790'000'000'000;  // a fixed instant

class DeskTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto c = ParseConfig(kConfig, "desk_test.toml");
    ASSERT_TRUE(c.ok()) << c.status().ToString();
    config_ = *c;
    t_.set_id(42);
    t_.set_number("NH-2026-000042");
    t_.set_opd("PUPR");
    t_.set_channel("facebook");
    t_.set_status(v1::NEW);
    t_.mutable_author()->set_display_name("Rina");
    auto* m = t_.add_messages();
    m->set_seq(1);
    m->set_direction(v1::INBOUND);
    m->set_text("Jalan berlubang di Desa Sukamaju");
  }

  Result<Change> Do(const std::string& admin, v1::DeskAction action, int64_t at = kNow,
                    const std::function<void(v1::DeskCommand&)>& more = nullptr) {
    v1::DeskCommand c;
    c.set_action(action);
    c.set_ticket_id(t_.id());
    if (more) more(c);
    Status s = ValidateCommand(config_, c);
    if (!s.ok()) return s;
    auto a = FindActor(config_, admin);
    if (!a.ok()) return a.status();
    return Apply(config_, **a, c, t_, at);
  }

  Config config_;
  v1::Ticket t_;
};

TEST_F(DeskTest, ClaimIsExclusiveAndNamesTheHolder) {
  ASSERT_TRUE(Do("budi.pupr", v1::DESK_CLAIM).ok());
  EXPECT_EQ(t_.status(), v1::IN_PROGRESS);
  auto second = Do("sari.pupr", v1::DESK_CLAIM, kNow + 1000);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), v1::CONFLICT);
  EXPECT_NE(second.status().message().find("budi.pupr (Budi Santoso)"), std::string::npos)
      << second.status().message();
  EXPECT_EQ(t_.claim().admin(), "budi.pupr");
}

TEST_F(DeskTest, ClaimLapsesAfterIdleTimeAndHolderActivityExtendsIt) {
  ASSERT_TRUE(Do("budi.pupr", v1::DESK_CLAIM).ok());
  // A note at +20 min keeps the claim alive until +50 min.
  ASSERT_TRUE(
      Do("budi.pupr", v1::DESK_NOTE, kNow + 20 * 60000, [](auto& c) { c.set_text("cek lokasi"); }).ok());
  EXPECT_FALSE(Do("sari.pupr", v1::DESK_CLAIM, kNow + 45 * 60000).ok());
  auto taken = Do("sari.pupr", v1::DESK_CLAIM, kNow + 51 * 60000);
  ASSERT_TRUE(taken.ok()) << taken.status().ToString();
  EXPECT_EQ(t_.claim().admin(), "sari.pupr");
  EXPECT_NE(taken->events[0].detail().find("had lapsed"), std::string::npos);
}

TEST_F(DeskTest, OtherOpdCannotSeeClaimReplyOrTransfer) {
  for (auto action : {v1::DESK_CLAIM, v1::DESK_REPLY, v1::DESK_TRANSFER, v1::DESK_NOTE}) {
    auto r = Do("dewi.dlh", action, kNow, [](auto& c) {
      c.set_text("x");
      c.set_to_opd("DLH");
      c.set_reason("bukan wewenang");
    });
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), v1::PERMISSION_DENIED) << r.status().ToString();
    EXPECT_EQ(r.status().message().find("PUPR"), std::string::npos) << "must not name the owner OPD";
  }
  EXPECT_EQ(t_.messages_size(), 1);
  EXPECT_EQ(t_.opd(), "PUPR");
}

TEST_F(DeskTest, UnknownActorIsRefused) {
  auto r = Do("mallory", v1::DESK_CLAIM);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), v1::PERMISSION_DENIED);
}

TEST_F(DeskTest, ReplyClaimsQueuesAndRendersSavedReply) {
  auto r = Do("budi.pupr", v1::DESK_REPLY, kNow, [](auto& c) { c.set_template_("survei"); });
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_TRUE(r->reply.has_value());
  EXPECT_EQ(r->reply->text(),
            "Terima kasih Rina, laporan NH-2026-000042 akan disurvei oleh Dinas Pekerjaan Umum dan "
            "Penataan Ruang.");
  EXPECT_EQ(r->reply->in_reply_to_seq(), 1u);
  EXPECT_EQ(t_.claim().admin(), "budi.pupr");
  ASSERT_EQ(t_.messages_size(), 2);
  EXPECT_EQ(t_.messages(1).direction(), v1::OUTBOUND);
  EXPECT_EQ(t_.messages(1).reply_state(), v1::REPLY_PENDING);
  ASSERT_EQ(r->events.size(), 2u);
  EXPECT_EQ(r->events[0].type(), v1::TICKET_CLAIMED);
  EXPECT_EQ(r->events[1].type(), v1::REPLY_QUEUED);
  EXPECT_EQ(r->events[1].actor(), "admin:budi.pupr");
}

TEST_F(DeskTest, UnknownTemplateIsAClearError) {
  auto r = Do("budi.pupr", v1::DESK_REPLY, kNow, [](auto& c) { c.set_template_("nope"); });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), v1::INVALID_ARGUMENT);
  EXPECT_EQ(t_.messages_size(), 1) << "a failed command leaves the ticket unchanged";
}

TEST_F(DeskTest, ReplyToWithdrawnTicketIsRefused) {
  t_.set_status(v1::WITHDRAWN);
  t_.mutable_messages(0)->set_withdrawn(true);
  auto r = Do("budi.pupr", v1::DESK_REPLY, kNow, [](auto& c) { c.set_text("Baik"); });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), v1::WITHDRAWN_ITEM);
  EXPECT_NE(r.status().message().find("deleted"), std::string::npos);
}

// A question only queues: the ticket waits for the citizen (and its clocks pause) once the
// platform has accepted it (ReplyOps), so a question that never arrives pauses nothing.
TEST_F(DeskTest, AskQueuesTheQuestionAndWaitsForNothingYet) {
  auto r = Do("budi.pupr", v1::DESK_ASK, kNow, [](auto& c) { c.set_text("Mohon kirim foto lokasi."); });
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(t_.status(), v1::IN_PROGRESS);
  EXPECT_EQ(t_.sla().paused_at_ms(), 0);
  EXPECT_EQ(r->reply->kind(), v1::REPLY_ASK);
  EXPECT_EQ(r->events.back().type(), v1::REPLY_QUEUED);
}

// "   ", tabs and newlines, no-break and ideographic spaces, zero-width characters: nothing shows,
// so nothing is posted, noted or recorded as a resolution.
TEST_F(DeskTest, BlankTextsAreRefused) {
  for (const char* blank : {"", "   ", " \t\n ", "\xC2\xA0\xC2\xA0", "\xE3\x80\x80", "\xE2\x80\x8B"}) {
    for (v1::DeskAction a : {v1::DESK_REPLY, v1::DESK_ASK, v1::DESK_NOTE, v1::DESK_RESOLVE}) {
      v1::Ticket before = t_;
      auto r = Do("budi.pupr", a, kNow, [&](auto& c) { c.set_text(blank); });
      ASSERT_FALSE(r.ok()) << v1::DeskAction_Name(a) << " '" << blank << "'";
      EXPECT_EQ(r.status().code(), v1::INVALID_ARGUMENT);
      EXPECT_EQ(r.status().field(), "desk.text");
      EXPECT_EQ(t_.SerializeAsString(), before.SerializeAsString()) << "the ticket must not change";
    }
    auto r = Do("budi.pupr", v1::DESK_TRANSFER, kNow, [&](auto& c) {
      c.set_to_opd("DLH");
      c.set_reason(blank);
    });
    EXPECT_EQ(r.status().field(), "desk.reason");
  }
  // The Indonesian message says what to do.
  auto r = Do("budi.pupr", v1::DESK_REPLY, kNow, [](auto& c) { c.set_text("   "); });
  EXPECT_EQ(r.status().text().key, "desk.blank_text");
  EXPECT_NE(r.status().Message(i18n::Lang::kId).find("Balasan kosong"), std::string::npos)
      << r.status().Message(i18n::Lang::kId);
}

TEST_F(DeskTest, TheSameReplyTwiceIsRefusedUnlessConfirmed) {
  auto text = [](auto& c) { c.set_text("Akan kami survei besok."); };
  ASSERT_TRUE(Do("budi.pupr", v1::DESK_REPLY, kNow, text).ok());
  auto again = Do("budi.pupr", v1::DESK_REPLY, kNow + 60'000,
                  [](auto& c) { c.set_text(" Akan kami  survei besok. "); });
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), v1::CONFLICT);
  EXPECT_NE(again.status().message().find("--again"), std::string::npos) << again.status().message();
  // Confirmed: sent.
  EXPECT_TRUE(Do("budi.pupr", v1::DESK_REPLY, kNow + 60'000, [](auto& c) {
                c.set_text("Akan kami survei besok.");
                c.set_again(true);
              }).ok());
  // Another text, or a question with the same text, or the same text later: not a repeat.
  EXPECT_TRUE(
      Do("budi.pupr", v1::DESK_REPLY, kNow + 61'000, [](auto& c) { c.set_text("Sudah dijadwalkan."); }).ok());
  EXPECT_TRUE(Do("budi.pupr", v1::DESK_ASK, kNow + 62'000, text).ok());
  EXPECT_TRUE(Do("budi.pupr", v1::DESK_REPLY, kNow + 12 * 60'000, text).ok());
  // A reply that failed may be sent again at once.
  t_.mutable_messages(t_.messages_size() - 1)->set_reply_state(v1::REPLY_FAILED);
  EXPECT_TRUE(Do("budi.pupr", v1::DESK_REPLY, kNow + 12 * 60'000 + 1, text).ok());
}

// WhatsApp outside its 24-hour window: only an approved template reaches the citizen.
TEST_F(DeskTest, OutsideTheWhatsappWindowOnlyATemplateGoes) {
  t_.set_channel("whatsapp");
  t_.set_account("412093385561207");
  t_.set_last_inbound_at_ms(kNow - 30 * 3'600'000LL);
  auto r =
      Do("budi.pupr", v1::DESK_REPLY, kNow, [](auto& c) { c.set_text("Sudah kami teruskan\nke lapangan."); });
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->template_name, "tanggapan_laporan");
  ASSERT_TRUE(r->reply->has_template_());
  EXPECT_EQ(r->reply->template_().language(), "id");
  ASSERT_EQ(r->reply->template_().parameters_size(), 2);
  EXPECT_EQ(r->reply->template_().parameters(0), "NH-2026-000042");
  EXPECT_EQ(r->reply->template_().parameters(1), "Sudah kami teruskan ke lapangan.");  // one line
  // The account has no template for questions: refused at once, saying why.
  auto ask = Do("budi.pupr", v1::DESK_ASK, kNow, [](auto& c) { c.set_text("Di RT berapa?"); });
  ASSERT_FALSE(ask.ok());
  EXPECT_EQ(ask.status().code(), v1::CONFLICT);
  EXPECT_EQ(ask.status().text().key, "desk.window_closed");
  EXPECT_NE(ask.status().message().find("template"), std::string::npos) << ask.status().message();
  // Inside the window: free text, with the template along in case the window closes first.
  t_.set_last_inbound_at_ms(kNow - 3'600'000);
  auto inside = Do("budi.pupr", v1::DESK_REPLY, kNow, [](auto& c) { c.set_text("Baik, kami cek."); });
  ASSERT_TRUE(inside.ok());
  EXPECT_EQ(inside->template_name, "");
  EXPECT_TRUE(inside->reply->has_template_());
  // An account without templates, inside the window: no template at all.
  t_.set_account("999000");
  auto plain = Do("budi.pupr", v1::DESK_REPLY, kNow, [](auto& c) { c.set_text("Terima kasih."); });
  ASSERT_TRUE(plain.ok());
  EXPECT_FALSE(plain->reply->has_template_());
}

TEST_F(DeskTest, NamesInAnyCase) {
  v1::DeskCommand c;
  c.set_number("nh-2026-000042");
  c.set_to_opd("dlh");
  c.set_to_admin("Sari.PUPR");
  Canonicalize(&c);
  EXPECT_EQ(c.number(), "NH-2026-000042");
  EXPECT_EQ(c.to_opd(), "DLH");
  EXPECT_EQ(c.to_admin(), "sari.pupr");
}

TEST_F(DeskTest, TransferMovesWithHistoryAndReason) {
  ASSERT_TRUE(Do("budi.pupr", v1::DESK_CLAIM).ok());
  auto r = Do("budi.pupr", v1::DESK_TRANSFER, kNow + 1, [](auto& c) {
    c.set_to_opd("DLH");
    c.set_reason("bukan wewenang: sampah, bukan jalan");
  });
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(t_.opd(), "DLH");
  EXPECT_EQ(r->from_opd, "PUPR");
  EXPECT_FALSE(ClaimActive(t_, kNow + 2));
  EXPECT_EQ(t_.status(), v1::OPEN);
  ASSERT_EQ(t_.transfers_size(), 1);
  EXPECT_EQ(t_.transfers(0).reason(), "bukan wewenang: sampah, bukan jalan");
  EXPECT_EQ(t_.routing().reason(), v1::ROUTE_TRANSFER);
  EXPECT_EQ(t_.messages_size(), 1);
  // Now DLH sees it and PUPR does not.
  EXPECT_TRUE(Do("dewi.dlh", v1::DESK_CLAIM, kNow + 2).ok());
  EXPECT_EQ(Do("budi.pupr", v1::DESK_NOTE, kNow + 3, [](auto& c) { c.set_text("x"); }).status().code(),
            v1::PERMISSION_DENIED);
}

TEST_F(DeskTest, TransferNeedsReasonAndKnownOpd) {
  EXPECT_EQ(Do("budi.pupr", v1::DESK_TRANSFER, kNow, [](auto& c) { c.set_to_opd("DLH"); }).status().field(),
            "desk.reason");
  EXPECT_EQ(Do("budi.pupr", v1::DESK_TRANSFER, kNow,
               [](auto& c) {
                 c.set_to_opd("NOPE");
                 c.set_reason("x");
               })
                .status()
                .field(),
            "desk.to_opd");
}

TEST_F(DeskTest, ResolveReopenAndAssign) {
  EXPECT_EQ(
      Do("budi.pupr", v1::DESK_ASSIGN, kNow, [](auto& c) { c.set_to_admin("sari.pupr"); }).status().code(),
      v1::PERMISSION_DENIED);
  ASSERT_TRUE(Do("kadis.pupr", v1::DESK_ASSIGN, kNow, [](auto& c) { c.set_to_admin("sari.pupr"); }).ok());
  EXPECT_EQ(t_.claim().admin(), "sari.pupr");
  EXPECT_EQ(
      Do("kadis.pupr", v1::DESK_ASSIGN, kNow, [](auto& c) { c.set_to_admin("dewi.dlh"); }).status().field(),
      "desk.to_admin");
  ASSERT_TRUE(
      Do("sari.pupr", v1::DESK_RESOLVE, kNow + 1, [](auto& c) { c.set_text("Jalan sudah ditambal."); }).ok());
  EXPECT_EQ(t_.status(), v1::RESOLVED);
  EXPECT_EQ(t_.resolution(), "Jalan sudah ditambal.");
  EXPECT_EQ(Do("budi.pupr", v1::DESK_REPLY, kNow + 2, [](auto& c) { c.set_text("x"); }).status().code(),
            v1::CONFLICT);
  ASSERT_TRUE(Do("budi.pupr", v1::DESK_REOPEN, kNow + 3).ok());
  EXPECT_EQ(t_.status(), v1::OPEN);
}

TEST_F(DeskTest, AutoAckRespectsOpdSetting) {
  Change change;
  auto ack = AutoAck(config_, t_, kNow, &change);
  ASSERT_TRUE(ack.has_value());
  EXPECT_NE(ack->text().find("NH-2026-000042"), std::string::npos);
  EXPECT_NE(ack->text().find("Rina"), std::string::npos);
  EXPECT_EQ(ack->kind(), v1::REPLY_AUTO_ACK);
  v1::Ticket dlh = t_;
  dlh.set_opd("DLH");
  Change none;
  EXPECT_FALSE(AutoAck(config_, dlh, kNow, &none).has_value());
}

TEST(TemplatesTest, PlaceholdersAndUnknownBraces) {
  auto c = ParseConfig(kConfig, "t.toml");
  ASSERT_TRUE(c.ok());
  v1::Ticket t;
  t.set_number("NH-1");
  t.set_opd("PUPR");
  t.set_channel("x");
  EXPECT_EQ(Render("{nama} {nomor} {kanal} {tidak} {", t, *c), "Bapak/Ibu NH-1 x {tidak} {");
}

}  // namespace
}  // namespace aspirasi::desk
