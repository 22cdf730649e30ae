#include "broker/store/store.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "broker/store/sqlite.h"
#include "broker/store/ticket_number.h"

namespace aspirasi::store {
namespace {

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("aspirasi-store-test-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    Reopen();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  void Reopen() {
    store_.reset();
    auto s = OpenSqliteStore({(dir_ / "t.db").string(), "nusa-harapan", "NH", 7});
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(s).value();
    auto r = OpenSqliteReader((dir_ / "t.db").string());
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    reader_ = std::move(r).value();
  }

  // A submit from the ingest for PUPR, in 2026.
  static SubmitOp Op(v1::SubmitAction action, const std::string& key, const std::string& text,
                     const std::string& target = "", const std::string& conversation = "") {
    SubmitOp op;
    op.submit.set_idempotency_key(key);
    op.submit.set_action(action);
    op.submit.set_target_key(target);
    op.submit.mutable_draft()->set_channel("facebook");
    op.submit.mutable_draft()->set_text(text);
    op.submit.mutable_draft()->set_conversation_key(conversation);
    op.opd = "PUPR";
    op.routing.set_reason(v1::ROUTE_RULE);
    op.now_ms = 1'780'000'000'000;  // 2026
    op.actor = "ingest";
    return op;
  }

  SubmitResult Submit(v1::SubmitAction action, const std::string& key, const std::string& text,
                      const std::string& target = "", const std::string& conversation = "") {
    EXPECT_TRUE(store_->Begin().ok());
    SubmitResult r = store_->ApplySubmit(Op(action, key, text, target, conversation));
    EXPECT_TRUE(store_->Commit().ok());
    return r;
  }

