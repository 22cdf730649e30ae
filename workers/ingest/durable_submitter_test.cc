#include "workers/ingest/durable_submitter.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <thread>

#include "clients/lib/fake_broker_test_util.h"

namespace aspirasi::ingest {
namespace {

using aspirasi::testing::FakeRouter;

enum class Mode { kAck, kDrop, kInvalid, kDenied };

v1::Submit Make(const std::string& key) {
  v1::Submit s;
  s.set_idempotency_key(key);
  s.mutable_draft()->set_channel("form");
  s.mutable_draft()->set_text("x");
  return s;
}

class DurableSubmitterTest : public ::testing::Test {
 protected:
  DurableSubmitterTest()
      : broker_([this](const v1::Envelope& req) {
          std::vector<v1::Envelope> out;
          if (!req.has_submit()) return out;
          Mode m = mode_.load();
          if (m == Mode::kDrop) return out;
          {
            std::lock_guard<std::mutex> lock(mu_);
            acked_keys_.push_back(req.submit().idempotency_key());
          }
          v1::Envelope reply;
          reply.set_request_id(req.request_id());
          if (m == Mode::kInvalid) {
            *reply.mutable_error() =
                Status::InvalidArgument("submit.draft.text", "text is too large").ToProto();
          } else if (m == Mode::kDenied) {
            *reply.mutable_error() =
                Status::Error(v1::PERMISSION_DENIED, "the key of ingest-old has been revoked").ToProto();
          } else {
            reply.mutable_submit_ack()->set_ticket_id(1);
            reply.mutable_submit_ack()->set_outcome(v1::OUTCOME_CREATED);
          }
          out.push_back(reply);
          return out;
        }) {
    dir_ = std::filesystem::temp_directory_path() / ("aspirasi-durable-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    spool_ = std::move(Spool::Open((dir_ / "spool.db").string())).value();
    link_ =
        std::make_unique<BrokerLink>(BrokerLinkOptions{.endpoint = broker_.endpoint(), .timeout_ms = 300});
    link_->Start();
    submitter_ = std::make_unique<DurableSubmitter>(*link_, *spool_, metrics_, DrainOptions{100, 20, 100});
    submitter_->Start();
  }
  ~DurableSubmitterTest() override {
    submitter_->Stop();
    link_->Stop();
    std::filesystem::remove_all(dir_);
  }

  bool WaitSpoolEmpty() {
    for (int i = 0; i < 3000 && spool_->size() > 0; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    return spool_->size() == 0;
  }
  std::vector<std::string> AckedKeys() {
    std::lock_guard<std::mutex> lock(mu_);
    return acked_keys_;
  }

  std::atomic<Mode> mode_{Mode::kAck};
  std::mutex mu_;
  std::vector<std::string> acked_keys_;
  FakeRouter broker_;
  std::filesystem::path dir_;
  Metrics metrics_;
  std::unique_ptr<Spool> spool_;
  std::unique_ptr<BrokerLink> link_;
  std::unique_ptr<DurableSubmitter> submitter_;
};

TEST_F(DurableSubmitterTest, AckedSubmitsAreCounted) {
  auto c = submitter_->Submit({Make("a"), Make("b")});
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->created, 2);
  EXPECT_EQ(c->spooled, 0);
  EXPECT_EQ(AckedKeys(), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(submitter_->SubmitAll({}).ok());
}

TEST_F(DurableSubmitterTest, UnreachableBrokerSpoolsThenDrainsInOrder) {
  mode_ = Mode::kDrop;
  auto first = submitter_->Submit({Make("a"), Make("b")});
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->spooled, 2);
  // While the spool holds something, later submits queue behind it without trying the broker.
  auto second = submitter_->Submit({Make("c")});
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->spooled, 1);
  EXPECT_EQ(spool_->size(), 3);
  EXPECT_TRUE(AckedKeys().empty());

