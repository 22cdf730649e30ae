// PrivacyOps against a real SQLite store: export with the processing history, refusals, erasure
// that leaves no trace of the person in the database or its WAL (the file bytes are read), an
// audit chain that still verifies and report figures that do not change; the retention purge.
#include "broker/server/privacy_ops.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "broker/store/chain_scan.h"

namespace aspirasi::server {
namespace {

constexpr const char* kConfig = R"toml(
[tenant]
id = "nusa-harapan"
name = "Kabupaten Nusa Harapan"
ticket_prefix = "NH"
triage_opd = "DISKOMINFO"

[privacy]
personal_data_days = 30
ppid_opd = "DISKOMINFO"

[[opd]]
code = "DISKOMINFO"
name = "Dinas Komunikasi dan Informatika"
[[opd]]
code = "PUPR"
name = "Dinas Pekerjaan Umum dan Penataan Ruang"
[[opd]]
code = "DLH"
name = "Dinas Lingkungan Hidup"

[[account]]
channel = "whatsapp"
id = "412093385561207"
[[account]]
channel = "facebook"
id = "104582736190254"

[[admin]]
id = "budi.pupr"
name = "Budi Santoso"
opds = ["PUPR"]
[[admin]]
id = "ppid.utama"
name = "PPID Utama"
role = "supervisor"
opds = ["*"]
escalation_roles = []
ppid = true
[[admin]]
id = "ppid.pupr"
name = "PPID Pembantu PUPR"
opds = ["PUPR"]
ppid = true
)toml";

constexpr int64_t kDay = 86'400'000;
constexpr int64_t kT0 = 1'790'000'000'000;
constexpr const char* kPhone = "6281298765432";
constexpr const char* kName = "Wulan Sekarsari";

std::string ReadBytes(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

class PrivacyOpsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("aspirasi-privacy-ops-test-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    auto c = ParseConfig(kConfig, (dir_ / "t.toml").string());
    ASSERT_TRUE(c.ok()) << c.status().ToString();
    config_ = std::move(c).value();
    auto setup = LoadSlaSetup(config_);
    ASSERT_TRUE(setup.ok()) << setup.status().ToString();
    setup_ = *setup;
    OpenStore();
  }
  void OpenStore() {
    auto s = store::OpenSqliteStore({db().string(), "nusa-harapan", "NH", 7});
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(s).value();
    replies_ = std::make_unique<ReplyOps>(config_, *store_);
    ops_ = std::make_unique<PrivacyOps>(config_, *store_, setup_, *replies_);
  }
  void CloseStore() {
    ops_.reset();
    replies_.reset();
    store_.reset();
  }
  void TearDown() override {
    CloseStore();
    std::filesystem::remove_all(dir_);
  }
  std::filesystem::path db() const { return dir_ / "t.db"; }

  // A WhatsApp message from `phone` (a conversation: later ones append while it is open) or a
  // Facebook comment, in OPD `opd`, created at `now`.
  uint64_t Submit(const std::string& channel, const std::string& user, const std::string& name,
                  const std::string& text, const std::string& opd, int64_t now) {
    uint64_t id = 0;
    Txn([&] {
      store::SubmitOp op;
      op.submit.set_idempotency_key(channel + ":msg:" + std::to_string(++keys_));
      auto* d = op.submit.mutable_draft();
      d->set_channel(channel);
      d->set_text(text);
      d->mutable_author()->set_platform_id(user);
      d->mutable_author()->set_display_name(name);
      if (channel == "whatsapp") d->set_conversation_key("whatsapp:412093385561207:" + user + ":" + opd);
      op.opd = opd;
      op.now_ms = now;
      op.actor = "ingest";
      auto r = store_->ApplySubmit(op);
      ASSERT_TRUE(r.status.ok()) << r.status.ToString();
      id = r.ack.ticket_id();
    });
    return id;
  }

  void SetStatus(uint64_t id, v1::TicketStatus status, int64_t now) {
    Txn([&] {
      auto t = store_->LoadTicket(id, "");
      ASSERT_TRUE(t.ok());
      t->set_status(status);
      ASSERT_TRUE(store_->SaveTicket(*t, now).ok());
    });
  }

  void Txn(const std::function<void()>& body) {
    ASSERT_TRUE(store_->Begin().ok());
    body();
    ASSERT_TRUE(store_->Commit().ok());
  }

  PrivacyOpResult Export(const std::string& actor, const std::string& user, uint32_t limit = 0,
                         uint64_t after = 0) {
    PrivacyOpResult r;
    Txn([&] {
      CitizenExportOp op;
      op.command.set_channel("whatsapp");
      op.command.set_user(user);
      op.command.set_limit(limit);
      op.command.set_after_id(after);
      op.actor = actor;
      op.now_ms = kT0 + 100 * kDay;
      r = ops_->Export(op);
    });
    return r;
  }

  PrivacyOpResult Request(const std::string& actor, const std::string& user, v1::DataRequestKind kind,
                          const std::string& text = "Surat permohonan tanggal 1 Desember") {
    PrivacyOpResult r;
    Txn([&] {
      DataRequestOp op;
      op.command.set_channel("whatsapp");
      op.command.set_user(user);
      op.command.set_kind(kind);
      op.command.set_text(text);
      op.actor = actor;
      op.now_ms = kT0 + 90 * kDay;
      r = ops_->Request(op);
    });
    return r;
  }

  PrivacyOpResult Erase(const std::string& actor, const std::string& user, const std::string& request = "") {
    PrivacyOpResult r;
    Txn([&] {
      CitizenEraseOp op;
      op.command.set_channel("WhatsApp");
      op.command.set_user(user);
      op.command.set_request(request);
      op.actor = actor;
      op.now_ms = kT0 + 100 * kDay;
      r = ops_->Erase(op);
    });
    EXPECT_TRUE(store_->ScrubWal().ok());
    return r;
  }

  Config config_;
  std::shared_ptr<const SlaSetup> setup_;
  std::filesystem::path dir_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<ReplyOps> replies_;
  std::unique_ptr<PrivacyOps> ops_;
  int keys_ = 0;
};

TEST_F(PrivacyOpsTest, ExportGivesEveryTicketWithItsHistoryAndRecordsIt) {
  uint64_t a = Submit("whatsapp", kPhone, kName, "Saluran air di Jl. Kenanga tersumbat", "PUPR", kT0);
  uint64_t b = Submit("whatsapp", kPhone, kName, "Sampah menumpuk di pasar", "DLH", kT0 + 1);
  Submit("whatsapp", "6281311112222", "Orang Lain", "Lampu jalan mati", "PUPR", kT0 + 2);

  // Written as the citizen gives it: the national form of the same number.
  auto r = Export("ppid.utama", "0812-9876-5432");
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  const v1::CitizenData& data = r.answer.citizen_data();
  EXPECT_EQ(data.user(), kPhone);
  ASSERT_EQ(data.tickets_size(), 2);
  EXPECT_EQ(data.tickets(0).ticket().id(), a);
  EXPECT_EQ(data.tickets(1).ticket().id(), b);
  EXPECT_EQ(data.tickets(0).ticket().author().display_name(), kName);
  EXPECT_EQ(data.tickets(0).ticket().messages(0).text(), "Saluran air di Jl. Kenanga tersumbat");
  EXPECT_EQ(data.next_after_id(), 0u);
  // The history: created, then this export, by whom.
  const auto& events = data.tickets(0).events();
  ASSERT_GE(events.size(), 2);
  EXPECT_EQ(events[0].type(), v1::TICKET_CREATED);
  EXPECT_EQ(events[events.size() - 1].type(), v1::PERSONAL_DATA_EXPORTED);
  EXPECT_EQ(events[events.size() - 1].actor(), "admin:ppid.utama");
  std::vector<v1::EventType> recorded;
  for (const auto& e : store_->events()) recorded.push_back(e.type());
  EXPECT_EQ(recorded, (std::vector<v1::EventType>{v1::PERSONAL_DATA_EXPORTED, v1::PERSONAL_DATA_EXPORTED}));

  // Pages, and an officer of one OPD sees that OPD's only.
  auto first = Export("ppid.utama", kPhone, 1);
  ASSERT_EQ(first.answer.citizen_data().tickets_size(), 1);
  EXPECT_EQ(first.answer.citizen_data().next_after_id(), a);
  auto second = Export("ppid.utama", kPhone, 1, a);
  ASSERT_EQ(second.answer.citizen_data().tickets_size(), 1);
  EXPECT_EQ(second.answer.citizen_data().tickets(0).ticket().id(), b);
  EXPECT_EQ(second.answer.citizen_data().next_after_id(), 0u);
  auto pupr = Export("ppid.pupr", kPhone);
  ASSERT_EQ(pupr.answer.citizen_data().tickets_size(), 1);
  EXPECT_EQ(pupr.answer.citizen_data().tickets(0).ticket().opd(), "PUPR");

  // Nobody by that id: an empty answer, not an error.
  auto none = Export("ppid.utama", "6289900001111");
  ASSERT_TRUE(none.status.ok());
  EXPECT_EQ(none.answer.citizen_data().tickets_size(), 0);
}

TEST_F(PrivacyOpsTest, OnlyAPpidOfficerMayAskAndBadNamesAreRefused) {
  Submit("whatsapp", kPhone, kName, "Jalan rusak", "PUPR", kT0);
  EXPECT_EQ(Export("budi.pupr", kPhone).status.code(), v1::PERMISSION_DENIED);
  EXPECT_EQ(Export("nobody", kPhone).status.code(), v1::PERMISSION_DENIED);
  EXPECT_EQ(Export("", kPhone).status.code(), v1::PERMISSION_DENIED);
  EXPECT_EQ(Erase("budi.pupr", kPhone).status.code(), v1::PERMISSION_DENIED);
  auto bad = Export("ppid.utama", "budi");
  EXPECT_EQ(bad.status.code(), v1::INVALID_ARGUMENT);
  EXPECT_EQ(bad.status.field(), "user");
  EXPECT_TRUE(store_->events().empty());
  Txn([&] {
    CitizenExportOp op;
    op.command.set_channel("whatsapp");
    op.command.set_user(kPhone);
    op.command.set_request("NH-2026-000001; DROP TABLE");
    op.actor = "ppid.utama";
    auto r = ops_->Export(op);
    EXPECT_EQ(r.status.code(), v1::INVALID_ARGUMENT);
    EXPECT_EQ(r.status.field(), "request");
    op.command.set_request("NH-2026-000001");  // an ordinary ticket, not a request
    r = ops_->Export(op);
    EXPECT_EQ(r.status.field(), "request");
  });
  auto request = Request("ppid.utama", kPhone, v1::DATA_REQUEST_EXPORT);
  ASSERT_TRUE(request.status.ok()) << request.status.ToString();
  const std::string number = request.answer.ticket().ticket().number();
  Txn([&] {
    CitizenExportOp op;
    op.command.set_channel("whatsapp");
    op.command.set_user(kPhone);
    op.command.set_request(number);
    op.actor = "ppid.utama";
    auto r = ops_->Export(op);
    ASSERT_TRUE(r.status.ok()) << r.status.ToString();
    EXPECT_NE(store_->events().back().detail().find(number), std::string::npos);
  });
  Txn([&] {
    CitizenExportOp op;
    op.command.set_channel("myspace");
    op.command.set_user("1");
    op.actor = "ppid.utama";
    auto r = ops_->Export(op);
    EXPECT_EQ(r.status.code(), v1::INVALID_ARGUMENT);
    EXPECT_EQ(r.status.field(), "channel");
  });
}

TEST_F(PrivacyOpsTest, EraseIsRefusedWhileATicketIsStillHandledAndChangesNothing) {
  uint64_t done = Submit("whatsapp", kPhone, kName, "Jalan rusak di Jl. Mawar", "PUPR", kT0);
  SetStatus(done, v1::RESOLVED, kT0 + kDay);
  uint64_t open = Submit("whatsapp", kPhone, kName, "Sampah di pasar", "DLH", kT0 + 2);
  auto r = Erase("ppid.utama", kPhone);
  EXPECT_EQ(r.status.code(), v1::CONFLICT);
  auto t = store_->LoadTicket(open, "");
  ASSERT_TRUE(t.ok());
  EXPECT_NE(r.status.message().find(t->number()), std::string::npos) << r.status.message();
  EXPECT_TRUE(store_->events().empty());
  auto kept = store_->LoadTicket(done, "");
  EXPECT_EQ(kept->author().display_name(), kName);
  // An officer who does not cover the open ticket's OPD erases what they cover, and is told of the rest.
  auto pupr = Erase("ppid.pupr", kPhone);
  ASSERT_TRUE(pupr.status.ok()) << pupr.status.ToString();
  EXPECT_EQ(pupr.answer.citizen_erased().ticket_numbers_size(), 1);
  EXPECT_EQ(pupr.answer.citizen_erased().other_opds(), 1u);
}

TEST_F(PrivacyOpsTest, ErasureLeavesNoTraceInTheFilesAndKeepsChainAndReports) {
  const std::string text = "Tolong perbaiki got depan rumah nomor 17 Gang Cempaka";
  uint64_t a = Submit("whatsapp", kPhone, kName, text, "PUPR", kT0);
  uint64_t b = Submit("whatsapp", kPhone, kName, "Pohon tumbang di Jl. Anggrek Raya", "DLH", kT0 + 1);
  const std::string other = "Lampu penerangan jalan di Desa Sukamaju padam";
  Submit("whatsapp", "6281311112222", "Joko Susilo", other, "PUPR", kT0 + 2);
  SetStatus(a, v1::RESOLVED, kT0 + kDay);
  SetStatus(b, v1::RESPONDED, kT0 + kDay);
  auto reader = store::OpenSqliteReader(db().string());
  ASSERT_TRUE(reader.ok());
  auto before = (*reader)->ReportTickets(0, kT0 + 1000 * kDay, {});
  ASSERT_TRUE(before.ok());

  auto r = Erase("ppid.utama", "+62 812 9876 5432");
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.answer.citizen_erased().ticket_numbers_size(), 2);
  EXPECT_EQ(r.erased, 2u);
  ASSERT_EQ(store_->events().size(), 2u);
  EXPECT_EQ(store_->events()[0].type(), v1::PERSONAL_DATA_ERASED);
  EXPECT_EQ(store_->events()[0].actor(), "admin:ppid.utama");
  EXPECT_FALSE(store_->scrub_pending());