  std::filesystem::path dir_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<StoreReader> reader_;
};

TEST_F(StoreTest, CreateThenDuplicate) {
  auto a = Submit(v1::CREATE, "facebook:comment:1", "jalan rusak");
  ASSERT_TRUE(a.status.ok()) << a.status.ToString();
  EXPECT_EQ(a.ack.outcome(), v1::OUTCOME_CREATED);
  EXPECT_EQ(a.ack.ticket_id(), 1u);
  EXPECT_EQ(a.ack.ticket_number(), "NH-2026-000001");
  EXPECT_TRUE(a.pending_delivery);
  auto b = Submit(v1::CREATE, "facebook:comment:1", "jalan rusak");
  EXPECT_EQ(b.ack.outcome(), v1::OUTCOME_DUPLICATE);
  EXPECT_TRUE(b.ack.duplicate());
  EXPECT_EQ(b.ack.ticket_id(), 1u);
  EXPECT_EQ(reader_->LastSeq().value(), 1u);  // the duplicate recorded nothing
}

TEST_F(StoreTest, ConversationAppendsWhileOpen) {
  auto a = Submit(v1::CREATE, "m1", "halo", "", "psid-9");
  auto b = Submit(v1::CREATE, "m2", "sampah menumpuk", "", "psid-9");
  EXPECT_EQ(b.ack.outcome(), v1::OUTCOME_APPENDED);
  EXPECT_EQ(b.ack.ticket_id(), a.ack.ticket_id());
  EXPECT_EQ(Submit(v1::CREATE, "m2", "sampah menumpuk", "", "psid-9").ack.outcome(), v1::OUTCOME_DUPLICATE);
  auto t = reader_->GetTicket(a.ack.ticket_id(), "");
  ASSERT_TRUE(t.ok());
  ASSERT_EQ(t->messages_size(), 2);
  EXPECT_EQ(t->messages(1).text(), "sampah menumpuk");
  EXPECT_EQ(t->messages(1).seq(), 2u);
}

// A stored ticket that cannot be read is not taken for an empty one: the transaction fails and the
// stored bytes stay as they were (before, the citizen's next message was appended to a blank ticket
// that replaced the original).
TEST_F(StoreTest, ATicketThatCannotBeReadFailsTheTransactionInsteadOfStartingBlank) {
  auto a = Submit(v1::CREATE, "m1", "halo", "", "psid-9");
  ASSERT_TRUE(a.status.ok());
  {
    Db raw;
    ASSERT_TRUE(raw.Open((dir_ / "t.db").string(), false).ok());
    ASSERT_TRUE(raw.Exec("UPDATE ticket_bodies SET body = x'ffffffffff' WHERE id = 1").ok());
  }
  ASSERT_TRUE(store_->Begin().ok());
  SubmitResult r = store_->ApplySubmit(Op(v1::CREATE, "m2", "sampah menumpuk", "", "psid-9"));
  EXPECT_FALSE(r.status.ok());
  EXPECT_NE(r.status.message().find("cannot be parsed"), std::string::npos) << r.status.ToString();
  EXPECT_FALSE(store_->Commit().ok());
  Db raw;
  ASSERT_TRUE(raw.Open((dir_ / "t.db").string(), true).ok());
  auto body = raw.Prepare("SELECT hex(body) FROM ticket_bodies WHERE id = 1");
  ASSERT_TRUE(body.ok());
  Status st;
  ASSERT_TRUE(body->Step(&st));
  EXPECT_EQ(body->Text(0), "FFFFFFFFFF");
  // The load says so too, rather than "not found".
  ASSERT_TRUE(store_->Begin().ok());
  auto loaded = store_->LoadTicket(1, "");
  EXPECT_EQ(loaded.status().code(), v1::INTERNAL) << loaded.status().ToString();
  store_->Rollback();
}

TEST_F(StoreTest, UpdateKeepsHistoryAndUpsertsUnknown) {
  Submit(v1::CREATE, "c1", "lampu mati");
  auto u = Submit(v1::UPDATE, "c1:edit:1", "lampu PJU mati 3 hari", "c1");
  EXPECT_EQ(u.ack.outcome(), v1::OUTCOME_UPDATED);
  auto t = reader_->GetTicket(1, "");
  EXPECT_EQ(t->messages(0).text(), "lampu PJU mati 3 hari");
  ASSERT_EQ(t->messages(0).revisions_size(), 1);
  EXPECT_EQ(t->messages(0).revisions(0).text(), "lampu mati");
  // An edit of an unseen item creates it; the late original is then a duplicate.
  auto up = Submit(v1::UPDATE, "c2:edit:1", "teks baru", "c2");
  EXPECT_EQ(up.ack.outcome(), v1::OUTCOME_CREATED);
  EXPECT_EQ(Submit(v1::CREATE, "c2", "teks lama").ack.outcome(), v1::OUTCOME_DUPLICATE);
}

TEST_F(StoreTest, WithdrawAndTombstone) {
  Submit(v1::CREATE, "c1", "jalan rusak");
  auto w = Submit(v1::WITHDRAW, "c1:remove", "", "c1");
  EXPECT_EQ(w.ack.outcome(), v1::OUTCOME_WITHDRAWN);
  EXPECT_EQ(reader_->GetTicket(1, "")->status(), v1::WITHDRAWN);
  // Delete before add: a tombstone; the late add does not resurrect the item.
  EXPECT_EQ(Submit(v1::WITHDRAW, "c9:remove", "", "c9").ack.outcome(), v1::OUTCOME_TOMBSTONED);
  EXPECT_EQ(Submit(v1::CREATE, "c9", "banjir").ack.outcome(), v1::OUTCOME_TOMBSTONED);
  Reopen();  // the tombstone survives a restart
  EXPECT_EQ(Submit(v1::CREATE, "c9", "banjir").ack.outcome(), v1::OUTCOME_TOMBSTONED);
}

TEST_F(StoreTest, DeliveryStateAndEventsSurviveReopen) {
  Submit(v1::CREATE, "a", "satu");
  Submit(v1::CREATE, "b", "dua");
  Submit(v1::CREATE, "c", "tiga");
  ASSERT_TRUE(store_->Begin().ok());
  ASSERT_TRUE(store_->ApplyDelivered({1, "w1", 1'780'000'000'500, 2}).ok());
  ASSERT_TRUE(store_->ApplyAttemptFailed({2, 1, false, "w1", "timeout", 1'780'000'000'600}).ok());
  ASSERT_TRUE(
      store_->ApplyAttemptFailed({3, 3, true, "w1", "crash for 6281234567890", 1'780'000'000'700}).ok());
  ASSERT_TRUE(store_->Commit().ok());
  ASSERT_EQ(store_->events().size(), 4u);
  EXPECT_EQ(store_->events()[0].type(), v1::TICKET_DELIVERED);
  EXPECT_EQ(store_->events()[0].attempt(), 2u);
  // A worker's words go into the chained record with long numbers masked.
  EXPECT_EQ(store_->events()[2].detail().find("6281234567890"), std::string::npos)
      << store_->events()[2].detail();
  EXPECT_EQ(store_->events().back().type(), v1::TICKET_DEAD_LETTERED);
  Reopen();
  auto pending = reader_->PendingPage("PUPR", 10);
  ASSERT_TRUE(pending.ok()) << pending.status().ToString();
  ASSERT_EQ(pending->size(), 1u);
  EXPECT_EQ((*pending)[0].id, 2u);
  EXPECT_EQ((*pending)[0].attempts, 1u);
  auto counts = reader_->PendingCounts();
  ASSERT_TRUE(counts.ok());
  ASSERT_EQ(counts->size(), 1u);
  EXPECT_EQ((*counts)[0].second, 1u);
  EXPECT_EQ(reader_->GetTicket(1, "")->status(), v1::NEW);  // delivery is not handling
  EXPECT_EQ(reader_->GetTicket(1, "")->delivery().state(), v1::DELIVERED);
  EXPECT_EQ(reader_->GetTicket(0, "NH-2026-000001")->id(), 1u);
  EXPECT_EQ(reader_->GetTicket(0, "NH-2025-000001").status().code(), v1::NOT_FOUND);
  EXPECT_EQ(reader_->GetTicket(3, "")->delivery().state(), v1::DEAD_LETTER);
  // Numbering continues after a restart, with no gaps.
  auto d = Submit(v1::CREATE, "d", "empat");
  EXPECT_EQ(d.ack.ticket_id(), 4u);
  v1::ReadEvents req;
  req.set_after_seq(0);
  auto events = reader_->ReadEvents(req);
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->events_size(), 8);
  for (int i = 0; i < events->events_size(); ++i)
    EXPECT_EQ(events->events(i).seq(), static_cast<uint64_t>(i + 1));
}

