// The OPD desks against a real aspirasid: exclusive claims under a race of 20 admins, OPD
// boundaries, withdrawn items, transfers with their history, and every operation on the record.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <random>
#include <thread>

#include "clients/lib/api_client.h"
#include "clients/lib/ingest_client.h"
#include "tests/support/broker_fixture.h"
#include "tests/support/drafts.h"
#include "tests/support/raw_peer.h"

namespace aspirasi::testing {
namespace {

v1::Submit Draft(const std::string& key, const std::string& opd, const std::string& text) {
  return FacebookComment(key, opd, text);
}

std::vector<uint64_t> SubmitAll(const BrokerFixture& broker, const std::vector<v1::Submit>& submits) {
  IngestClient ingest(broker.endpoints().ingest);
  std::vector<uint64_t> ids;
  for (const auto& r : ingest.SubmitAll(submits, 60000, 1000)) {
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    if (r.ok()) ids.push_back(r->ticket_id());
  }
  return ids;
}

v1::DeskCommand Command(v1::DeskAction action, uint64_t id) {
  v1::DeskCommand c;
  c.set_action(action);
  c.set_ticket_id(id);
  return c;
}

std::vector<v1::Event> AllEvents(ApiClient& api) {
  std::vector<v1::Event> out;
  uint64_t after = 0;
  while (true) {
    auto page = api.ReadEvents(after, 5000);
    EXPECT_TRUE(page.ok()) << page.status().ToString();
    if (!page.ok() || page->events_size() == 0) break;
    for (const auto& e : page->events()) out.push_back(e);
    after = page->events(page->events_size() - 1).seq();
  }
  return out;
}

TEST(Desk, TwentyAdminsRaceForTheSameThousandTicketsEachClaimedExactlyOnce) {
  constexpr int kAdmins = 20;
  constexpr int kTickets = 1000;
  BrokerFixture broker("deskrace");
  std::string admins;
  for (int i = 0; i < kAdmins; ++i) {
    admins += "[[admin]]\nid = \"race" + std::to_string(i) + "\"\nname = \"Admin " + std::to_string(i) +
              "\"\nopds = [\"PUPR\"]\n\n";
  }
  broker.AppendConfig(admins);
  ASSERT_TRUE(broker.Start()) << broker.error();
  std::vector<v1::Submit> submits;
  for (int i = 0; i < kTickets; ++i)
    submits.push_back(Draft("race:" + std::to_string(i), "PUPR", "Jalan rusak"));
  std::vector<uint64_t> ids = SubmitAll(broker, submits);
  ASSERT_EQ(ids.size(), static_cast<std::size_t>(kTickets));

  std::vector<std::vector<uint64_t>> won(kAdmins);
  std::atomic<int> other_errors{0};
  std::vector<std::thread> threads;
  for (int a = 0; a < kAdmins; ++a) {
    threads.emplace_back([&, a] {
      ApiClient api(broker.endpoints().api, 30000);
      api.set_actor("race" + std::to_string(a));
      std::vector<uint64_t> order = ids;
      std::shuffle(order.begin(), order.end(), std::mt19937(static_cast<unsigned>(a)));
      for (uint64_t id : order) {
        auto r = api.Desk(Command(v1::DESK_CLAIM, id));
        if (r.ok()) {
          won[a].push_back(id);
        } else if (r.status().code() != v1::CONFLICT ||
                   r.status().message().find("is claimed by race") == std::string::npos) {
          ++other_errors;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(other_errors.load(), 0);
  std::map<uint64_t, int> claims;
  for (int a = 0; a < kAdmins; ++a) {
    for (uint64_t id : won[a]) ++claims[id];
  }
  ASSERT_EQ(claims.size(), static_cast<std::size_t>(kTickets));
  for (const auto& [id, n] : claims) ASSERT_EQ(n, 1) << "ticket " << id;

  // The record agrees: one TICKET_CLAIMED per ticket, by the winner.
  ApiClient api(broker.endpoints().api, 30000);
  std::map<uint64_t, std::string> claimed_by;
  for (const auto& e : AllEvents(api)) {
    if (e.type() != v1::TICKET_CLAIMED) continue;
    ASSERT_TRUE(claimed_by.emplace(e.ticket_id(), e.actor()).second) << "claimed twice: " << e.ticket_id();
  }
  EXPECT_EQ(claimed_by.size(), static_cast<std::size_t>(kTickets));
  for (int a = 0; a < kAdmins; ++a) {
    for (uint64_t id : won[a]) EXPECT_EQ(claimed_by[id], "admin:race" + std::to_string(a));
  }
}

class DeskBoundaries : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(broker_.Start()) << broker_.error();
    ids_ = SubmitAll(broker_,
                     {Draft("b:pupr", "PUPR", "Jembatan retak"), Draft("b:dlh", "DLH", "Sampah menumpuk")});
    ASSERT_EQ(ids_.size(), 2u);
  }
  Result<v1::DeskResult> Do(const std::string& admin, v1::DeskCommand c) {
    ApiClient api(broker_.endpoints().api);
    api.set_actor(admin);
    return api.Desk(c);
  }
  BrokerFixture broker_{"deskbounds"};
  std::vector<uint64_t> ids_;
};

TEST_F(DeskBoundaries, AnAdminOfOneOpdCannotSeeClaimReplyToOrTransferAnothersTickets) {
  const uint64_t pupr = ids_[0];
  ApiClient dlh(broker_.endpoints().api);
  dlh.set_actor("dewi.dlh");
  EXPECT_EQ(dlh.GetTicket(pupr).status().code(), v1::PERMISSION_DENIED);
  EXPECT_TRUE(dlh.GetTicket(ids_[1]).ok());
  EXPECT_EQ(dlh.Queue("PUPR").status().code(), v1::PERMISSION_DENIED);
  v1::ListTickets all;
  auto listed = dlh.ListTickets(all);
  ASSERT_TRUE(listed.ok());
  for (const auto& t : listed->tickets()) EXPECT_EQ(t.opd(), "DLH");
  v1::ListTickets pupr_list;
  pupr_list.mutable_filter()->add_opds("PUPR");
  EXPECT_EQ(dlh.ListTickets(pupr_list).status().code(), v1::PERMISSION_DENIED);
  EXPECT_EQ(dlh.ReadEvents(0, 0, {"PUPR"}).status().code(), v1::PERMISSION_DENIED);
  auto events = dlh.ReadEvents(0);
  ASSERT_TRUE(events.ok());
  for (const auto& e : events->events()) EXPECT_EQ(e.opd(), "DLH");

  EXPECT_EQ(Do("dewi.dlh", Command(v1::DESK_CLAIM, pupr)).status().code(), v1::PERMISSION_DENIED);
  auto reply = Command(v1::DESK_REPLY, pupr);
  reply.set_text("Bukan urusan kami");
  EXPECT_EQ(Do("dewi.dlh", reply).status().code(), v1::PERMISSION_DENIED);
  auto transfer = Command(v1::DESK_TRANSFER, pupr);
  transfer.set_to_opd("DLH");
  transfer.set_reason("ambil alih");
  EXPECT_EQ(Do("dewi.dlh", transfer).status().code(), v1::PERMISSION_DENIED);
  EXPECT_EQ(Do("nobody", Command(v1::DESK_CLAIM, pupr)).status().code(), v1::PERMISSION_DENIED);
  EXPECT_EQ(Do("", Command(v1::DESK_CLAIM, pupr)).status().code(), v1::PERMISSION_DENIED);

  // Nothing of it reached the ticket or the record.
  ApiClient op(broker_.endpoints().api);
  auto t = op.GetTicket(pupr, true);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->ticket().opd(), "PUPR");
  EXPECT_EQ(t->ticket().status(), v1::NEW);
  EXPECT_EQ(t->ticket().messages_size(), 1);
  EXPECT_EQ(t->events_size(), 1);  // TICKET_CREATED only
}

TEST_F(DeskBoundaries, ReplyToAWithdrawnItemIsRefusedWithAClearMessage) {
  v1::Submit withdraw;
  withdraw.set_idempotency_key("b:pupr:delete");
  withdraw.set_action(v1::WITHDRAW);
  withdraw.set_target_key("b:pupr");
  withdraw.mutable_draft()->set_channel("facebook");
  IngestClient ingest(broker_.endpoints().ingest);
  auto ack = ingest.SubmitAll({withdraw}, 10000, 10);
  ASSERT_TRUE(ack[0].ok());
  auto reply = Command(v1::DESK_REPLY, ids_[0]);
  reply.set_text("Baik, segera kami tindak lanjuti");
  auto r = Do("budi.pupr", reply);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), v1::WITHDRAWN_ITEM);
  EXPECT_NE(r.status().message().find("deleted the item on facebook"), std::string::npos)
      << r.status().message();
}

TEST_F(DeskBoundaries, EveryOperationIsRecordedAndTheTransferKeepsTheHistory) {
  const uint64_t id = ids_[0];
  ASSERT_TRUE(Do("budi.pupr", Command(v1::DESK_CLAIM, id)).ok());
  auto conflict = Do("sari.pupr", Command(v1::DESK_CLAIM, id));
  ASSERT_EQ(conflict.status().code(), v1::CONFLICT);
  EXPECT_NE(conflict.status().message().find("budi.pupr (Budi Santoso)"), std::string::npos);
  auto note = Command(v1::DESK_NOTE, id);
  note.set_text("Sudah dicek, ternyata saluran, bukan jembatan");
  ASSERT_TRUE(Do("budi.pupr", note).ok());
  auto ask = Command(v1::DESK_ASK, id);
  ask.set_template_("mohon-detail");
  auto asked = Do("budi.pupr", ask);
  ASSERT_TRUE(asked.ok()) << asked.status().ToString();
  // No responder runs here: the question is queued, and the ticket waits for the citizen only once
  // the platform has it.
  EXPECT_EQ(asked->ticket().status(), v1::IN_PROGRESS);
  EXPECT_NE(asked->reply_id(), 0u);
  auto transfer = Command(v1::DESK_TRANSFER, id);
  transfer.set_to_opd("DLH");
  transfer.set_reason("bukan wewenang");
  auto moved = Do("budi.pupr", transfer);
  ASSERT_TRUE(moved.ok()) << moved.status().ToString();
  auto assign = Command(v1::DESK_ASSIGN, id);
  assign.set_to_admin("dewi.dlh");
  EXPECT_EQ(Do("kadis.pupr", assign).status().code(), v1::PERMISSION_DENIED)
      << "PUPR's head no longer sees it";
  ASSERT_TRUE(Do("kominfo.supervisor", assign).ok());
  auto resolve = Command(v1::DESK_RESOLVE, id);
  resolve.set_text("Saluran dibersihkan DLH");
  ASSERT_TRUE(Do("dewi.dlh", resolve).ok());
  ASSERT_TRUE(Do("dewi.dlh", Command(v1::DESK_REOPEN, id)).ok());

  ApiClient dlh(broker_.endpoints().api);
  dlh.set_actor("dewi.dlh");
  auto t = dlh.GetTicket(id, true);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->ticket().opd(), "DLH");
  ASSERT_EQ(t->ticket().transfers_size(), 1);
  EXPECT_EQ(t->ticket().transfers(0).reason(), "bukan wewenang");
  EXPECT_EQ(t->ticket().messages_size(), 3);  // citizen, note, question: the history moved with it
  std::vector<v1::EventType> types;
  for (const auto& e : t->events()) types.push_back(e.type());
  std::vector<v1::EventType> want = {v1::TICKET_CREATED,  v1::TICKET_CLAIMED,     v1::NOTE_ADDED,
                                     v1::REPLY_QUEUED,    v1::TICKET_TRANSFERRED, v1::TICKET_ASSIGNED,
                                     v1::TICKET_RESOLVED, v1::TICKET_REOPENED};
  EXPECT_EQ(types, want);
  EXPECT_EQ(t->events(4).from_opd(), "PUPR");
  EXPECT_EQ(t->events(5).actor(), "admin:kominfo.supervisor");
}

TEST_F(DeskBoundaries, HostileDeskAndReplyMessagesGetPreciseErrorsAndTheBrokerKeepsServing) {
  ApiClient api(broker_.endpoints().api);
  api.set_actor("budi.pupr");
  auto huge = Command(v1::DESK_NOTE, ids_[0]);
  huge.set_text(std::string(200000, 'x'));
  auto r = api.Desk(huge);
  EXPECT_EQ(r.status().code(), v1::TOO_LARGE);
  EXPECT_EQ(r.status().field(), "desk.text");
  v1::DeskCommand unknown;
  unknown.set_action(static_cast<v1::DeskAction>(77));
  unknown.set_ticket_id(ids_[0]);
  EXPECT_EQ(api.Desk(unknown).status().code(), v1::INVALID_ARGUMENT);
  EXPECT_EQ(api.Desk(unknown).status().field(), "desk.action");
  EXPECT_EQ(api.Desk(Command(v1::DESK_CLAIM, 0)).status().field(), "desk.ticket_id");
  // Error.field is the path from the envelope body (PROTOCOL.md 1.3), for queries too.
  v1::ListTickets list;
  list.mutable_filter()->add_opds("NOPE");
  EXPECT_EQ(api.ListTickets(list).status().field(), "list_tickets.filter.opds");
  EXPECT_EQ(api.ReadEvents(0, 10, {"NOPE"}).status().field(), "read_events.opds");
  EXPECT_EQ(api.Desk(Command(v1::DESK_CLAIM, 987654)).status().code(), v1::NOT_FOUND);
  auto by_number = Command(v1::DESK_CLAIM, 0);
  by_number.set_number("NH-2026-" + std::string(100, '9'));
  EXPECT_EQ(api.Desk(by_number).status().code(), v1::TOO_LARGE);
  auto no_text = Command(v1::DESK_REPLY, ids_[0]);
  EXPECT_EQ(api.Desk(no_text).status().code(), v1::INVALID_ARGUMENT);
  auto queue = api.Queue("NOPE");
  EXPECT_EQ(queue.status().code(), v1::INVALID_ARGUMENT);

  // Reply traffic from a peer that never said hello, and results for replies that do not exist.
  zmq::context_t ctx(1);
  RawPeer peer(ctx, broker_.endpoints().worker);
  v1::Envelope sending;
  sending.set_request_id(5);
  sending.mutable_reply_sending()->set_reply_id(424242);
  auto answer = peer.Request(sending);
  ASSERT_TRUE(answer.has_value());
  EXPECT_EQ(answer->error().code(), v1::NOT_REGISTERED);
  v1::Envelope hello;
  hello.set_request_id(6);
  hello.mutable_hello()->set_worker("hostile");
  hello.mutable_hello()->add_opds("PUPR");
  hello.mutable_hello()->set_credit(0);
  ASSERT_TRUE(peer.Request(hello).has_value());
  auto not_ours = peer.Request(sending);
  ASSERT_TRUE(not_ours.has_value());
  ASSERT_TRUE(not_ours->has_reply_sending_ack()) << not_ours->DebugString();
  EXPECT_FALSE(not_ours->reply_sending_ack().proceed());
  v1::Envelope result;
  result.mutable_deliver_ack()->set_lease_id(99);
  result.mutable_deliver_ack()->mutable_reply()->set_reply_id(424242);
  result.mutable_deliver_ack()->mutable_reply()->set_outcome(v1::EGRESS_SENT);
  peer.Send(result);

  // Still serving, and nothing changed.
  auto pong = api.Ping();
  ASSERT_TRUE(pong.ok());
  ApiClient op(broker_.endpoints().api);
  auto t = op.GetTicket(ids_[0], true);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->ticket().messages_size(), 1);
  EXPECT_EQ(t->events_size(), 1);
}

}  // namespace
}  // namespace aspirasi::testing