  // The files: the database and its WAL hold nothing of the person, and still the other citizen.
  std::string bytes = ReadBytes(db()) + ReadBytes(dir_ / "t.db-wal");
  for (const std::string& gone : {std::string(kPhone), std::string(kName), text, std::string("Anggrek Raya")})
    EXPECT_EQ(bytes.find(gone), std::string::npos) << "still in the files: " << gone;
  EXPECT_NE(bytes.find(other), std::string::npos) << "the check would not see the text at all";

  auto t = store_->LoadTicket(a, "");
  ASSERT_TRUE(t.ok());
  EXPECT_GT(t->personal_data_erased_at_ms(), 0);
  EXPECT_EQ(t->status(), v1::RESOLVED);
  EXPECT_EQ(t->opd(), "PUPR");

  auto after = (*reader)->ReportTickets(0, kT0 + 1000 * kDay, {});
  ASSERT_TRUE(after.ok());
  ASSERT_EQ(after->size(), before->size());
  for (std::size_t i = 0; i < after->size(); ++i) {
    EXPECT_EQ((*after)[i].opd, (*before)[i].opd);
    EXPECT_EQ((*after)[i].channel, (*before)[i].channel);
    EXPECT_EQ((*after)[i].status, (*before)[i].status);
    EXPECT_EQ((*after)[i].received_ms, (*before)[i].received_ms);
    EXPECT_EQ((*after)[i].first_response_due_ms, (*before)[i].first_response_due_ms);
  }
  reader->reset();
  auto chain = store::VerifyEventChain(db().string());
  ASSERT_TRUE(chain.ok()) << chain.status().ToString();
  EXPECT_TRUE(chain->ok());