TEST_F(StoreTest, ListAndCountWithFilters) {
  Submit(v1::CREATE, "a", "Jalan RUSAK parah");
  Submit(v1::CREATE, "b", "lampu mati");
  v1::ListTickets list;
  list.mutable_filter()->set_text("rusak");
  auto found = reader_->ListTickets(list);
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->tickets_size(), 1);
  EXPECT_EQ(found->tickets(0).id(), 1u);
  list.mutable_filter()->clear_text();
  list.set_limit(1);
  found = reader_->ListTickets(list);
  ASSERT_EQ(found->tickets_size(), 1);
  EXPECT_EQ(found->next_after_id(), 1u);
  v1::CountTickets count;
  count.set_by(v1::COUNT_BY_STATUS);
  auto counts = reader_->CountTickets(count);
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->total(), 2u);
  EXPECT_EQ(counts->groups().at("NEW"), 2u);
}

// Bodies changed in a transaction are written at COMMIT; reads inside it must see them.
TEST_F(StoreTest, ChangesInOneTransactionReadTheirOwnWrites) {
  Submit(v1::CREATE, "m1", "halo", "", "wa-1");
  SubmitOp op = Op(v1::CREATE, "", "", "", "wa-1");
  op.submit.mutable_draft()->set_channel("whatsapp");
  op.now_ms = 1'780'000'001'000;
  ASSERT_TRUE(store_->Begin().ok());
  for (const char* key : {"m2", "m3"}) {
    op.submit.set_idempotency_key(key);
    op.submit.mutable_draft()->set_text(std::string("pesan ") + key);
    EXPECT_EQ(store_->ApplySubmit(op).ack.outcome(), v1::OUTCOME_APPENDED);
  }
  auto t = store_->LoadTicket(1, "");
  ASSERT_TRUE(t.ok());
  ASSERT_EQ(t->messages_size(), 3);  // the second append saw the first
  t->set_status(v1::IN_PROGRESS);
  t->set_opd("DLH");
  t->mutable_sla()->set_first_response_due_ms(1'780'000'500'000);
  ASSERT_TRUE(store_->SaveTicket(*t, op.now_ms).ok());
  EXPECT_EQ(store_->LoadTicket(1, "")->opd(), "DLH");
  ASSERT_TRUE(store_->Commit().ok());
  auto stored = reader_->GetTicket(1, "");
  ASSERT_TRUE(stored.ok());
  ASSERT_EQ(stored->messages_size(), 3);
  EXPECT_EQ(stored->messages(2).text(), "pesan m3");
  EXPECT_EQ(stored->status(), v1::IN_PROGRESS);
  EXPECT_EQ(stored->sla().first_response_due_ms(), 1'780'000'500'000);
  // The indexed columns moved with it: the OPD and status filters find it where it is now.
  v1::ListTickets list;
  list.mutable_filter()->add_opds("DLH");
  list.mutable_filter()->add_statuses(v1::IN_PROGRESS);
  ASSERT_EQ(reader_->ListTickets(list)->tickets_size(), 1);
  list.mutable_filter()->set_opds(0, "PUPR");
  EXPECT_EQ(reader_->ListTickets(list)->tickets_size(), 0);

  // A rolled-back change is gone, also from later transactions' reads.
  ASSERT_TRUE(store_->Begin().ok());
  op.submit.set_idempotency_key("m4");
  EXPECT_EQ(store_->ApplySubmit(op).ack.outcome(), v1::OUTCOME_APPENDED);
  store_->Rollback();
  ASSERT_TRUE(store_->Begin().ok());
  EXPECT_EQ(store_->LoadTicket(1, "")->messages_size(), 3);
  store_->Rollback();
  EXPECT_EQ(reader_->GetTicket(1, "")->messages_size(), 3);
}

