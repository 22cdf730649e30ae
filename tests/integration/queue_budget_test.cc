// The queues stay within one memory budget however large the backlog: past [broker]
// queue_memory_mb, queued tickets and replies wait in the store and are read back as workers take
// them, each delivered exactly once; a restart reads none of them into memory before a worker
// asks; a ticket waiting in the store moves with a transfer.
#include <gtest/gtest.h>
#include <httplib.h>

#include <cstdlib>
#include <map>
#include <string>

#include "clients/lib/api_client.h"
#include "clients/lib/ingest_client.h"
#include "clients/lib/worker_session.h"
#include "tests/support/broker_fixture.h"
#include "tests/support/wait.h"

namespace aspirasi::testing {
namespace {

constexpr int kTickets = 3000;

v1::Submit Draft(const std::string& key) {
  v1::Submit s;
  s.set_idempotency_key(key);
  auto* d = s.mutable_draft();
  d->set_channel("telegram");
  d->set_account("7712340098");
  d->set_source_id(key);
  d->set_conversation_key("chat-" + key);
  d->mutable_author()->set_platform_id("chat-" + key);
  d->set_opd("DLH");
  d->set_text("Sampah menumpuk di TPS dekat pasar sudah tiga hari, baunya sampai ke rumah warga. " + key);
  return s;
}

// Submits n tickets pipelined; returns how many were acknowledged.
int SubmitMany(const BrokerFixture& broker, const std::string& prefix, int n) {
  IngestClient ingest(broker.endpoints().ingest);
  int acked = 0;
  auto on_reply = [&](uint64_t, Result<v1::SubmitAck> r) { acked += r.ok() ? 1 : 0; };
  for (int i = 0; i < n; ++i) {
    while (ingest.in_flight() >= 500) ingest.Poll(50, on_reply);
    EXPECT_TRUE(ingest.Send(Draft(prefix + std::to_string(i)), static_cast<uint64_t>(i)).ok());
  }
  while (ingest.in_flight() > 0) ingest.Poll(100, on_reply);
  return acked;
}

// The value of metric `name` (without labels) in the broker's /metrics, or -1.
double Metric(const BrokerFixture& broker, const std::string& name) {
  httplib::Client http("http://" + broker.endpoints().http);
  auto res = http.Get("/metrics");
  if (!res) return -1;
  const std::string& body = res->body;
  for (std::size_t at = body.find(name + " "); at != std::string::npos; at = body.find(name + " ", at + 1)) {
    if (at == 0 || body[at - 1] == '\n') return std::strtod(body.c_str() + at + name.size() + 1, nullptr);
  }
  return -1;
}

// A responder that counts what it is given: acks tickets, posts replies (as the platform accepted them).
struct Counting {
  std::map<uint64_t, int> tickets, replies;
  std::vector<v1::Urgency> urgency_order;