  // Repeated: nothing is held any more.
  auto again = Erase("ppid.utama", kPhone);
  ASSERT_TRUE(again.status.ok());
  EXPECT_EQ(again.answer.citizen_erased().ticket_numbers_size(), 0);
  EXPECT_EQ(Export("ppid.utama", kPhone).answer.citizen_data().tickets_size(), 0);
}

TEST_F(PrivacyOpsTest, RetentionPurgesOnlyClosedTicketsUntouchedForTheConfiguredDays) {
  uint64_t old_closed = Submit("facebook", "1001", "Andi", "Komentar lama soal jalan", "PUPR", kT0);
  SetStatus(old_closed, v1::RESOLVED, kT0 + kDay);
  uint64_t recent = Submit("facebook", "1002", "Bela", "Komentar baru soal jalan", "PUPR", kT0);
  SetStatus(recent, v1::RESOLVED, kT0 + 20 * kDay);
  uint64_t old_open = Submit("facebook", "1003", "Caca", "Komentar lama yang belum dijawab", "PUPR", kT0);
  Txn([&] {  // a withdrawal of an item never seen: a tombstone, and the withdrawal's own key
    store::SubmitOp op;
    op.submit.set_idempotency_key("whatsapp:delete:wamid.WITHDRAWNKEY01");
    op.submit.set_action(v1::WITHDRAW);
    op.submit.set_target_key("whatsapp:msg:wamid.NEVERSEENKEY02");
    op.now_ms = kT0;
    op.actor = "ingest";
    auto r = store_->ApplySubmit(op);
    ASSERT_TRUE(r.status.ok()) << r.status.ToString();
    EXPECT_EQ(r.ack.outcome(), v1::OUTCOME_TOMBSTONED);
  });

  PrivacyOpResult r;
  Txn([&] { r = ops_->Retention({kT0 + 40 * kDay, 500}); });
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.erased, 1u);
  EXPECT_FALSE(r.more);
  ASSERT_EQ(store_->events().size(), 1u);
  EXPECT_EQ(store_->events()[0].type(), v1::PERSONAL_DATA_PURGED);
  EXPECT_EQ(store_->events()[0].actor(), "broker");
  EXPECT_EQ(store_->events()[0].ticket_id(), old_closed);
  EXPECT_GT(store_->LoadTicket(old_closed, "")->personal_data_erased_at_ms(), 0);
  EXPECT_EQ(store_->LoadTicket(recent, "")->personal_data_erased_at_ms(), 0);
  EXPECT_EQ(store_->LoadTicket(old_open, "")->messages(0).text(), "Komentar lama yang belum dijawab");
  ASSERT_TRUE(store_->ScrubWal().ok());
  std::string bytes = ReadBytes(db()) + ReadBytes(dir_ / "t.db-wal");
  EXPECT_EQ(bytes.find("Komentar lama soal jalan"), std::string::npos);
  EXPECT_NE(bytes.find("Komentar baru soal jalan"), std::string::npos);
  EXPECT_EQ(r.tombstones, 1u);
  EXPECT_EQ(bytes.find("WITHDRAWNKEY01"), std::string::npos);
  EXPECT_EQ(bytes.find("NEVERSEENKEY02"), std::string::npos);

  // Again: nothing more to do (already purged tickets are not taken twice).
  Txn([&] { r = ops_->Retention({kT0 + 40 * kDay, 500}); });
  EXPECT_EQ(r.erased, 0u);
  EXPECT_TRUE(store_->events().empty());
  // Later, the recent one's turn.
  Txn([&] { r = ops_->Retention({kT0 + 60 * kDay, 500}); });
  EXPECT_EQ(r.erased, 1u);
}