// Saving a ticket or its SLA state with the indexed columns as they were keeps them; changing them moves
// the index entries (the timers column the tracker is rebuilt from, the queue's columns).
TEST_F(StoreTest, IndexedColumnsChangeOnlyWhenTheValuesDo) {
  Submit(v1::CREATE, "a", "jalan rusak");
  uint64_t pages = store_->pages_written();
  EXPECT_GT(pages, 0u);
  auto timers = [&] {
    auto rows = reader_->LoadSlaTimers();
    EXPECT_TRUE(rows.ok());
    return rows.ok() && rows->size() == 1 ? rows->front().next_ms : int64_t{0};
  };
  ASSERT_TRUE(store_->Begin().ok());
  ASSERT_TRUE(store_->SaveSlaState(1, "s1", 1'780'000'100'000).ok());
  ASSERT_TRUE(store_->Commit().ok());
  EXPECT_EQ(timers(), 1'780'000'100'000);
  ASSERT_TRUE(store_->Begin().ok());
  ASSERT_TRUE(store_->SaveSlaState(1, "s2", 1'780'000'100'000).ok());  // same instant, new state
  ASSERT_TRUE(store_->Commit().ok());
  EXPECT_EQ(timers(), 1'780'000'100'000);
  EXPECT_EQ(*store_->LoadSlaState(1), "s2");
  ASSERT_TRUE(store_->Begin().ok());
  ASSERT_TRUE(store_->SaveSlaState(1, "s3", 0).ok());  // nothing pending any more
  ASSERT_TRUE(store_->Commit().ok());
  EXPECT_TRUE(reader_->LoadSlaTimers()->empty());

  ASSERT_TRUE(store_->Begin().ok());
  auto t = store_->LoadTicket(1, "");
  t->set_category("infrastruktur");  // no indexed column changes
  ASSERT_TRUE(store_->SaveTicket(*t, 1'780'000'200'000).ok());
  ASSERT_TRUE(store_->Commit().ok());
  auto stored = reader_->GetTicket(1, "");
  EXPECT_EQ(stored->category(), "infrastruktur");
  EXPECT_EQ(stored->updated_at_ms(), 1'780'000'200'000);
  v1::ListTickets list;
  list.mutable_filter()->add_opds("PUPR");
  list.mutable_filter()->add_statuses(v1::NEW);
  EXPECT_EQ(reader_->ListTickets(list)->tickets_size(), 1);
  EXPECT_GT(store_->pages_written(), pages);
}