  mode_ = Mode::kAck;
  ASSERT_TRUE(WaitSpoolEmpty());
  // Each once. (Independent items may be applied in another order when the broker comes back in
  // the middle of a pipelined round; see DependentSubmitsNeverOvertakeTheirItem.)
  auto acked = AckedKeys();
  std::sort(acked.begin(), acked.end());
  EXPECT_EQ(acked, (std::vector<std::string>{"a", "b", "c"}));
  auto after = submitter_->Submit({Make("d")});
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->created, 1);
  EXPECT_NE(metrics_.Render().find("aspirasi_ingest_drained_total 3"), std::string::npos);
}

// An edit and a withdrawal spooled behind their item reach the broker after it, however the rounds
// of the drain go: a round ends before a submit that targets a key of the same round.
TEST_F(DurableSubmitterTest, DependentSubmitsNeverOvertakeTheirItem) {
  mode_ = Mode::kDrop;
  v1::Submit edit = Make("x:edit");
  edit.set_action(v1::UPDATE);
  edit.set_target_key("x");
  v1::Submit remove = Make("x:remove");
  remove.set_action(v1::WITHDRAW);
  remove.set_target_key("x");
  ASSERT_TRUE(submitter_->Submit({Make("x"), Make("y"), edit, remove}).ok());
  EXPECT_EQ(spool_->size(), 4);
  mode_ = Mode::kAck;
  ASSERT_TRUE(WaitSpoolEmpty());
  auto acked = AckedKeys();
  auto at = [&](const std::string& key) {
    return std::find(acked.begin(), acked.end(), key) - acked.begin();
  };
  ASSERT_EQ(acked.size(), 4u) << ::testing::PrintToString(acked);
  EXPECT_LT(at("x"), at("x:edit"));
  EXPECT_LT(at("x:edit"), at("x:remove"));
}

TEST_F(DurableSubmitterTest, PermanentRefusalsAreRejectedNotSpooled) {
  mode_ = Mode::kInvalid;
  auto c = submitter_->Submit({Make("huge")});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->rejected, 1);
  EXPECT_EQ(c->spooled, 0);
  EXPECT_EQ(spool_->size(), 0);
}

// A refused key is about this ingest, not the items: they wait in the spool, the health check
// says why, and everything drains once the key is accepted again.
TEST_F(DurableSubmitterTest, ARefusedKeyKeepsItemsSpooledAndIsReportedUntilFixed) {
  mode_ = Mode::kDenied;
  auto c = submitter_->Submit({Make("k1"), Make("k2")});
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->spooled, 2);
  EXPECT_EQ(c->rejected, 0);
  EXPECT_TRUE(submitter_->key_refused());
  EXPECT_NE(metrics_.Render().find("aspirasi_ingest_key_refused 1"), std::string::npos);
  // The drain keeps trying and keeps being refused.
  std::this_thread::sleep_for(std::chrono::milliseconds(150));
  EXPECT_EQ(spool_->size(), 2);
  EXPECT_TRUE(submitter_->key_refused());
  mode_ = Mode::kAck;
  ASSERT_TRUE(WaitSpoolEmpty());
  EXPECT_FALSE(submitter_->key_refused());
  EXPECT_NE(metrics_.Render().find("aspirasi_ingest_key_refused 0"), std::string::npos);
}

TEST(IsPermanent, OnlyRetryableCodesAreRetried) {
  EXPECT_FALSE(IsPermanent(Status::Unavailable("x")));
  EXPECT_FALSE(IsPermanent(Status::Timeout("x")));
  EXPECT_TRUE(IsPermanent(Status::InvalidArgument("f", "x")));
  EXPECT_TRUE(IsPermanent(Status::TooLarge("f", "x")));
  EXPECT_FALSE(IsPermanent(Status::Ok()));
  EXPECT_FALSE(IsPermanent(Status::Error(v1::PERMISSION_DENIED, "the broker refused the key")));
}

}  // namespace
}  // namespace aspirasi::ingest