TEST_F(PrivacyOpsTest, TicketsFromBeforeSchema9AreFoundByTheirCitizen) {
  uint64_t id = Submit("whatsapp", kPhone, kName, "Jalan rusak", "PUPR", kT0);
  CloseStore();
  // Back to schema 8: no citizen column, no retention marks.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(this->db().c_str(), &db), SQLITE_OK);
  ASSERT_EQ(
      sqlite3_exec(db,
                   "DROP INDEX tickets_citizen; DROP INDEX tickets_retention; DROP INDEX submissions_ticket; "
                   "ALTER TABLE tickets DROP COLUMN citizen; ALTER TABLE tickets DROP COLUMN erased_ms; "
                   "ALTER TABLE submissions DROP COLUMN at_ms; DROP TABLE restores; "
                   "UPDATE schema_version SET version=8;",
                   nullptr, nullptr, nullptr),
      SQLITE_OK)
      << sqlite3_errmsg(db);
  sqlite3_close(db);
  OpenStore();
  auto r = Export("ppid.utama", kPhone);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.answer.citizen_data().tickets_size(), 1);
  EXPECT_EQ(r.answer.citizen_data().tickets(0).ticket().id(), id);
}

TEST_F(PrivacyOpsTest, ARequestBecomesAPpidTicketDueInThreeTimesTwentyFourHours) {
  auto r = Request("ppid.utama", "0813-9876-5432", v1::DATA_REQUEST_ERASE);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  const v1::Ticket& t = r.answer.ticket().ticket();
  EXPECT_EQ(t.opd(), "DISKOMINFO");
  EXPECT_EQ(t.data_request(), v1::DATA_REQUEST_ERASE);
  EXPECT_EQ(t.channel(), "whatsapp");
  EXPECT_EQ(t.author().platform_id(), "6281398765432");
  EXPECT_EQ(t.messages(0).text(), "Surat permohonan tanggal 1 Desember");
  EXPECT_EQ(t.sla().policy(), "permintaan_data_pribadi");
  EXPECT_EQ(t.sla().resolution_due_ms(), kT0 + 90 * kDay + 3 * kDay);  // around the clock, weekends too
  ASSERT_TRUE(r.created.has_value());
  EXPECT_EQ(r.created->opd, "DISKOMINFO");
  std::vector<v1::EventType> types;
  for (const auto& e : store_->events()) types.push_back(e.type());
  EXPECT_EQ(types, (std::vector<v1::EventType>{v1::TICKET_CREATED, v1::DATA_REQUEST_OPENED}));
  EXPECT_EQ(store_->events()[1].actor(), "admin:ppid.utama");
  // The citizen's own tickets and their request are found together.
  EXPECT_EQ(Export("ppid.utama", "6281398765432").answer.citizen_data().tickets_size(), 1);
  // A second request is a second ticket.
  auto again = Request("ppid.utama", "6281398765432", v1::DATA_REQUEST_EXPORT);
  ASSERT_TRUE(again.status.ok());
  EXPECT_NE(again.answer.ticket().ticket().id(), t.id());
}