// Past its limit the WAL starts again from its beginning (and is trimmed), so it stays bounded
// under continuous writes. A reader in the middle of a long read transaction (a report) keeps the
// frames it may need, and the writer goes on without waiting for it; the WAL starts again once
// that reader is done.
TEST_F(StoreTest, WalStaysBoundedAndNeverWaitsForAReader) {
  constexpr int64_t kLimit = 256 << 10;
  store_.reset();
  auto s = OpenSqliteStore({(dir_ / "t.db").string(), "nusa-harapan", "NH", 7, kLimit});
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  store_ = std::move(s).value();
  const auto wal = dir_ / "t.db-wal";
  const std::string text(1500, 'x');
  int n = 0;
  auto submit_many = [&](int count) {
    for (int i = 0; i < count; ++i) {
      const std::string id = std::to_string(++n);
      auto r = Submit(v1::CREATE, "k" + id, text, "", "c" + id);
      ASSERT_TRUE(r.status.ok()) << r.status.ToString();
    }
  };
  const uint64_t bound = kLimit + (64 << 10);  // the limit, plus one transaction's frames
  for (int round = 0; round < 4; ++round) {
    submit_many(100);
    EXPECT_LE(std::filesystem::file_size(wal), bound) << "round " << round;
  }

  Db report;
  ASSERT_TRUE(report.Open((dir_ / "t.db").string(), true).ok());
  ASSERT_TRUE(report.Exec("BEGIN").ok());
  auto count = report.Prepare("SELECT COUNT(*) FROM tickets");
  ASSERT_TRUE(count.ok());
  Status st;
  ASSERT_TRUE(count->Step(&st));
  EXPECT_EQ(count->Int(0), 400);
  count->Reset();
  submit_many(200);  // the reader's snapshot stays; every commit went through
  EXPECT_GT(std::filesystem::file_size(wal), bound);
  ASSERT_TRUE(count->Step(&st));
  EXPECT_EQ(count->Int(0), 400) << "the reader kept its snapshot";
  count->Reset();
  ASSERT_TRUE(report.Exec("COMMIT").ok());

  submit_many(2);  // one checkpoint copies the rest, the next transaction starts the WAL again
  EXPECT_LE(std::filesystem::file_size(wal), bound);
  EXPECT_EQ(reader_->GetTicket(600, "")->messages(0).text(), text);
}

TEST_F(StoreTest, UnknownTicketIsNotFound) {
  EXPECT_EQ(reader_->GetTicket(42, "").status().code(), v1::NOT_FOUND);
  EXPECT_EQ(reader_->GetTicket(0, "NH-2026-000042").status().code(), v1::NOT_FOUND);
  Submit(v1::CREATE, "a", "jalan rusak");
  for (const char* bad :
       {"NH-2026-99999999999999999999999", "NH-2026-00000x1", "NH-2026-", "-", "NH-2025-000001"}) {
    EXPECT_EQ(reader_->GetTicket(0, bad).status().code(), v1::NOT_FOUND) << bad;
    ASSERT_TRUE(store_->Begin().ok());
    EXPECT_EQ(store_->LoadTicket(0, bad).status().code(), v1::NOT_FOUND) << bad;
    store_->Rollback();
  }
  EXPECT_TRUE(reader_->GetTicket(0, "NH-2026-000001").ok());
}