  void Serve(WorkerSession& session, std::size_t want_tickets, std::size_t want_replies, int timeout_s) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
    while ((tickets.size() < want_tickets || replies.size() < want_replies) &&
           std::chrono::steady_clock::now() < deadline) {
      auto next = session.Poll(100);
      ASSERT_TRUE(next.ok()) << next.status().ToString();
      if (!next->has_value()) continue;
      const v1::Deliver& d = **next;
      if (d.has_reply()) {
        ++replies[d.reply().reply_id()];
        auto go = session.BeginReply(d, 10000);
        if (go.ok() && *go) {
          v1::ReplyResult result;
          result.set_outcome(v1::EGRESS_SENT);
          result.set_platform_message_id("m" + std::to_string(d.reply().reply_id()));
          (void)session.AckReply(d, result);
        }
        continue;
      }
      ++tickets[d.ticket().id()];
      urgency_order.push_back(d.ticket().urgency());
      (void)session.Ack(d, v1::DONE);
    }
  }
  static int Twice(const std::map<uint64_t, int>& seen) {
    int n = 0;
    for (const auto& [id, count] : seen) n += count > 1 ? 1 : 0;
    return n;
  }
};

WorkerSessionOptions Responder(const BrokerFixture& broker, const std::string& opd) {
  WorkerSessionOptions o;
  o.endpoint = broker.endpoints().worker;
  o.name = "budget-" + opd;
  o.opds = {opd};
  o.credit = 100;
  return o;
}

TEST(QueueBudget, ABacklogPastTheBudgetWaitsInTheStoreAndEachTicketAndReplyIsDeliveredOnce) {
  // 1 MiB holds a few hundred queued tickets with their bodies; the automatic acknowledgement
  // queues a reply for each ticket too, in the same budget.
  BrokerFixture broker("budget", "queue_memory_mb = 1", {{"auto_ack", "=true"}});
  ASSERT_TRUE(broker.Start()) << broker.error();
  broker.PinEndpoints();
  ASSERT_EQ(SubmitMany(broker, "b:", kTickets), kTickets);
  // Most of the backlog is in the store; the queues hold no more than the budget (and each
  // queue's floor of 256 items past it).
  const double most = (1 << 20) + 2 * 256 * 256;
  ASSERT_TRUE(WaitFor([&] { return Metric(broker, "aspirasi_queued_replies") == kTickets; }, 10))
      << Metric(broker, "aspirasi_queued_replies");
  EXPECT_EQ(Metric(broker, "aspirasi_queued_tickets"), kTickets);
  EXPECT_GT(Metric(broker, "aspirasi_queued_in_store"), kTickets);
  EXPECT_GT(Metric(broker, "aspirasi_queue_memory_bytes"), 0);
  EXPECT_LE(Metric(broker, "aspirasi_queue_memory_bytes"), most);

  // After a kill -9 nothing is read into memory before a worker asks; every item is still counted.
  broker.Kill9();
  ASSERT_TRUE(broker.Start()) << broker.error();
  ASSERT_TRUE(WaitFor([&] { return Metric(broker, "aspirasi_queued_tickets") == kTickets; }, 10));
  EXPECT_EQ(Metric(broker, "aspirasi_queued_replies"), kTickets);
  EXPECT_EQ(Metric(broker, "aspirasi_queue_memory_bytes"), 0);

  // One responder drains it all: each ticket and each reply exactly once, memory within the budget.
  WorkerSession session(Responder(broker, "DLH"));
  Counting seen;
  seen.Serve(session, kTickets, kTickets, 120);
  EXPECT_EQ(seen.tickets.size(), static_cast<std::size_t>(kTickets));
  EXPECT_EQ(seen.replies.size(), static_cast<std::size_t>(kTickets));
  EXPECT_EQ(Counting::Twice(seen.tickets), 0);
  EXPECT_EQ(Counting::Twice(seen.replies), 0);
  EXPECT_LE(Metric(broker, "aspirasi_queue_memory_bytes"), most);
  ASSERT_TRUE(WaitFor([&] { return Metric(broker, "aspirasi_queued_tickets") == 0; }, 10))
      << Metric(broker, "aspirasi_queued_tickets");
  ASSERT_TRUE(WaitFor([&] { return Metric(broker, "aspirasi_queued_replies") == 0; }, 10))
      << Metric(broker, "aspirasi_queued_replies");
  EXPECT_EQ(Metric(broker, "aspirasi_queued_in_store"), 0);
  // And nothing more comes.
  auto extra = session.Poll(1500);
  ASSERT_TRUE(extra.ok());
  EXPECT_FALSE(extra->has_value()) << "a delivery after the backlog was drained";
  (void)session.Bye();
}

TEST(QueueBudget, AnUrgentTicketGoesAheadOfABacklogInTheStoreAndATransferMovesAWaitingOne) {
  BrokerFixture broker("budget-order", "queue_memory_mb = 1");
  ASSERT_TRUE(broker.Start()) << broker.error();
  ASSERT_EQ(SubmitMany(broker, "o:", kTickets), kTickets);
  v1::Submit urgent = Draft("o:urgent");
  urgent.mutable_draft()->set_urgency(v1::SANGAT_SEGERA);
  IngestClient ingest(broker.endpoints().ingest);
  auto urgent_ack = ingest.Submit(urgent);
  ASSERT_TRUE(urgent_ack.ok()) << urgent_ack.status().ToString();
  // The newest ordinary ticket waits in the store; DLH hands it to PUPR.
  ApiClient api(broker.endpoints().api);
  auto newest = ingest.Submit(Draft("o:moved"));
  ASSERT_TRUE(newest.ok());
  ASSERT_TRUE(WaitFor([&] { return Metric(broker, "aspirasi_queued_tickets") == kTickets + 2; }, 10));
  EXPECT_GT(Metric(broker, "aspirasi_queued_in_store"), kTickets / 4);
  api.set_actor("dewi.dlh");
  v1::DeskCommand transfer;
  transfer.set_action(v1::DESK_TRANSFER);
  transfer.set_ticket_id(newest->ticket_id());
  transfer.set_to_opd("PUPR");
  transfer.set_reason("saluran, bukan sampah");
  auto moved = api.Desk(transfer);
  ASSERT_TRUE(moved.ok()) << moved.status().ToString();

  WorkerSession pupr(Responder(broker, "PUPR"));
  Counting pupr_seen;
  pupr_seen.Serve(pupr, 1, 0, 30);
  ASSERT_EQ(pupr_seen.tickets.size(), 1u) << "the transferred ticket never reached PUPR";
  EXPECT_EQ(pupr_seen.tickets.begin()->first, newest->ticket_id());

  WorkerSession dlh(Responder(broker, "DLH"));
  Counting dlh_seen;
  dlh_seen.Serve(dlh, kTickets + 1, 0, 120);
  ASSERT_EQ(dlh_seen.tickets.size(), static_cast<std::size_t>(kTickets + 1));
  EXPECT_EQ(dlh_seen.urgency_order.front(), v1::SANGAT_SEGERA)
      << "the urgent ticket waited behind the backlog";
  EXPECT_EQ(dlh_seen.tickets.count(newest->ticket_id()), 0u) << "the transferred ticket went to DLH too";
  EXPECT_EQ(Counting::Twice(dlh_seen.tickets), 0);
  (void)pupr.Bye();
  (void)dlh.Bye();
}

}  // namespace
}  // namespace aspirasi::testing