TEST_F(PrivacyOpsTest, ARequestKeepsItsClockWhenTheConfiguredPoliciesChange) {
  uint64_t id = 0;
  {
    SlaOps sla(config_, setup_, *store_);
    Txn([&] {
      DataRequestOp op;
      op.command.set_channel("whatsapp");
      op.command.set_user(kPhone);
      op.command.set_kind(v1::DATA_REQUEST_EXPORT);
      op.command.set_text("Minta salinan data");
      op.actor = "ppid.utama";
      op.now_ms = kT0;
      auto r = ops_->Request(op);
      ASSERT_TRUE(r.status.ok()) << r.status.ToString();
      id = r.answer.ticket().ticket().id();
      std::vector<SlaNext> next;
      ASSERT_TRUE(sla.Process({}, kT0, &next).ok());
    });
  }
  // The operator replaces the [sla] policies: the indexes stored with the tickets move.
  Config changed = config_;
  changed.sla.toml =
      "[[policy]]\nname = \"darurat\"\nurgency = [\"SANGAT_SEGERA\"]\nfirst_response = \"1h\"\n";
  auto setup = LoadSlaSetup(changed);
  ASSERT_TRUE(setup.ok()) << setup.status().ToString();
  SlaOps sla(changed, *setup, *store_);
  Txn([&] {
    std::vector<SlaNext> next;
    ASSERT_TRUE(sla.Process({id}, kT0 + kDay, &next).ok());
  });
  EXPECT_EQ(store_->LoadTicket(id, "")->sla().policy(), "permintaan_data_pribadi");
}

