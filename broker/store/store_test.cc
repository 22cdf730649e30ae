#include "broker/store/store.h"

#include <gtest/gtest.h>

#include <filesystem>

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

  SubmitResult Submit(v1::SubmitAction action, const std::string& key, const std::string& text,
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
    EXPECT_TRUE(store_->Begin().ok());
    SubmitResult r = store_->ApplySubmit(op);
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
  ASSERT_TRUE(store_->ApplyDelivered({1, "w1", 1'780'000'000'500}).ok());
  ASSERT_TRUE(store_->ApplyAttemptFailed({2, 1, false, "w1", "timeout", 1'780'000'000'600}).ok());
  ASSERT_TRUE(store_->ApplyAttemptFailed({3, 3, true, "w1", "crash", 1'780'000'000'700}).ok());
  ASSERT_TRUE(store_->Commit().ok());
  ASSERT_EQ(store_->events().size(), 4u);
  EXPECT_EQ(store_->events().back().type(), v1::TICKET_DEAD_LETTERED);
  Reopen();
  auto pending = reader_->LoadPending();
  ASSERT_TRUE(pending.ok());
  ASSERT_EQ(pending->size(), 1u);
  EXPECT_EQ((*pending)[0].id, 2u);
  EXPECT_EQ((*pending)[0].attempts, 1u);
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

TEST_F(StoreTest, UnknownTicketIsNotFound) {
  EXPECT_EQ(reader_->GetTicket(42, "").status().code(), v1::NOT_FOUND);
  EXPECT_EQ(reader_->GetTicket(0, "NH-2026-000042").status().code(), v1::NOT_FOUND);
}

}  // namespace
}  // namespace aspirasi::store