TEST(TicketNumberTest, IdOfNumber) {
  EXPECT_EQ(TicketIdOfNumber("NH-2026-000042"), 42u);
  EXPECT_EQ(TicketIdOfNumber("ASP-2025-1234567"), 1'234'567u);
  EXPECT_EQ(TicketIdOfNumber("42"), 42u);
  EXPECT_EQ(TicketIdOfNumber("NH-2026-999999999999999999"), 999'999'999'999'999'999u);
  for (const char* bad :
       {"", "NH-2026-", "NH-2026-0000x2", "NH-2026-+42", "NH-2026- 42", "NH-2026-1234567890123456789"}) {
    EXPECT_EQ(TicketIdOfNumber(bad), 0u) << bad;
  }
}

TEST_F(StoreTest, PendingItemsAreReadBackAPageAtATimeInQueueOrder) {
  // (key, urgency, first-response deadline, OPD)
  struct Item {
    const char* key;
    v1::Urgency urgency;
    int64_t due;
    const char* opd;
  };
  const Item items[] = {{"a", v1::BIASA, 500, "PUPR"},      {"b", v1::SANGAT_SEGERA, 900, "PUPR"},
                        {"c", v1::BIASA, 100, "PUPR"},      {"d", v1::SEGERA, 900, "PUPR"},
                        {"e", v1::SANGAT_SEGERA, 1, "DLH"}, {"f", v1::BIASA, 100, "PUPR"}};
  ASSERT_TRUE(store_->Begin().ok());
  for (const Item& it : items) {
    SubmitOp op;
    op.submit.set_idempotency_key(it.key);
    op.submit.set_action(v1::CREATE);
    op.submit.mutable_draft()->set_channel("facebook");
    op.submit.mutable_draft()->set_text(std::string("laporan ") + it.key);
    op.submit.mutable_draft()->set_urgency(it.urgency);
    op.opd = it.opd;
    op.sla_due_ms = it.due;
    op.now_ms = 1'780'000'000'000;
    op.actor = "ingest";
    ASSERT_TRUE(store_->ApplySubmit(op).status.ok());
  }
  ASSERT_TRUE(store_->ApplyDelivered({4, "w1", 1'780'000'000'500}).ok());  // "d" is done
  ASSERT_TRUE(store_->Commit().ok());
  auto page = reader_->PendingPage("PUPR", 3);
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  std::vector<uint64_t> ids;
  for (const auto& p : *page) ids.push_back(p.id);
  EXPECT_EQ(ids, (std::vector<uint64_t>{2, 3, 6}));  // b (SANGAT_SEGERA), then c and f (due 100) by id
  EXPECT_EQ((*page)[0].urgency, v1::SANGAT_SEGERA);
  EXPECT_EQ((*page)[1].sla_due_ms, 100);
  EXPECT_EQ((*page)[0].opd, "PUPR");
  EXPECT_EQ(reader_->PendingPage("PUPR", 100)->size(), 4u);
  EXPECT_TRUE(reader_->PendingPage("DINKES", 100)->empty());
  auto counts = reader_->PendingCounts();
  ASSERT_TRUE(counts.ok());
  std::map<std::string, uint64_t> by_opd(counts->begin(), counts->end());
  EXPECT_EQ(by_opd, (std::map<std::string, uint64_t>{{"DLH", 1}, {"PUPR", 4}}));

  // Replies: pending ones a page at a time by id; those being posted apart.
  ASSERT_TRUE(store_->Begin().ok());
  for (int i = 0; i < 3; ++i) {
    v1::OutboundReply r;
    r.set_text("balasan " + std::to_string(i));
    r.mutable_ticket()->set_id(1);
    ASSERT_TRUE(store_->InsertReply(r, i == 2 ? "DLH" : "PUPR", 1'780'000'000'000).ok());
  }
  ASSERT_TRUE(store_->UpdateReply(1, v1::REPLY_SENDING, 0, 77, 1'780'000'000'100).ok());
  ASSERT_TRUE(store_->Commit().ok());
  auto replies = reader_->PendingReplyPage("PUPR", 10);
  ASSERT_TRUE(replies.ok()) << replies.status().ToString();
  ASSERT_EQ(replies->size(), 1u);
  EXPECT_EQ((*replies)[0].id, 2u);
  auto sending = reader_->LoadSendingReplies();
  ASSERT_TRUE(sending.ok());
  ASSERT_EQ(sending->size(), 1u);
  EXPECT_EQ((*sending)[0].sending_session, 77u);
  auto reply_counts = reader_->PendingReplyCounts();
  ASSERT_TRUE(reply_counts.ok());
  std::map<std::string, uint64_t> replies_by_opd(reply_counts->begin(), reply_counts->end());
  EXPECT_EQ(replies_by_opd, (std::map<std::string, uint64_t>{{"DLH", 1}, {"PUPR", 1}}));
}

TEST_F(StoreTest, SlaTimersAreReadBackInOrderAfterACursor) {
  for (const char* key : {"s1", "s2", "s3", "s4"}) Submit(v1::CREATE, key, "lampu jalan mati");
  ASSERT_TRUE(store_->Begin().ok());
  ASSERT_TRUE(store_->SaveSlaState(1, "x", 500).ok());
  ASSERT_TRUE(store_->SaveSlaState(2, "x", 500).ok());
  ASSERT_TRUE(store_->SaveSlaState(3, "x", 100).ok());
  ASSERT_TRUE(store_->SaveSlaState(4, "x", 0).ok());  // nothing pending
  ASSERT_TRUE(store_->Commit().ok());
  auto first = reader_->SlaTimerPage(nullptr, 2);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  ASSERT_EQ(first->size(), 2u);
  EXPECT_EQ((*first)[0].ticket_id, 3u);
  EXPECT_EQ((*first)[1].ticket_id, 1u);
  auto rest = reader_->SlaTimerPage(&first->back(), 10);
  ASSERT_TRUE(rest.ok());
  ASSERT_EQ(rest->size(), 1u);  // the same instant, the next ticket
  EXPECT_EQ((*rest)[0].ticket_id, 2u);
  EXPECT_EQ((*rest)[0].next_ms, 500);
  EXPECT_TRUE(reader_->SlaTimerPage(&rest->back(), 10)->empty());
}

}  // namespace
}  // namespace aspirasi::store