TEST_F(PrivacyOpsTest, ARequestNeedsAPpidOfficerAKindATextAndAPpidOpd) {
  EXPECT_EQ(Request("budi.pupr", kPhone, v1::DATA_REQUEST_ERASE).status.code(), v1::PERMISSION_DENIED);
  auto kind = Request("ppid.utama", kPhone, v1::DATA_REQUEST_NONE);
  EXPECT_EQ(kind.status.code(), v1::INVALID_ARGUMENT);
  EXPECT_EQ(kind.status.field(), "kind");
  auto text = Request("ppid.utama", kPhone, v1::DATA_REQUEST_ERASE, "  \n ");
  EXPECT_EQ(text.status.code(), v1::INVALID_ARGUMENT);
  EXPECT_EQ(text.status.field(), "text");
  EXPECT_EQ(Request("ppid.utama", kPhone, v1::DATA_REQUEST_ERASE, std::string(70000, 'x')).status.code(),
            v1::TOO_LARGE);
  config_.privacy.ppid_opd.clear();
  EXPECT_EQ(Request("ppid.utama", kPhone, v1::DATA_REQUEST_ERASE).status.code(), v1::CONFLICT);
  EXPECT_TRUE(store_->events().empty());
}

TEST_F(PrivacyOpsTest, ErasingForARequestResolvesItAndErasesItWithTheRest) {
  uint64_t done = Submit("whatsapp", kPhone, kName, "Jalan rusak di Jl. Mawar", "PUPR", kT0);
  SetStatus(done, v1::RESOLVED, kT0 + kDay);
  auto req = Request("ppid.utama", kPhone, v1::DATA_REQUEST_ERASE);
  ASSERT_TRUE(req.status.ok()) << req.status.ToString();
  const std::string number = req.answer.ticket().ticket().number();
  // Without naming it, the open request is a ticket still being handled.
  EXPECT_EQ(Erase("ppid.utama", kPhone).status.code(), v1::CONFLICT);
  // Another citizen's request, or an ordinary ticket, is not this request.
  auto other = Request("ppid.utama", "6281311112222", v1::DATA_REQUEST_EXPORT);
  EXPECT_EQ(Erase("ppid.utama", kPhone, other.answer.ticket().ticket().number()).status.field(), "request");
  auto plain = store_->LoadTicket(done, "");
  EXPECT_EQ(Erase("ppid.utama", kPhone, plain->number()).status.field(), "request");
  EXPECT_EQ(Erase("ppid.utama", kPhone, "NH-2099-999999").status.code(), v1::NOT_FOUND);
  // A request for a copy does not carry an erasure, and an officer of another OPD cannot use it.
  auto copy = Request("ppid.utama", kPhone, v1::DATA_REQUEST_EXPORT);
  EXPECT_EQ(Erase("ppid.utama", kPhone, copy.answer.ticket().ticket().number()).status.field(), "request");
  EXPECT_EQ(Erase("ppid.pupr", kPhone, number).status.code(), v1::PERMISSION_DENIED);
  SetStatus(copy.answer.ticket().ticket().id(), v1::RESOLVED, kT0 + 91 * kDay);

  std::string lower = number;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto r = Erase("ppid.utama", kPhone, lower);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.answer.citizen_erased().ticket_numbers_size(), 3);  // the ticket and both requests
  auto request = store_->LoadTicket(0, number);
  ASSERT_TRUE(request.ok());
  EXPECT_EQ(request->status(), v1::RESOLVED);
  EXPECT_EQ(request->resolution(), "Data pribadi warga dihapus sesuai permintaannya.");
  EXPECT_GT(request->personal_data_erased_at_ms(), 0);
  EXPECT_EQ(request->data_request(), v1::DATA_REQUEST_ERASE);  // what was asked stays on the record
  std::vector<v1::EventType> types;
  for (const auto& e : store_->events()) types.push_back(e.type());
  EXPECT_NE(std::find(types.begin(), types.end(), v1::TICKET_RESOLVED), types.end());
  EXPECT_EQ(std::count(types.begin(), types.end(), v1::PERSONAL_DATA_ERASED), 3);
  // Repeated with the (now erased) request: it says the request was carried out; without it,
  // nothing is held any more.
  auto again = Erase("ppid.utama", kPhone, number);
  EXPECT_EQ(again.status.code(), v1::CONFLICT);
  EXPECT_NE(again.status.message().find("carried out"), std::string::npos) << again.status.message();
  auto plain_again = Erase("ppid.utama", kPhone);
  ASSERT_TRUE(plain_again.status.ok()) << plain_again.status.ToString();
  EXPECT_EQ(plain_again.answer.citizen_erased().ticket_numbers_size(), 0);
}

TEST_F(PrivacyOpsTest, RetentionWorksInBatches) {
  for (int i = 0; i < 5; ++i) {
    uint64_t id =
        Submit("facebook", std::to_string(2000 + i), "Warga", "komentar " + std::to_string(i), "PUPR", kT0);
    SetStatus(id, v1::WITHDRAWN, kT0);
  }
  PrivacyOpResult r;
  Txn([&] { r = ops_->Retention({kT0 + 40 * kDay, 2}); });
  EXPECT_EQ(r.erased, 2u);
  EXPECT_TRUE(r.more);
  Txn([&] { r = ops_->Retention({kT0 + 40 * kDay, 2}); });
  Txn([&] { r = ops_->Retention({kT0 + 40 * kDay, 2}); });
  EXPECT_EQ(r.erased, 1u);
  EXPECT_FALSE(r.more);
}

TEST_F(PrivacyOpsTest, RetentionIsOffWithoutDays) {
  config_.privacy.personal_data_days = 0;
  uint64_t id = Submit("facebook", "1001", "Andi", "Komentar", "PUPR", kT0);
  SetStatus(id, v1::RESOLVED, kT0);
  PrivacyOpResult r;
  Txn([&] { r = ops_->Retention({kT0 + 4000 * kDay, 500}); });
  EXPECT_EQ(r.erased, 0u);
}

}  // namespace
}  // namespace aspirasi::server
