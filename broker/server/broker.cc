#include "broker/server/broker.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <unordered_map>
#include <unordered_set>
#include <variant>
#include <zmq.hpp>

#include "broker/api/query_handler.h"
#include "broker/audit/head_reporter.h"
#include "broker/desk/desk.h"
#include "broker/dispatch/dispatcher.h"
#include "broker/router/router.h"
#include "broker/server/gatekeeper.h"
#include "broker/server/privacy_ops.h"
#include "broker/server/reply_ops.h"
#include "broker/server/sla_ops.h"
#include "broker/server/thread_stage.h"
#include "broker/server/validate.h"
#include "broker/server/view_ops.h"
#include "broker/sla/timer_window.h"
#include "broker/store/checkpointer.h"
#include "broker/store/store.h"
#include "common/frame.h"
#include "common/head_notice.h"
#include "common/http_server.h"
#include "common/i18n/catalogue.h"
#include "common/log.h"
#include "common/time_zone.h"
#include "common/utf8.h"
#include "common/version.h"
#include "common/zmq_io.h"

namespace aspirasi::server {
namespace {

constexpr std::size_t kMaxFrames = 3;     // identity + signature + envelope; more is an error
constexpr int kMaxDrainPerSocket = 4096;  // messages read from one socket per loop turn (fairness)

// ---- work handed to the writer thread
struct WriteItem {
  std::variant<store::SubmitOp, store::DeliveredOp, store::AttemptFailedOp, DeskOp, ReplySendingOp,
               ReplyResultOp, ReplyUncertainOp, SlaFireOp, AckAlertOp, CitizenExportOp, CitizenEraseOp,
               DataRequestOp, RetentionOp, TicketViewOp>
      op;
  std::string identity;  // peer to answer (submits: ingest; desk: api; reply sending: worker)
  uint64_t request_id = 0;
};

struct WriteDone {
  enum class Kind {
    kOther,
    kSubmit,
    kDesk,
    kReplySending,
    kReply,
    kAckAlert,
    kPrivacy,
    kRetention,
    kView
  } kind = Kind::kOther;
  std::string identity;
  uint64_t request_id = 0;
  bool created = false;
  store::SubmitResult submit;
  ReplyOpResult reply;     // desk commands, auto-acknowledgements and reply transitions
  uint64_t reply_id = 0;   // kReplySending
  uint64_t lease_id = 0;   // kReplySending
  uint64_t session = 0;    // kReplySending: the worker's session
  uint64_t ticket_id = 0;  // kDesk: for a moved ticket
  // The store has recorded how this ticket's (reply's) lease ended: the dispatcher may read it back.
  uint64_t settled_ticket = 0;
  uint64_t settled_reply = 0;
  std::string opd;
  AckAlertResult ack;             // kAckAlert
  PrivacyOpResult privacy;        // kPrivacy, kRetention
  TicketViewOp view;              // kView: the reader and the answer to send once recorded
  std::vector<v1::Event> events;  // only on the last item of a committed batch
  std::vector<SlaNext> sla_next;  // only on the last item of a committed batch
  Status status;
};

// Errors that mean the store itself failed (the batch must roll back), as opposed to a command
// the store refused (NOT_FOUND, CONFLICT, ...), which leaves the rest of the batch alone.
bool StoreFailed(const Status& s) { return s.code() == v1::IO_ERROR || s.code() == v1::INTERNAL; }

struct QueryItem {
  std::string identity;
  v1::Envelope request;
};

struct QueryDone {
  std::string identity;
  std::string reply;   // encoded envelope
  api::FullRead read;  // a named admin read a whole ticket: recorded before `reply` is sent
  uint64_t request_id = 0;
};

// Envelope{request_id, deliver{ticket, attempt, lease_id, lease_expires_ms}} without parsing the
// stored ticket again: protobuf merges repeated occurrences of an embedded message field, so the
// ticket bytes go in a second `deliver` record.
// `field` is Deliver.ticket for a ticket and Deliver.reply for a reply (the body is an OutboundReply).
std::string EncodeDeliver(const dispatch::Delivery& d, uint64_t session,
                          int field = v1::Deliver::kTicketFieldNumber) {
  v1::Envelope env;
  env.set_request_id(d.lease_id);
  auto* deliver = env.mutable_deliver();
  deliver->set_session(session);
  deliver->set_attempt(d.attempt);
  deliver->set_lease_id(d.lease_id);
  deliver->set_lease_expires_ms(d.lease_expires_ms);
  std::string out;
  out.reserve(64 + d.ticket.body->size());
  env.AppendToString(&out);
  google::protobuf::io::StringOutputStream stream(&out);
  google::protobuf::io::CodedOutputStream coded(&stream);
  const std::string& ticket = *d.ticket.body;
  uint32_t ticket_record =
      1 + google::protobuf::io::CodedOutputStream::VarintSize32(static_cast<uint32_t>(ticket.size())) +
      static_cast<uint32_t>(ticket.size());
  coded.WriteTag((v1::Envelope::kDeliverFieldNumber << 3) | 2);
  coded.WriteVarint32(ticket_record);
  coded.WriteTag((static_cast<uint32_t>(field) << 3) | 2);
  coded.WriteVarint32(static_cast<uint32_t>(ticket.size()));
  coded.WriteRaw(ticket.data(), static_cast<int>(ticket.size()));
  coded.Trim();
  return out;
}

}  // namespace

struct Broker::Impl {
  Impl(Config c, const Clock& clk)
      : config(std::move(c)),
        clock(clk),
        router(config),
        log(ModuleLogger("broker")),
        ingest_log(ModuleLogger("ingest")),
        worker_log(ModuleLogger("dispatch")),
        api_log(ModuleLogger("api")) {}

  Config config;
  const Clock& clock;
  router::Router router;
  std::shared_ptr<spdlog::logger> log, ingest_log, worker_log, api_log;
  Metrics metrics;
  LogLineCounting log_counting{metrics};
  BoundEndpoints bound;

  zmq::context_t ctx{1};
  std::unique_ptr<zmq::socket_t> ingest, worker, api, events, wake;
  std::unique_ptr<Gatekeeper>
      gate;  // CURVE keys, who sent a message, authorization (after ctx: closes first)
  std::unique_ptr<store::StoreReader> loader_reader;  // event-loop connection for bodies not in memory
  dispatch::WorkerTable workers;  // the response workers and their windows, shared by both dispatchers
  uint64_t session_base = 0;      // random per run: a worker's session numbers never repeat across restarts
  uint64_t sessions = 0;
  uint64_t published_head = 0;                          // the newest seq announced on the events endpoint
  std::unique_ptr<dispatch::QueueBudget> queue_budget;  // queue_memory_mb, one budget for both dispatchers
  std::unique_ptr<dispatch::Dispatcher> dispatcher;
  std::unique_ptr<dispatch::Dispatcher> reply_dispatcher;  // replies to post, to the same workers
  std::unique_ptr<ReplyOps> reply_ops;                     // writer thread only
  std::shared_ptr<const SlaSetup> sla_setup;
  std::unique_ptr<SlaOps> sla_ops;          // writer thread only
  std::unique_ptr<PrivacyOps> privacy_ops;  // writer thread only
  int64_t next_retention_ms = 0;            // the retention purge's next pass (NowMs: ticket time)
  int64_t next_calendar_check_ms = 0;       // CheckHolidayCalendar's next run (ticket time)
  bool retention_running = false;           // a RetentionOp is on its way to the writer
  std::unique_ptr<sla::TimerWindow>
      tracker;                              // the earliest open tickets' next SLA instants (the rest: store)
  std::unordered_set<uint64_t> sla_firing;  // SlaFireOps on their way to the writer
  ViewLog views;                            // who read which ticket lately (TICKET_VIEWED, once an hour)
  struct Sending {
    std::string identity;  // the worker posting it ("" after a restart)
    uint64_t session = 0;  // its session when it got the go-ahead
    uint64_t lease_id = 0;
    bool room = false;  // the post still takes a room in that worker's window
    int64_t deadline_us = 0;
  };
  std::unordered_map<uint64_t, Sending> sending;  // replies in REPLY_SENDING, by id
  // Replies a worker gave up on (EGRESS_NOT_SENT) while its reply_sending was on the way to the
  // writer: reply id -> (session, mono us). If the go-ahead commits anyway, it is undone at once.
  std::unordered_map<uint64_t, std::pair<uint64_t, int64_t>> given_up;
  std::multimap<int64_t, dispatch::QueuedTicket> reply_retries;  // due (mono us) -> reply to queue again
  std::unique_ptr<ThreadStage<WriteItem, WriteDone>> writer;
  std::unique_ptr<ThreadStage<QueryItem, QueryDone>> queries;
  std::unique_ptr<store::Store> store;              // used only by the writer thread once started
  std::unique_ptr<audit::HeadReporter> chain_head;  // writer thread (start and stop: the main thread)
  std::unique_ptr<HttpServer> http;
  std::unique_ptr<store::Checkpointer> checkpointer;
  std::atomic<bool> stop{false};
  std::atomic<bool> reload{false};        // SIGHUP: read the [[key]] table again
  std::atomic<bool> store_failed{false};  // the last commit failed (/healthz says why)
  std::mutex store_failure_mu;
  std::string store_failure;

  std::vector<WriteItem> pending_writes;           // collected during one loop turn, handed over at its end
  std::unordered_map<std::string, int> in_flight;  // submits per ingest peer
  std::unordered_map<std::string, int64_t> worker_last_send_us;
  int64_t next_heartbeat_us = 0;
  bool dispatch_dirty = true;

  // metrics
  Counter* submits = nullptr;
  Counter* acks_created = nullptr;
  Counter* acks_duplicate = nullptr;
  Counter* acks_other = nullptr;
  Counter* submit_errors = nullptr;
  Counter* deliveries = nullptr;
  Counter* redeliveries = nullptr;
  Counter* delivered = nullptr;
  Counter* failed_attempts = nullptr;
  Counter* dead_letters = nullptr;
  Counter* stale_acks = nullptr;
  Counter* events_published = nullptr;
  Counter* commits = nullptr;
  Counter* committed_ops = nullptr;
  Counter* api_requests = nullptr;
  Counter* desk_commands = nullptr;
  Counter* desk_refused = nullptr;
  Counter* replies_queued = nullptr;
  Counter* replies_posted = nullptr;
  Counter* replies_failed = nullptr;
  Counter* replies_uncertain = nullptr;
  Counter* sla_warnings = nullptr;
  Counter* sla_breaches = nullptr;
  Counter* sla_escalations = nullptr;
  Counter* personal_exported = nullptr;
  Counter* personal_erased = nullptr;
  Counter* personal_purged = nullptr;
  Counter* apply_us = nullptr;
  Counter* commit_us = nullptr;
  Counter* pages_written = nullptr;
  uint64_t pages_written_seen = 0;  // store->pages_written() at the last count (writer thread)
  Gauge* queued = nullptr;
  Gauge* queued_replies = nullptr;
  Gauge* queued_in_store = nullptr;
  Gauge* queue_memory = nullptr;
  Gauge* leased = nullptr;
  Gauge* workers_gauge = nullptr;
  std::vector<std::pair<std::string, Gauge*>> opd_workers;  // per configured OPD, in config order
  Gauge* worker_window = nullptr;
  Gauge* worker_outstanding = nullptr;
  Gauge* last_seq = nullptr;
  Gauge* holidays_until = nullptr;
  Gauge* sla_tracked = nullptr;
  Gauge* sla_tracker_bytes = nullptr;

  Counter& Rejected(const std::string& endpoint, const Status& s) {
    std::string reason = s.CodeName();
    std::transform(reason.begin(), reason.end(), reason.begin(), ::tolower);
    return metrics.GetCounter("aspirasi_rejected_total", "Messages rejected, by endpoint and reason",
                              "endpoint=\"" + endpoint + "\",reason=\"" + reason + "\"");
  }

  void RegisterMetrics() {
    submits = &metrics.GetCounter("aspirasi_submits_total", "Submit commands accepted for processing");
    acks_created = &metrics.GetCounter("aspirasi_submit_acks_total", "Submit acks sent, by outcome",
                                       "outcome=\"created\"");
    acks_duplicate = &metrics.GetCounter("aspirasi_submit_acks_total", "Submit acks sent, by outcome",
                                         "outcome=\"duplicate\"");
    acks_other = &metrics.GetCounter("aspirasi_submit_acks_total", "Submit acks sent, by outcome",
                                     "outcome=\"other\"");
    submit_errors = &metrics.GetCounter("aspirasi_submit_errors_total", "Submits answered with an error");
    deliveries = &metrics.GetCounter("aspirasi_deliveries_total", "Deliveries sent to response workers");
    redeliveries = &metrics.GetCounter("aspirasi_redeliveries_total", "Deliveries with attempt > 1");
    delivered = &metrics.GetCounter("aspirasi_delivered_total", "Deliveries acknowledged DONE");
    failed_attempts =
        &metrics.GetCounter("aspirasi_failed_attempts_total", "Failed, expired or orphaned deliveries");
    dead_letters = &metrics.GetCounter("aspirasi_dead_letters_total", "Tickets dead-lettered");
    stale_acks = &metrics.GetCounter("aspirasi_stale_acks_total", "Delivery acks for leases no longer held");
    events_published = &metrics.GetCounter("aspirasi_events_published_total",
                                           "Events committed and announced on the events endpoint");
    commits = &metrics.GetCounter("aspirasi_store_commits_total", "Store transactions committed");
    committed_ops =
        &metrics.GetCounter("aspirasi_store_committed_ops_total", "Operations in committed transactions");
    apply_us =
        &metrics.GetMicrosecondsCounter("aspirasi_store_apply_seconds_total",
                                        "Time the writer spent applying operations inside transactions");
    commit_us = &metrics.GetMicrosecondsCounter("aspirasi_store_commit_seconds_total",
                                                "Time the writer spent in COMMIT (WAL write and fsync)");
    pages_written = &metrics.GetCounter("aspirasi_store_pages_written_total",
                                        "Database pages written by commits (WAL frames of 4 KiB)");
    api_requests = &metrics.GetCounter("aspirasi_api_requests_total", "Api requests answered");
    desk_commands = &metrics.GetCounter("aspirasi_desk_commands_total", "Desk commands applied");
    personal_exported = &metrics.GetCounter("aspirasi_personal_data_tickets_total",
                                            "Tickets whose personal data was exported, erased or purged",
                                            "action=\"exported\"");
    personal_erased = &metrics.GetCounter("aspirasi_personal_data_tickets_total",
                                          "Tickets whose personal data was exported, erased or purged",
                                          "action=\"erased\"");
    personal_purged = &metrics.GetCounter("aspirasi_personal_data_tickets_total",
                                          "Tickets whose personal data was exported, erased or purged",
                                          "action=\"purged\"");
    desk_refused = &metrics.GetCounter("aspirasi_desk_refused_total",
                                       "Desk commands refused (permission, claim, state)");
    replies_queued =
        &metrics.GetCounter("aspirasi_replies_total", "Replies by what became of them", "state=\"queued\"");
    replies_posted =
        &metrics.GetCounter("aspirasi_replies_total", "Replies by what became of them", "state=\"posted\"");
    replies_failed =
        &metrics.GetCounter("aspirasi_replies_total", "Replies by what became of them", "state=\"failed\"");
    replies_uncertain = &metrics.GetCounter("aspirasi_replies_total", "Replies by what became of them",
                                            "state=\"uncertain\"");
    const char* sla_help = "SLA warnings, breaches and escalations announced";
    sla_warnings = &metrics.GetCounter("aspirasi_sla_alerts_total", sla_help, "kind=\"warning\"");
    sla_breaches = &metrics.GetCounter("aspirasi_sla_alerts_total", sla_help, "kind=\"breached\"");
    sla_escalations = &metrics.GetCounter("aspirasi_sla_alerts_total", sla_help, "kind=\"escalated\"");
    sla_tracked = &metrics.GetGauge(
        "aspirasi_sla_tracked_tickets",
        "SLA timers held in memory (the earliest pending instants; the rest wait in the store)");
    sla_tracker_bytes = &metrics.GetGauge("aspirasi_sla_tracker_bytes",
                                          "Memory held by the SLA timers (heap and index capacity)");
    queued = &metrics.GetGauge("aspirasi_queued_tickets", "Tickets waiting for a response worker");
    queued_replies = &metrics.GetGauge("aspirasi_queued_replies", "Replies waiting for a responder");
    queued_in_store =
        &metrics.GetGauge("aspirasi_queued_in_store",
                          "Queued tickets and replies left in the store past the queue memory budget");
    queue_memory = &metrics.GetGauge("aspirasi_queue_memory_bytes",
                                     "Memory the queues hold (estimated), within queue_memory_mb");
    leased = &metrics.GetGauge("aspirasi_leased_tickets", "Deliveries awaiting an ack");
    workers_gauge = &metrics.GetGauge("aspirasi_workers", "Connected response workers");
    for (const auto& opd : config.opds) {
      opd_workers.emplace_back(
          opd.code, &metrics.GetGauge("aspirasi_opd_workers", "Connected response workers serving the OPD",
                                      "opd=\"" + opd.code + "\""));
    }
    SetBuildInfo(metrics, "aspirasid");
    worker_window =
        &metrics.GetGauge("aspirasi_worker_window",
                          "Deliveries the connected workers may hold at once (their windows together)");
    worker_outstanding = &metrics.GetGauge(
        "aspirasi_worker_outstanding", "Deliveries the connected workers hold now (tickets, replies, posts)");
    last_seq = &metrics.GetGauge("aspirasi_last_event_seq", "Newest event sequence number");
  }

  Status Bind(std::unique_ptr<zmq::socket_t>& socket, zmq::socket_type type, const std::string& endpoint,
              std::string* bound_to) {
    try {
      socket = std::make_unique<zmq::socket_t>(ctx, type);
      // libzmq drops the connection of a peer that sends more than this; up to it, an envelope
      // over max_message_bytes gets a TOO_LARGE reply (and a metric) from DecodeEnvelope.
      ConfigureSocket(*socket, config.broker.max_message_bytes + 64 * 1024);
      if (Status s = gate->Secure(*socket); !s.ok()) return s;
      if (type == zmq::socket_type::router) {
        socket->set(zmq::sockopt::router_mandatory, 1);
        socket->set(zmq::sockopt::sndhwm, 100000);
        socket->set(zmq::sockopt::rcvhwm, 100000);
      } else {
        socket->set(zmq::sockopt::sndhwm, 100000);
      }
      socket->bind(endpoint);
      *bound_to = LastEndpoint(*socket);
      return Status::Ok();
    } catch (const zmq::error_t& e) {
      return Status::Io("cannot bind " + endpoint + ": " + e.what());
    }
  }

  Status Start() {
    RegisterMetrics();
    // Keys first: a key that cannot be used stops the start before the store is opened.
    gate = std::make_unique<Gatekeeper>(config, metrics);
    if (Status s = gate->Start(ctx); !s.ok()) return s;
    const IndonesianZone* zone = FindIndonesianZone(config.tenant.timezone);  // the config checked it
    const int offset = (zone ? zone->offset_minutes : 7 * 60) / 60;
    store::StoreOptions so{config.broker.database, config.tenant.id, config.tenant.ticket_prefix, offset,
                           int64_t{config.broker.wal_checkpoint_pages} * 4096};
    auto opened = store::OpenSqliteStore(so);
    if (!opened.ok()) return opened.status();
    store = std::move(opened).value();
    chain_head = std::make_unique<audit::HeadReporter>(metrics, ModuleLogger("audit"),
                                                       int64_t{config.broker.audit_head_interval_s} * 1000);
    chain_head->Observe(store->chain_head(), clock.NowMs());
    auto reader = store::OpenSqliteReader(config.broker.database);
    if (!reader.ok()) return reader.status();
    loader_reader = std::move(reader).value();

    // Session numbers start at a random point each run, so none repeats across restarts.
    std::random_device random;
    session_base = ((uint64_t{random()} << 32) | random()) & ~uint64_t{0xFFFFF};  // the counter adds to it
    dispatch::Options dopt;
    dopt.lease_ms = config.broker.lease_ms;
    dopt.max_attempts = config.broker.max_attempts;
    dopt.heartbeat_ms = config.broker.heartbeat_ms;
    dopt.liveness = config.broker.liveness;
    queue_budget = std::make_unique<dispatch::QueueBudget>(
        static_cast<std::size_t>(config.broker.queue_memory_mb) << 20);
    dispatcher = std::make_unique<dispatch::Dispatcher>(
        dopt, clock, workers,
        [this](uint64_t id) {
          auto body = loader_reader->LoadDeliverable(id);
          if (!body.ok()) {
            worker_log->error("cannot load ticket {} for delivery: {}", id, body.status().ToString());
            return std::shared_ptr<const std::string>();
          }
          return std::make_shared<const std::string>(std::move(body).value());
        },
        [this](const std::string& opd, std::size_t limit) -> Result<std::vector<dispatch::QueuedTicket>> {
          auto page = loader_reader->PendingPage(opd, limit);
          if (!page.ok()) {
            worker_log->error("cannot read {}'s queued tickets from the store: {}", opd,
                              page.status().ToString());
            return page.status();
          }
          std::vector<dispatch::QueuedTicket> out;
          out.reserve(page->size());
          for (auto& p : *page)
            out.push_back({p.id, std::move(p.opd), p.urgency, p.sla_due_ms, p.attempts, nullptr});
          return out;
        },
        queue_budget.get());

    reply_dispatcher = std::make_unique<dispatch::Dispatcher>(
        dopt, clock, workers,
        [this](uint64_t id) {
          auto body = loader_reader->LoadReplyBody(id);
          if (!body.ok()) {
            worker_log->error("cannot load reply {} for delivery: {}", id, body.status().ToString());
            return std::shared_ptr<const std::string>();
          }
          return std::make_shared<const std::string>(std::move(body).value());
        },
        [this](const std::string& opd, std::size_t limit) -> Result<std::vector<dispatch::QueuedTicket>> {
          auto page = loader_reader->PendingReplyPage(opd, limit);
          if (!page.ok()) {
            worker_log->error("cannot read {}'s queued replies from the store: {}", opd,
                              page.status().ToString());
            return page.status();
          }
          std::vector<dispatch::QueuedTicket> out;
          out.reserve(page->size());
          for (auto& r : *page) out.push_back({r.id, std::move(r.opd), r.urgency, 0, 0, nullptr});
          return out;
        },
        queue_budget.get());
    reply_ops = std::make_unique<ReplyOps>(config, *store);
    auto setup = LoadSlaSetup(config);
    if (!setup.ok()) return setup.status();
    sla_setup = std::move(setup).value();
    WarnAboutRolesWithoutRecipients();
    CheckHolidayCalendar();
    sla_ops = std::make_unique<SlaOps>(config, sla_setup, *store);
    privacy_ops = std::make_unique<PrivacyOps>(config, *store, sla_setup, *reply_ops);
    tracker = std::make_unique<sla::TimerWindow>(
        clock,
        [this](std::optional<sla::Deadline> after, std::size_t limit) -> Result<std::vector<sla::Deadline>> {
          store::SlaTimerRow from;
          if (after) from = {after->ticket, after->due_ms};
          auto rows = loader_reader->SlaTimerPage(after ? &from : nullptr, limit);
          if (!rows.ok()) {
            log->error("cannot read the next SLA timers from the store: {}", rows.status().ToString());
            return rows.status();
          }
          std::vector<sla::Deadline> out;
          out.reserve(rows->size());
          for (const auto& r : *rows) out.push_back({r.next_ms, r.ticket_id});
          return out;
        },
        static_cast<std::size_t>(config.broker.sla_timers_in_memory));
    const int64_t rebuild_start_us = clock.MonoUs();
    if (Status loaded = tracker->Load(); !loaded.ok()) return loaded;
    const double rebuild_s = static_cast<double>(clock.MonoUs() - rebuild_start_us) / 1e6;
    metrics.GetGauge("aspirasi_sla_rebuild_seconds", "Time to rebuild the SLA timers from the store at start")
        .Set(rebuild_s);
    sla_tracked->Set(static_cast<double>(tracker->held()));
    sla_tracker_bytes->Set(static_cast<double>(tracker->MemoryBytes()));
    auto replies = loader_reader->LoadSendingReplies();
    if (!replies.ok()) return replies.status();
    for (auto& r : *replies) {
      // Its worker may still be posting it: wait one lease for the result, then call it uncertain.
      Sending& s = sending[r.id];
      s.session = r.sending_session;
      s.deadline_us = clock.MonoUs() + int64_t{config.broker.lease_ms} * 1000;
    }
    // Queued tickets and replies stay in the store; each queue reads them back a page at a time
    // once a worker can take them, so a backlog of any size costs no memory at start.
    auto pending = loader_reader->PendingCounts();
    if (!pending.ok()) return pending.status();
    for (const auto& [opd, n] : *pending) dispatcher->MarkInStore(opd, n);
    auto pending_replies = loader_reader->PendingReplyCounts();
    if (!pending_replies.ok()) return pending_replies.status();
    for (const auto& [opd, n] : *pending_replies) reply_dispatcher->MarkInStore(opd, n);
    auto head = loader_reader->LastSeq();
    if (!head.ok()) return head.status();
    published_head = *head;
    log->info(
        "store {} open; {} tickets waiting for delivery, {} replies to post, {} being posted; the earliest "
        "{} "
        "SLA timers read in {:.3f} s{}",
        config.broker.database, dispatcher->queued(), reply_dispatcher->queued(), replies->size(),
        tracker->held(), rebuild_s, tracker->spilled() ? " (the later ones wait in the store)" : "");

    Status s;
    if (!(s = Bind(ingest, zmq::socket_type::router, config.broker.ingest_endpoint, &bound.ingest)).ok())
      return s;
    if (!(s = Bind(worker, zmq::socket_type::router, config.broker.worker_endpoint, &bound.worker)).ok())
      return s;
    if (!(s = Bind(api, zmq::socket_type::router, config.broker.api_endpoint, &bound.api)).ok()) return s;
    if (!(s = Bind(events, zmq::socket_type::pub, config.broker.events_endpoint, &bound.events)).ok())
      return s;
    std::string wake_endpoint = "inproc://aspirasid-wake";
    wake = std::make_unique<zmq::socket_t>(ctx, zmq::socket_type::pull);
    wake->bind(wake_endpoint);

    writer = std::make_unique<ThreadStage<WriteItem, WriteDone>>(
        ctx, "asp-writer", wake_endpoint, static_cast<std::size_t>(config.broker.group_commit_max),
        [this](std::vector<WriteItem>& batch, std::vector<WriteDone>* out) { WriteBatch(batch, out); });
    auto query_reader = store::OpenSqliteReader(config.broker.database);
    if (!query_reader.ok()) return query_reader.status();
    auto handler = std::make_shared<api::QueryHandler>(
        std::move(query_reader).value(), VersionLine("aspirasid"), config,
        std::shared_ptr<const sla::CalendarSet>(sla_setup, &sla_setup->calendars), &clock);
    queries = std::make_unique<ThreadStage<QueryItem, QueryDone>>(
        ctx, "asp-queries", wake_endpoint, 64,
        [this, handler](std::vector<QueryItem>& batch, std::vector<QueryDone>* out) {
          for (auto& q : batch) {
            api::FullRead read;
            v1::Envelope reply = handler->Handle(q.request, &read);
            if (reply.has_error()) {
              api_log->info("api {} failed: {}", BodyName(q.request),
                            Status::FromProto(reply.error()).ToString());
            }
            out->push_back(
                {std::move(q.identity), EncodeEnvelope(reply), std::move(read), q.request.request_id()});
          }
        });
    writer->Start();
    queries->Start();
    // Every 10 ms, so that the writer's own checkpoint past the WAL limit has only the last 10 ms left to
    // copy (docs/DESIGN.md, "The WAL is checkpointed explicitly", has the figures).
    checkpointer = std::make_unique<store::Checkpointer>(config.broker.database, 10, metrics);
    if (!(s = checkpointer->Start()).ok()) return s;

    http = std::make_unique<HttpServer>(metrics, [this]() -> std::string {
      if (store_failed.load()) {
        std::lock_guard lock(store_failure_mu);
        return "store failed: " + store_failure;
      }
      return checkpointer->Trouble();
    });
    if (!(s = http->Start(config.broker.http_host, config.broker.http_port)).ok()) return s;
    bound.http = config.broker.http_host + ":" + std::to_string(http->port());
    log->info("serving ingest={} worker={} api={} events={} http={}", bound.ingest, bound.worker, bound.api,
              bound.events, bound.http);
    return Status::Ok();
  }

  // The holiday files must reach past this year and the next: at start and once a day (ticket time),
  // a warning while they do not, and the gauge for an alert (docs/OPERATIONS.md, "Holiday calendars").
  void CheckHolidayCalendar() {
    const int64_t now = clock.NowMs();
    next_calendar_check_ms = now + 86'400'000;
    auto coverage = HolidaysCoverage(*sla_setup, config.sla.holidays_dir, now);
    if (!coverage) return;  // no holidays_dir: no gauge either (an alert on it would always fire)
    if (!holidays_until) {
      holidays_until = &metrics.GetGauge(
          "aspirasi_holiday_calendar_covered_until_seconds",
          "Unix time at which the holiday files run out (local midnight of the first year without one)");
    }
    holidays_until->Set(static_cast<double>(coverage->until_ms / 1000));
    if (!coverage->warning.empty()) log->warn("{}", coverage->warning);
  }

  // An escalation nobody receives can never be acknowledged: tell the operator at start, once per
  // role, with the OPDs that lack someone ([[admin]] escalation_roles).
  void WarnAboutRolesWithoutRecipients() {
    std::set<std::string> roles;
    for (std::size_t i = 0; i < sla_setup->policies.size(); ++i) {
      for (const auto& e : sla_setup->policies.at(static_cast<uint16_t>(i)).escalations) roles.insert(e.role);
    }
    for (const std::string& role : roles) {
      std::string missing;
      for (const auto& opd : config.opds) {
        if (AlertOps::Recipients(config, role, opd.code).empty())
          missing += (missing.empty() ? "" : ", ") + opd.code;
      }
      if (!missing.empty()) {
        log->warn(
            "no [[admin]] receives the escalation role '{}' for {}: such alerts cannot be acknowledged "
            "(give someone escalation_roles = [\"{}\"])",
            role, missing, role);
      }
    }
  }

  // ---------------------------------------------------------------- writer thread

  void WriteBatch(std::vector<WriteItem>& batch, std::vector<WriteDone>* out) {
    std::size_t first = out->size();
    int64_t started_us = clock.MonoUs();
    Status s = store->Begin();
    std::vector<uint64_t> sla_fire;
    std::vector<SlaNext> sla_next;
    for (auto& item : batch) {
      WriteDone& done = out->emplace_back();
      done.identity = std::move(item.identity);
      done.request_id = item.request_id;
      // Known before anything runs, so that an operation skipped because the store failed earlier
      // in the batch is still answered (with UNAVAILABLE) and a retention pass is not lost.
      if (std::holds_alternative<RetentionOp>(item.op)) {
        done.kind = WriteDone::Kind::kRetention;
      } else if (std::holds_alternative<CitizenExportOp>(item.op) ||
                 std::holds_alternative<CitizenEraseOp>(item.op) ||
                 std::holds_alternative<DataRequestOp>(item.op)) {
        done.kind = WriteDone::Kind::kPrivacy;
      } else if (std::holds_alternative<DeskOp>(item.op)) {
        done.kind = WriteDone::Kind::kDesk;
      } else if (std::holds_alternative<AckAlertOp>(item.op)) {
        done.kind = WriteDone::Kind::kAckAlert;
      } else if (auto* view_op = std::get_if<TicketViewOp>(&item.op)) {
        done.kind = WriteDone::Kind::kView;
        done.view = std::move(*view_op);
        done.status = Status::Unavailable("the store could not commit; retry later");
      }
      if (!s.ok()) continue;
      if (auto* submit = std::get_if<store::SubmitOp>(&item.op)) {
        done.kind = WriteDone::Kind::kSubmit;
        done.opd = submit->opd;
        done.submit = store->ApplySubmit(*submit);
        done.created = done.submit.ack.outcome() == v1::OUTCOME_CREATED;
        if (!done.submit.status.ok() && done.submit.status.code() == v1::IO_ERROR) s = done.submit.status;
        if (s.ok() && done.created && config.desk.auto_ack && done.submit.ticket) {
          done.reply = reply_ops->AutoAck(*done.submit.ticket, submit->now_ms);
          if (StoreFailed(done.reply.status)) s = done.reply.status;
        }
      } else if (auto* desk_op = std::get_if<DeskOp>(&item.op)) {
        done.kind = WriteDone::Kind::kDesk;
        done.reply = reply_ops->Desk(*desk_op);
        done.ticket_id = done.reply.desk.ticket().id();
        if (StoreFailed(done.reply.status)) s = done.reply.status;
      } else if (auto* sending_op = std::get_if<ReplySendingOp>(&item.op)) {
        done.kind = WriteDone::Kind::kReplySending;
        done.reply_id = sending_op->reply_id;
        done.lease_id = sending_op->lease_id;
        done.session = sending_op->session;
        done.reply = reply_ops->Sending(*sending_op);
        if (StoreFailed(done.reply.status)) s = done.reply.status;
      } else if (auto* result_op = std::get_if<ReplyResultOp>(&item.op)) {
        done.kind = WriteDone::Kind::kReply;
        done.reply_id = result_op->result.reply_id();
        done.settled_reply = done.reply_id;
        done.reply = reply_ops->Result(*result_op);
        if (StoreFailed(done.reply.status)) s = done.reply.status;
      } else if (auto* uncertain_op = std::get_if<ReplyUncertainOp>(&item.op)) {
        done.kind = WriteDone::Kind::kReply;
        done.reply_id = uncertain_op->reply_id;
        done.settled_reply = done.reply_id;
        done.reply = reply_ops->Uncertain(*uncertain_op);
        if (StoreFailed(done.reply.status)) s = done.reply.status;
      } else if (auto* fire_op = std::get_if<SlaFireOp>(&item.op)) {
        sla_fire.push_back(fire_op->ticket_id);
      } else if (auto* ack_op = std::get_if<AckAlertOp>(&item.op)) {
        done.kind = WriteDone::Kind::kAckAlert;
        done.ack = sla_ops->Ack(*ack_op);
        if (StoreFailed(done.ack.status)) s = done.ack.status;
      } else if (auto* export_op = std::get_if<CitizenExportOp>(&item.op)) {
        done.kind = WriteDone::Kind::kPrivacy;
        done.privacy = privacy_ops->Export(*export_op);
        if (StoreFailed(done.privacy.status)) s = done.privacy.status;
      } else if (auto* erase_op = std::get_if<CitizenEraseOp>(&item.op)) {
        done.kind = WriteDone::Kind::kPrivacy;
        done.privacy = privacy_ops->Erase(*erase_op);
        if (StoreFailed(done.privacy.status)) s = done.privacy.status;
      } else if (auto* request_op = std::get_if<DataRequestOp>(&item.op)) {
        done.kind = WriteDone::Kind::kPrivacy;
        done.privacy = privacy_ops->Request(*request_op);
        if (StoreFailed(done.privacy.status)) s = done.privacy.status;
      } else if (auto* retention_op = std::get_if<RetentionOp>(&item.op)) {
        done.kind = WriteDone::Kind::kRetention;
        done.privacy = privacy_ops->Retention(*retention_op);
        if (StoreFailed(done.privacy.status)) s = done.privacy.status;
      } else if (done.kind == WriteDone::Kind::kView) {
        done.status = RecordView(*store, done.view);
        if (StoreFailed(done.status)) s = done.status;
      } else if (auto* delivered_op = std::get_if<store::DeliveredOp>(&item.op)) {
        done.settled_ticket = delivered_op->ticket_id;
        done.status = store->ApplyDelivered(*delivered_op);
        if (!done.status.ok()) s = done.status;
      } else if (auto* failed = std::get_if<store::AttemptFailedOp>(&item.op)) {
        done.settled_ticket = failed->ticket_id;
        done.status = store->ApplyAttemptFailed(*failed);
        if (!done.status.ok()) s = done.status;
      }
    }
    // SLA: every ticket the batch changed, and the ones whose instant came, in the same transaction.
    if (s.ok()) s = sla_ops->Process(sla_fire, clock.NowMs(), &sla_next);
    int64_t applied_us = clock.MonoUs();
    if (s.ok()) {
      s = store->Commit();
    } else {
      store->Rollback();
    }
    if (!s.ok()) {
      // Nothing of this batch is durable: every submit gets UNAVAILABLE and is retried by its client.
      log->error("the store could not commit {} operations: {}", batch.size(), s.ToString());
      {
        std::lock_guard lock(store_failure_mu);
        store_failure = s.ToString();
      }
      store_failed = true;
      for (std::size_t i = first; i < out->size(); ++i) {
        (*out)[i].status = Status::Unavailable("the store could not commit; retry later");
        (*out)[i].submit = store::SubmitResult{};
        (*out)[i].submit.status = (*out)[i].status;
        (*out)[i].reply = ReplyOpResult{};
        (*out)[i].reply.status = (*out)[i].status;
        (*out)[i].ack = AckAlertResult{};
        (*out)[i].ack.status = (*out)[i].status;
        (*out)[i].privacy = PrivacyOpResult{};
        (*out)[i].privacy.status = (*out)[i].status;
      }
      // Fire ops come back so the event loop can try again.
      if (!out->empty()) {
        for (uint64_t id : sla_fire) out->back().sla_next.push_back({id, clock.NowMs() + 1000, true});
      }
      return;
    }
    store_failed = false;
    if (out->size() > first) {
      out->back().events = store->events();
      out->back().sla_next = std::move(sla_next);
    }
    int64_t committed_us = clock.MonoUs();
    commits->Inc();
    committed_ops->Inc(batch.size());
    apply_us->Inc(static_cast<uint64_t>(applied_us - started_us));
    commit_us->Inc(static_cast<uint64_t>(committed_us - applied_us));
    pages_written->Inc(store->pages_written() - pages_written_seen);
    pages_written_seen = store->pages_written();
    chain_head->Observe(store->chain_head(), clock.NowMs());
    if (store->scrub_pending()) {
      // Personal data was erased: its older copies must leave the write-ahead log too.
      Status scrubbed = store->ScrubWal();
      if (!scrubbed.ok())
        log->warn("personal data erased, but the WAL is not emptied yet: {}", scrubbed.ToString());
    }
  }

  // ---------------------------------------------------------------- event loop

  // Refuses a command the gatekeeper denied (it logged and counted the denial).
  void Deny(zmq::socket_t& socket, const std::string& endpoint, const std::string& identity,
            uint64_t request_id, const Status& s) {
    Rejected(endpoint, s).Inc();
    (void)SendEnvelope(socket, identity, ErrorEnvelope(request_id, s));
  }

  void Reject(zmq::socket_t& socket, const std::string& endpoint, const std::string& identity,
              uint64_t request_id, const Status& s) {
    Rejected(endpoint, s).Inc();
    // Repeated lines are held back by the log itself (common/log_limit.h): a flood cannot fill the disk.
    ModuleLogger(endpoint)->warn("rejected a message on {}: {}", endpoint, s.ToString());
    if (!identity.empty()) (void)SendEnvelope(socket, identity, ErrorEnvelope(request_id, s));
  }

  // Receives one message from a ROUTER and decodes it. Returns false when nothing is waiting;
  // sets *ok=false when the message was rejected (already answered).
  // *who: the sender's identity (nullptr without keys).
  bool Receive(zmq::socket_t& socket, const std::string& endpoint, std::string* identity, v1::Envelope* env,
               const auth::Identity** who, bool* ok) {
    Received msg;
    if (!RecvMultipart(socket, kMaxFrames, &msg)) return false;
    *ok = false;
    if (msg.frames.empty()) return true;
    identity->assign(msg.Frame(0));
    const auth::Endpoint ep = endpoint == "ingest"   ? auth::Endpoint::kIngest
                              : endpoint == "worker" ? auth::Endpoint::kWorker
                                                     : auth::Endpoint::kApi;
    auto sender = gate->Identify(msg, ep);
    if (!sender.ok()) {
      Deny(socket, endpoint, *identity, 0, sender.status());
      return true;
    }
    *who = *sender;
    if (msg.truncated) {
      Reject(socket, endpoint, *identity, 0,
             Status::BadFrame("message has " + std::to_string(msg.total_frames - 1) +
                              " frames after the identity; expected 2 (signature, envelope)"));
      return true;
    }
    std::string_view frames[2];
    std::size_t n = msg.frames.size() - 1;
    for (std::size_t i = 0; i < n; ++i) frames[i] = msg.Frame(i + 1);
    Status s = DecodeEnvelope(std::span<const std::string_view>(frames, n),
                              static_cast<std::size_t>(config.broker.max_message_bytes), env);
    if (!s.ok()) {
      Reject(socket, endpoint, *identity, env->request_id(), s);
      return true;
    }
    *ok = true;
    return true;
  }

  void OnIngest() {
    std::string identity;
    v1::Envelope env;
    const auth::Identity* who = nullptr;
    for (int n = 0; n < kMaxDrainPerSocket; ++n) {
      bool ok = false;
      if (!Receive(*ingest, "ingest", &identity, &env, &who, &ok)) break;
      if (!ok) continue;
      if (env.body_case() != v1::Envelope::kSubmit) {
        Reject(*ingest, "ingest", identity, env.request_id(),
               Status::UnknownCommand("the ingest endpoint accepts only 'submit', got '" +
                                      std::string(BodyName(env)) + "'"));
        continue;
      }
      if (auth::Decision d = gate->Check(who, auth::Endpoint::kIngest, env); !d.status.ok()) {
        Deny(*ingest, "ingest", identity, env.request_id(), d.status);
        continue;
      }
      // Channel names are lower case and OPD codes upper case, however the source wrote them.
      auto* typed = env.mutable_submit()->mutable_draft();
      for (char& c : *typed->mutable_channel()) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
      for (char& c : *typed->mutable_opd()) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c;
      Status s = ValidateSubmit(env.submit(), config);
      if (!s.ok()) {
        submit_errors->Inc();
        Reject(*ingest, "ingest", identity, env.request_id(), s);
        continue;
      }
      int& flying = in_flight[identity];
      if (flying >= config.broker.max_pending_per_client) {
        Reject(*ingest, "ingest", identity, env.request_id(),
               Status::Unavailable("too many submits in flight from this client (" + std::to_string(flying) +
                                   "); wait for acks"));
        continue;
      }
      ++flying;
      submits->Inc();
      WriteItem item;
      store::SubmitOp op;
      op.now_ms = clock.NowMs();
      op.actor = who != nullptr ? "ingest:" + who->name : "ingest";  // the key names the source
      op.submit = std::move(*env.mutable_submit());
      bool creates = op.submit.action() != v1::WITHDRAW;  // an update may upsert
      if (creates) {
        router::Decision d = router.Route(op.submit.draft());
        op.opd = std::move(d.opd);
        op.routing = std::move(d.routing);
        op.routing_text = std::move(d.text);
        sla::TicketFacts facts;
        const auto& draft = op.submit.draft();
        facts.urgency = draft.urgency() == v1::URGENCY_UNSPECIFIED ? v1::BIASA : draft.urgency();
        facts.kind = draft.kind();
        facts.channel = draft.channel();
        facts.opd = op.opd;
        FirstDeadline first = FirstResponseDeadline(*sla_setup, facts, op.now_ms);
        op.sla_due_ms = first.due_ms;
        op.sla_policy = std::move(first.policy);
        op.sla_resolution_due_ms = first.resolution_due_ms;
      }
      item.op = std::move(op);
      item.identity = identity;
      item.request_id = env.request_id();
      pending_writes.push_back(std::move(item));
    }
  }

  void PersistFailures(const std::vector<dispatch::Failure>& failures) {
    for (const auto& f : failures) {
      failed_attempts->Inc();
      if (f.dead_letter) {
        dead_letters->Inc();
        worker_log->warn("ticket {} dead-lettered after {} failed attempts ({})", f.ticket_id, f.attempts,
                         f.reason);
      } else {
        worker_log->info("ticket {} attempt {} failed ({}); back in the queue", f.ticket_id, f.attempts,
                         f.reason);
      }
      WriteItem item;
      item.op =
          store::AttemptFailedOp{f.ticket_id, f.attempts, f.dead_letter, f.worker, f.reason, clock.NowMs()};
      pending_writes.push_back(std::move(item));
    }
    if (!failures.empty()) dispatch_dirty = true;
  }

  void SendToWorker(const std::string& identity, const v1::Envelope& env) {
    if (SendEnvelope(*worker, identity, env).ok()) worker_last_send_us[identity] = clock.MonoUs();
  }

  void OnWorker() {
    std::string identity;
    v1::Envelope env;
    const auth::Identity* who = nullptr;
    for (int n = 0; n < kMaxDrainPerSocket; ++n) {
      bool ok = false;
      if (!Receive(*worker, "worker", &identity, &env, &who, &ok)) break;
      if (!ok) continue;
      if (auth::Decision d = gate->Check(who, auth::Endpoint::kWorker, env); !d.status.ok()) {
        Deny(*worker, "worker", identity, env.request_id(), d.status);
        continue;
      }
      switch (env.body_case()) {
        case v1::Envelope::kHello: {
          Status s = ValidateHello(env.hello(), config);
          if (s.ok() && !(s = gate->CheckHello(who, env.hello())).ok()) {
            Deny(*worker, "worker", identity, env.request_id(), s);
            break;
          }
          if (!s.ok()) {
            Reject(*worker, "worker", identity, env.request_id(), s);
            break;
          }
          std::vector<std::string> opds(env.hello().opds().begin(), env.hello().opds().end());
          if (workers.Has(identity)) ForgetWorker(identity, false, "worker said hello again");
          const uint64_t session = session_base + ++sessions;
          workers.Add(identity, env.hello().worker(), opds, env.hello().credit(), session, clock.MonoUs());
          dispatcher->AddWorker(identity, opds);
          reply_dispatcher->AddWorker(identity, opds);
          v1::Envelope reply;
          reply.set_request_id(env.request_id());
          auto* w = reply.mutable_welcome();
          w->set_heartbeat_ms(config.broker.heartbeat_ms);
          w->set_liveness(config.broker.liveness);
          w->set_lease_ms(config.broker.lease_ms);
          w->set_max_attempts(config.broker.max_attempts);
          w->set_session(session);
          SendToWorker(identity, reply);
          worker_log->info("worker '{}' joined for {} with a window of {} (session {})", env.hello().worker(),
                           fmt::join(opds, ","), workers.Find(identity)->window, session);
          dispatch_dirty = true;
          break;
        }
        case v1::Envelope::kCredit:
          if (!workers.Grow(identity, env.credit().credit(), clock.MonoUs())) {
            Reject(*worker, "worker", identity, env.request_id(), Status::NotRegistered("say hello first"));
          }
          dispatch_dirty = true;
          break;
        case v1::Envelope::kDeliverAck: {
          const auto& ack = env.deliver_ack();
          // What a platform said about a reply is a fact, whoever reports it: a responder that was
          // taken for dead while it waited on a slow platform, or that reconnected after a broker
          // restart, still settles the reply (it is never posted twice either way).
          if (ack.has_reply() && ack.reply().reply_id() != 0) {
            Touch(identity);
            OnReplyResult(identity, ack);
            if (!workers.Has(identity)) {
              Reject(*worker, "worker", identity, env.request_id(), Status::NotRegistered("say hello first"));
            }
            break;
          }
          if (!Touch(identity)) {
            Reject(*worker, "worker", identity, env.request_id(), Status::NotRegistered("say hello first"));
            break;
          }
          // DeliverAck.credit is ignored: ending the lease frees its room in the window.
          auto r = dispatcher->Ack(identity, ack.lease_id(), ack.ticket_id(), ack.outcome(), ack.error());
          dispatch_dirty = true;
          if (r.kind == dispatch::AckResult::kStale) {
            stale_acks->Inc();
            worker_log->debug("stale ack for lease {} (ticket {})", ack.lease_id(), ack.ticket_id());
          } else if (r.kind == dispatch::AckResult::kDone) {
            delivered->Inc();
            WriteItem item;
            item.op = store::DeliveredOp{r.ticket_id, r.worker, clock.NowMs(), r.attempt};
            pending_writes.push_back(std::move(item));
          } else if (r.failure) {
            PersistFailures({*r.failure});
          }
          break;
        }
        case v1::Envelope::kHeartbeat:
          if (!Touch(identity)) {
            Reject(*worker, "worker", identity, env.request_id(), Status::NotRegistered("say hello first"));
          }
          break;
        case v1::Envelope::kReplySending: {
          if (!Touch(identity)) {
            Reject(*worker, "worker", identity, env.request_id(), Status::NotRegistered("say hello first"));
            break;
          }
          WriteItem item;
          item.op = ReplySendingOp{env.reply_sending().reply_id(), env.reply_sending().lease_id(),
                                   workers.Name(identity), workers.Find(identity)->session, clock.NowMs()};
          item.identity = identity;
          item.request_id = env.request_id();
          pending_writes.push_back(std::move(item));
          break;
        }
        case v1::Envelope::kBye:
          ForgetWorker(identity, false, "worker left");
          worker_log->info("a worker left");
          break;
        default:
          Reject(*worker, "worker", identity, env.request_id(),
                 Status::UnknownCommand("the worker endpoint does not accept '" + std::string(BodyName(env)) +
                                        "'"));
      }
    }
  }

  bool Touch(const std::string& identity) { return workers.Touch(identity, clock.MonoUs()); }

  // The room a reply's post took in its worker's window is free again (its result came, or none
  // will).
  void ReturnRoom(Sending& s) {
    if (!s.room) return;
    s.room = false;
    const auto* w = workers.Find(s.identity);
    if (w != nullptr && w->session == s.session) {
      workers.Returned(s.identity);
      dispatch_dirty = true;
    }
  }

  // A worker left or died: its ticket and reply leases go back; replies it was posting become
  // uncertain (they are never handed out again).
  void ForgetWorker(const std::string& identity, bool died, const std::string& reason) {
    PersistFailures(dispatcher->RemoveWorker(identity, died, reason));
    PersistReplyFailures(reply_dispatcher->RemoveWorker(identity, died, reason));
    for (auto& [reply_id, s] : sending) {
      if (s.identity != identity) continue;
      s.room = false;
      s.deadline_us = 0;  // Timers() records it as uncertain
    }
    workers.Remove(identity);
    worker_last_send_us.erase(identity);
    dispatch_dirty = true;
  }

  void PersistReplyFailures(const std::vector<dispatch::Failure>& failures) {
    for (const auto& f : failures) {
      if (!f.dead_letter) {
        worker_log->info("reply {} delivery attempt {} failed ({}); back in the queue", f.ticket_id,
                         f.attempts, f.reason);
        continue;
      }
      WriteItem item;
      ReplyResultOp op;
      op.result.set_reply_id(f.ticket_id);
      op.result.set_outcome(v1::EGRESS_PERMANENT);
      op.result.set_reason("no response worker took it after " + std::to_string(f.attempts) +
                           " deliveries (" + f.reason + ")");
      op.worker = f.worker;
      op.leased = true;  // the broker ended the lease itself
      op.now_ms = clock.NowMs();
      item.op = std::move(op);
      pending_writes.push_back(std::move(item));
    }
    if (!failures.empty()) dispatch_dirty = true;
  }

  void OnReplyResult(const std::string& identity, const v1::DeliverAck& ack) {
    const uint64_t reply_id = ack.reply().reply_id();
    dispatch_dirty = true;
    bool held = false;
    auto s = sending.find(reply_id);
    if (ack.reply().outcome() == v1::EGRESS_NOT_SENT) {
      // The worker did not post it. Still leased here (it never asked, or its question is on the
      // way to the writer): back to the queue, no attempt counted. Otherwise the store decides by
      // the session that got the go-ahead (ReplyOps::Result).
      if (reply_dispatcher->Release(identity, ack.lease_id(), reply_id)) {
        given_up[reply_id] = {ack.session(), clock.MonoUs()};
        return;
      }
      if (s != sending.end() && s->second.session == ack.session()) {
        ReturnRoom(s->second);
        sending.erase(s);
      }
    } else {
      // Any other result: the lease ends here (if the broker still holds it), and so does the
      // room of the post.
      held = reply_dispatcher->Ack(identity, ack.lease_id(), reply_id, v1::DONE, "").kind ==
             dispatch::AckResult::kDone;
      if (s != sending.end()) {
        ReturnRoom(s->second);
        sending.erase(s);
      }
    }
    WriteItem item;
    item.op = ReplyResultOp{ack.reply(), workers.Name(identity), ack.session(), held, clock.NowMs()};
    pending_writes.push_back(std::move(item));
  }

  // A whole ticket goes to its reader only once the read is on the record (view_ops.h).
  void FinishView(WriteDone& done) {
    if (done.status.ok()) {
      views.Recorded(done.view.admin_id, done.view.ticket_id, done.view.now_ms);
      api_requests->Inc();
      (void)SendEncoded(*api, done.identity, done.view.answer);
      return;
    }
    views.Failed(done.view.admin_id, done.view.ticket_id);
    api_log->warn("ticket {} not shown to {}: its reading could not be recorded: {}", done.view.ticket_id,
                  done.view.admin_id, done.status.ToString());
    // The store failed: try again later. Anything else (the ticket is gone) is the answer as it is.
    Status answer = StoreFailed(done.status) || done.status.code() == v1::UNAVAILABLE
                        ? Status::Unavailable(
                              i18n::T(i18n::K("api.view_not_recorded"), {{"reason", done.status.message()}}))
                        : done.status;
    AnswerApi(done.identity, ErrorEnvelope(done.request_id, answer));
  }

  void AnswerApi(const std::string& identity, const v1::Envelope& reply) {
    api_requests->Inc();
    (void)SendEnvelope(*api, identity, reply);
  }

  void OnDesk(const std::string& identity, v1::Envelope& env) {
    desk::Canonicalize(env.mutable_desk());
    Status s = desk::FindActor(config, env.actor()).status();
    if (s.ok()) s = desk::ValidateCommand(config, env.desk());
    if (!s.ok()) {
      desk_refused->Inc();
      api_log->info("desk {} refused: {}", BodyName(env), s.ToString());
      AnswerApi(identity, ErrorEnvelope(env.request_id(), s));
      return;
    }
    WriteItem item;
    item.op = DeskOp{std::move(*env.mutable_desk()), env.actor(), clock.NowMs()};
    item.identity = identity;
    item.request_id = env.request_id();
    pending_writes.push_back(std::move(item));
  }

  void OnAckAlert(const std::string& identity, v1::Envelope& env) {
    Status s = desk::FindActor(config, env.actor()).status();
    if (s.ok() && env.ack_alert().alert_id() == 0)
      s = Status::InvalidArgument("ack_alert.alert_id", i18n::T(i18n::K("alert.id_required")));
    if (s.ok() && env.ack_alert().note().size() > 2000) {
      s = Status::TooLarge("ack_alert.note", i18n::T(i18n::K("alert.note_too_long"), {{"max", 2000}}));
    }
    if (s.ok() && IsBlank(env.ack_alert().note())) env.mutable_ack_alert()->clear_note();
    if (!s.ok()) {
      AnswerApi(identity, ErrorEnvelope(env.request_id(), s));
      return;
    }
    WriteItem item;
    item.op = AckAlertOp{std::move(*env.mutable_ack_alert()), env.actor(), clock.NowMs()};
    item.identity = identity;
    item.request_id = env.request_id();
    pending_writes.push_back(std::move(item));
  }

  // citizen_export, citizen_erase and data_request: the writer checks who asks (PrivacyOps), records the
  // events and answers in the same transaction.
  void OnCitizen(const std::string& identity, v1::Envelope& env) {
    WriteItem item;
    if (env.body_case() == v1::Envelope::kCitizenExport) {
      item.op = CitizenExportOp{std::move(*env.mutable_citizen_export()), env.actor(), clock.NowMs()};
    } else if (env.body_case() == v1::Envelope::kDataRequest) {
      item.op = DataRequestOp{std::move(*env.mutable_data_request()), env.actor(), clock.NowMs()};
    } else {
      item.op = CitizenEraseOp{std::move(*env.mutable_citizen_erase()), env.actor(), clock.NowMs()};
    }
    item.identity = identity;
    item.request_id = env.request_id();
    pending_writes.push_back(std::move(item));
  }

  void FinishPrivacy(WriteDone& done) {
    for (auto& r : done.privacy.refreshed) dispatcher->Refresh(r.id, std::move(r.body));
    if (const auto& c = done.privacy.created) {
      dispatcher->Enqueue({c->id, c->opd, c->urgency, c->sla_due_ms, 0, c->body});
      dispatch_dirty = true;
    }
    if (done.kind == WriteDone::Kind::kRetention) {
      retention_running = false;
      const int64_t now = clock.NowMs();
      if (!done.privacy.status.ok()) {
        log->error("the retention purge failed: {}", done.privacy.status.ToString());
        next_retention_ms = now + 60'000;
        return;
      }
      personal_purged->Inc(done.privacy.erased);
      if (done.privacy.erased > 0 || done.privacy.tombstones > 0)
        log->info(
            "retention: the personal data of {} closed tickets purged, {} old withdrawals forgotten ({} "
            "days)",
            done.privacy.erased, done.privacy.tombstones, config.privacy.personal_data_days);
      next_retention_ms = done.privacy.more ? now : now + 3'600'000;
      return;
    }
    if (!done.privacy.status.ok()) {
      api_log->info("citizen command refused: {}", done.privacy.status.ToString());
      AnswerApi(done.identity, ErrorEnvelope(done.request_id, done.privacy.status));
      return;
    }
    v1::Envelope& reply = done.privacy.answer;
    reply.set_request_id(done.request_id);
    if (reply.has_citizen_data()) {
      personal_exported->Inc(static_cast<uint64_t>(reply.citizen_data().tickets_size()));
    } else {
      personal_erased->Inc(done.privacy.erased);
    }
    AnswerApi(done.identity, reply);
  }

  void OnApi() {
    std::string identity;
    v1::Envelope env;
    const auth::Identity* who = nullptr;
    for (int n = 0; n < kMaxDrainPerSocket; ++n) {
      bool ok = false;
      if (!Receive(*api, "api", &identity, &env, &who, &ok)) break;
      if (!ok) continue;
      // Admin ids are lower case; people type them as they like.
      for (char& c : *env.mutable_actor()) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
      // The actor the command acts as: from a person's key its own id, from a console the user it
      // names, without keys as sent (broker/auth/authorize.h).
      auth::Decision d = gate->Check(who, auth::Endpoint::kApi, env);
      if (!d.status.ok()) {
        Deny(*api, "api", identity, env.request_id(), d.status);
        continue;
      }
      env.set_actor(d.actor);
      if (env.body_case() == v1::Envelope::kDesk) {
        OnDesk(identity, env);
        continue;
      }
      if (env.body_case() == v1::Envelope::kAckAlert) {
        OnAckAlert(identity, env);
        continue;
      }
      if (env.body_case() == v1::Envelope::kCitizenExport || env.body_case() == v1::Envelope::kCitizenErase ||
          env.body_case() == v1::Envelope::kDataRequest) {
        OnCitizen(identity, env);
        continue;
      }
      if (!api::QueryHandler::Accepts(env.body_case())) {
        Reject(
            *api, "api", identity, env.request_id(),
            Status::UnknownCommand("the api endpoint does not accept '" + std::string(BodyName(env)) + "'"));
        continue;
      }
      queries->Push({identity, std::move(env)});
    }
  }

  // The events endpoint announces only the newest seq (PROTOCOL 2.4): the events themselves are
  // read with read_events, which the broker authorizes per identity and OPD. A PUB socket cannot
  // tell its subscribers apart, so it carries nothing that one of them may not see.
  void AnnounceHead() {
    std::string body = EncodeHeadNotice(published_head);
    try {
      events->send(zmq::buffer(kHeadTopic), zmq::send_flags::sndmore);
      events->send(zmq::buffer(kSignature), zmq::send_flags::sndmore);
      events->send(zmq::buffer(body), zmq::send_flags::none);
    } catch (const zmq::error_t& err) {
      log->warn("publish failed: {}", err.what());
    }
  }

  void Publish(const std::vector<v1::Event>& list) {
    for (const auto& e : list) {
      published_head = std::max<uint64_t>(published_head, e.seq());
      events_published->Inc();
      switch (e.type()) {
        case v1::REPLY_QUEUED:
          replies_queued->Inc();
          break;
        case v1::REPLY_POSTED:
          replies_posted->Inc();
          break;
        case v1::REPLY_REJECTED:
          replies_failed->Inc();
          break;
        case v1::REPLY_UNCERTAIN:
          replies_uncertain->Inc();
          break;
        case v1::SLA_WARNING:
          sla_warnings->Inc();
          break;
        case v1::SLA_BREACHED:
          sla_breaches->Inc();
          break;
        case v1::SLA_ESCALATED:
          sla_escalations->Inc();
          break;
        default:
          break;
      }
      last_seq->Set(static_cast<double>(e.seq()));
    }
    AnnounceHead();
  }

  void OnWake() {
    zmq::message_t m;
    while (wake->recv(m, zmq::recv_flags::dontwait)) {
    }
    for (auto& done : writer->Take()) {
      if (done.settled_ticket != 0) dispatcher->Settled(done.settled_ticket);
      if (done.settled_reply != 0) reply_dispatcher->Settled(done.settled_reply);
      if (!done.events.empty()) Publish(done.events);
      for (const SlaNext& n : done.sla_next) {
        if (n.fired) sla_firing.erase(n.ticket_id);
        if (n.next_ms > 0) {
          tracker->Upsert(n.ticket_id, n.next_ms);
        } else {
          tracker->Remove(n.ticket_id);
        }
      }
      if (done.kind == WriteDone::Kind::kPrivacy || done.kind == WriteDone::Kind::kRetention) {
        FinishPrivacy(done);
        continue;
      }
      if (done.kind == WriteDone::Kind::kView) {
        FinishView(done);
        continue;
      }
      if (done.kind == WriteDone::Kind::kAckAlert) {
        v1::Envelope reply;
        if (done.ack.status.ok()) {
          reply.set_request_id(done.request_id);
          *reply.mutable_alert_acked()->mutable_alert() = std::move(done.ack.alert);
        } else {
          reply = ErrorEnvelope(done.request_id, done.ack.status);
        }
        AnswerApi(done.identity, reply);
        continue;
      }
      if (done.reply.queue) {
        const QueuedReply& q = *done.reply.queue;
        reply_dispatcher->Enqueue({q.id, q.opd, q.urgency, 0, 0, q.body});
        dispatch_dirty = true;
      }
      if (done.reply.retry) {
        const QueuedReply& q = *done.reply.retry;
        int shift = std::min<int>(static_cast<int>(q.attempts) - 1, 16);
        int64_t backoff_ms =
            std::min<int64_t>(int64_t{config.desk.reply_retry_ms} << std::max(shift, 0), 300000);
        reply_retries.emplace(clock.MonoUs() + backoff_ms * 1000,
                              dispatch::QueuedTicket{q.id, q.opd, q.urgency, 0, q.attempts, nullptr});
        reply_dispatcher->Hold(q.id);  // pending in the store, but not to be read back before its time
        worker_log->info("reply {} failed for now (attempt {}); trying again in {} ms", q.id, q.attempts,
                         backoff_ms);
      }
      if (done.kind == WriteDone::Kind::kDesk) {
        FinishDesk(done);
        continue;
      }
      if (done.kind == WriteDone::Kind::kReplySending) {
        FinishReplySending(done);
        continue;
      }
      if (done.kind == WriteDone::Kind::kReply && !done.reply.status.ok()) {
        worker_log->warn("reply {} result not recorded: {}", done.reply_id, done.reply.status.ToString());
      }
      if (done.kind != WriteDone::Kind::kSubmit) continue;
      if (auto it = in_flight.find(done.identity); it != in_flight.end() && --it->second <= 0)
        in_flight.erase(it);
      v1::Envelope reply;
      if (!done.submit.status.ok()) {
        submit_errors->Inc();
        reply = ErrorEnvelope(done.request_id, done.submit.status);
        ingest_log->warn("submit failed: {}", done.submit.status.ToString());
      } else {
        reply.set_request_id(done.request_id);
        *reply.mutable_submit_ack() = done.submit.ack;
        auto outcome = done.submit.ack.outcome();
        (outcome == v1::OUTCOME_CREATED     ? acks_created
         : outcome == v1::OUTCOME_DUPLICATE ? acks_duplicate
                                            : acks_other)
            ->Inc();
        if (done.submit.ticket && done.submit.pending_delivery) {
          if (done.created) {
            dispatcher->Enqueue({done.submit.ack.ticket_id(), done.submit.ack.opd(), done.submit.urgency,
                                 done.submit.sla_due_ms, done.submit.attempts, done.submit.ticket});
            dispatch_dirty = true;
          } else {
            dispatcher->Refresh(done.submit.ack.ticket_id(), done.submit.ticket);
          }
        }
      }
      Status s = SendEnvelope(*ingest, done.identity, reply);
      if (!s.ok()) ingest_log->debug("ack not delivered (client gone): {}", s.ToString());
    }
    for (auto& done : queries->Take()) {
      if (done.read.ticket_id != 0 &&
          views.ShouldRecord(done.read.admin_id, done.read.ticket_id, clock.NowMs())) {
        WriteItem item;
        item.op = TicketViewOp{done.read.ticket_id, done.read.admin_id, clock.NowMs(), std::move(done.reply)};
        item.identity = std::move(done.identity);
        item.request_id = done.request_id;
        pending_writes.push_back(std::move(item));
        continue;
      }
      api_requests->Inc();
      (void)SendEncoded(*api, done.identity, done.reply);
    }
  }

  void FinishDesk(WriteDone& done) {
    if (!done.reply.status.ok()) {
      desk_refused->Inc();
      api_log->info("desk command refused: {}", done.reply.status.ToString());
      AnswerApi(done.identity, ErrorEnvelope(done.request_id, done.reply.status));
      return;
    }
    desk_commands->Inc();
    if (!done.reply.moved_from.empty()) {
      // A transferred ticket still waiting for a worker now waits for the new OPD's.
      const v1::Ticket& moved = done.reply.desk.ticket();
      if (auto waiting = dispatcher->Remove(done.ticket_id)) {
        waiting->opd = moved.opd();
        dispatcher->Enqueue(std::move(*waiting));
        dispatch_dirty = true;
      } else if (moved.delivery().state() == v1::PENDING && !dispatcher->Leased(moved.id())) {
        // It waited in the store past the queue budget: the new OPD's queue takes it (or leaves it
        // in the store, counted, to read back in its turn).
        dispatcher->Enqueue({moved.id(), moved.opd(), moved.urgency(), moved.sla().first_response_due_ms(),
                             moved.delivery().attempts(), nullptr});
        dispatch_dirty = true;
      }
    }
    v1::Envelope reply;
    reply.set_request_id(done.request_id);
    *reply.mutable_desk_result() = std::move(done.reply.desk);
    AnswerApi(done.identity, reply);
  }

  void FinishReplySending(const WriteDone& done) {
    v1::Envelope reply;
    reply.set_request_id(done.request_id);
    auto* ack = reply.mutable_reply_sending_ack();
    ack->set_reply_id(done.reply_id);
    ack->set_proceed(done.reply.proceed);
    if (!done.reply.status.ok()) ack->set_reason(done.reply.status.message());
    if (done.reply.status.code() != v1::UNAVAILABLE) {
      // Posting (or refusing to) ends the lease; the result arrives as a DeliverAck with `reply`.
      // A refusal frees the lease's room; a post keeps it until its result (or none will come).
      const bool held =
          reply_dispatcher->Ack(done.identity, done.lease_id, done.reply_id, v1::DONE, "").kind ==
          dispatch::AckResult::kDone;
      dispatch_dirty = true;
      auto gave_up = given_up.find(done.reply_id);
      if (gave_up != given_up.end() && gave_up->second.first == done.session) {
        given_up.erase(gave_up);
        if (done.reply.proceed) {
          // The worker stopped waiting for this go-ahead and will not post: undo it (the reply is
          // queued already; the store takes it back from SENDING).
          WriteItem item;
          v1::ReplyResult r;
          r.set_reply_id(done.reply_id);
          r.set_outcome(v1::EGRESS_NOT_SENT);
          item.op =
              ReplyResultOp{std::move(r), workers.Name(done.identity), done.session, false, clock.NowMs()};
          pending_writes.push_back(std::move(item));
        }
      } else if (done.reply.proceed) {
        const auto* w = workers.Find(done.identity);
        Sending& s = sending[done.reply_id];
        s.identity = done.identity;
        s.session = done.session;
        s.lease_id = done.lease_id;
        s.deadline_us = clock.MonoUs() + int64_t{config.broker.lease_ms} * 1000;
        if (held && w != nullptr && w->session == done.session) {
          workers.Took(done.identity);
          s.room = true;
        }
      }
    }
    SendToWorker(done.identity, reply);
  }

  void DispatchReplies() {
    for (auto& d : reply_dispatcher->Next(1024)) {
      const auto* w = workers.Find(d.identity);
      if (w == nullptr) continue;  // forgotten a moment ago: its leases went back
      std::string bytes = EncodeDeliver(d, w->session, v1::Deliver::kReplyFieldNumber);
      Status s = SendEncoded(*worker, d.identity, bytes);
      if (!s.ok()) {
        worker_log->warn("cannot deliver a reply to a worker ({}); returning its leases", s.message());
        ForgetWorker(d.identity, true, "worker unreachable (its connection is gone)");
        continue;
      }
      worker_last_send_us[d.identity] = clock.MonoUs();
    }
  }

  void Dispatch() {
    if (!dispatch_dirty) return;
    dispatch_dirty = false;
    DispatchReplies();
    auto list = dispatcher->Next(4096);
    for (auto& d : list) {
      const auto* w = workers.Find(d.identity);
      if (w == nullptr) continue;  // forgotten a moment ago: its leases went back
      std::string bytes = EncodeDeliver(d, w->session);
      Status s = SendEncoded(*worker, d.identity, bytes);
      if (!s.ok()) {
        // The worker is gone (its connection closed without a bye: it died): its leases, this one
        // included, go back and count as failed attempts, as when its heartbeats stop.
        worker_log->warn("cannot deliver to a worker ({}); returning its leases", s.message());
        ForgetWorker(d.identity, true, "worker unreachable (its connection is gone)");
        continue;
      }
      worker_last_send_us[d.identity] = clock.MonoUs();
      deliveries->Inc();
      if (d.attempt > 1) redeliveries->Inc();
    }
    if (list.size() == 4096) dispatch_dirty = true;
  }

  void Timers() {
    int64_t now = clock.MonoUs();
    if (tracker->NextDueMs() <= clock.NowMs()) {
      std::vector<sla::Deadline> due;
      tracker->PopDue(&due, 4096);
      for (const auto& d : due) {
        if (!sla_firing.insert(d.ticket).second) continue;  // already on its way
        WriteItem item;
        item.op = SlaFireOp{d.ticket};
        pending_writes.push_back(std::move(item));
      }
    }
    PersistFailures(dispatcher->ExpireLeases());
    PersistReplyFailures(reply_dispatcher->ExpireLeases());
    // The retention purge: at start, then hourly (in ticket time), at once again after a full batch.
    // A clock set back by more than an hour does not postpone it.
    if (const int64_t wall = clock.NowMs();
        config.privacy.personal_data_days > 0 && !retention_running &&
        (wall >= next_retention_ms || next_retention_ms - wall > 3'600'000)) {
      retention_running = true;
      WriteItem item;
      item.op = RetentionOp{wall};
      pending_writes.push_back(std::move(item));
    }
    if (const int64_t wall = clock.NowMs();
        wall >= next_calendar_check_ms || next_calendar_check_ms - wall > 86'400'000)
      CheckHolidayCalendar();
    while (!reply_retries.empty() && reply_retries.begin()->first <= now) {
      reply_dispatcher->Enqueue(std::move(reply_retries.begin()->second));
      reply_retries.erase(reply_retries.begin());
      dispatch_dirty = true;
    }
    bool beat = now >= next_heartbeat_us;
    if (beat) {
      std::erase_if(given_up, [&](const auto& g) { return now - g.second.second > 60'000'000; });
      next_heartbeat_us = now + int64_t{config.broker.heartbeat_ms} * 1000;
      const int64_t limit_us = int64_t{config.broker.heartbeat_ms} * config.broker.liveness * 1000;
      for (const auto& identity : workers.Silent(limit_us, now)) {
        worker_log->warn("a worker missed {} heartbeats; returning its leases", config.broker.liveness);
        ForgetWorker(identity, true, "worker stopped answering heartbeats");
      }
    }
    for (auto it = sending.begin(); it != sending.end();) {
      if (it->second.deadline_us > now) {
        ++it;
        continue;
      }
      ReturnRoom(it->second);
      WriteItem item;
      // Session 0 is no worker's: `aspirasi restore` held the reply (it may have been posted after
      // the backup).
      const char* why = !it->second.identity.empty() ? "responder_stopped"
                        : it->second.session == 0    ? "restored"
                                                     : "broker_restarted";
      item.op = ReplyUncertainOp{it->first, it->second.session, why, clock.NowMs()};
      pending_writes.push_back(std::move(item));
      it = sending.erase(it);
    }
    if (beat) {
      AnnounceHead();  // also when nothing happened: a lost announcement is repaired within a beat
      v1::Envelope hb;
      hb.mutable_heartbeat();
      std::string bytes = EncodeEnvelope(hb);
      for (const auto& identity : workers.Identities()) {
        auto it = worker_last_send_us.find(identity);
        if (it == worker_last_send_us.end() ||
            now - it->second >= int64_t{config.broker.heartbeat_ms} * 500) {
          if (SendEncoded(*worker, identity, bytes).ok()) worker_last_send_us[identity] = now;
        }
      }
      queued->Set(static_cast<double>(dispatcher->queued()));
      queued_replies->Set(static_cast<double>(reply_dispatcher->queued()));
      queued_in_store->Set(static_cast<double>(dispatcher->in_store() + reply_dispatcher->in_store()));
      queue_memory->Set(static_cast<double>(queue_budget->used_bytes));
      leased->Set(static_cast<double>(dispatcher->leased()));
      workers_gauge->Set(static_cast<double>(workers.size()));
      SetOpdWorkers();
      worker_window->Set(static_cast<double>(workers.windows()));
      worker_outstanding->Set(static_cast<double>(workers.outstanding()));
      sla_tracked->Set(static_cast<double>(tracker->held()));
      sla_tracker_bytes->Set(static_cast<double>(tracker->MemoryBytes()));
    }
  }

  // aspirasi_opd_workers{opd}: 0 is what an operator alerts on ("PUPR has no responder").
  void SetOpdWorkers() {
    std::unordered_map<std::string, int> serving;
    for (const std::string& identity : workers.Identities()) {
      if (const auto* w = workers.Find(identity)) {
        for (const std::string& opd : w->opds) ++serving[opd];
      }
    }
    for (auto& [opd, gauge] : opd_workers) {
      auto it = serving.find(opd);
      gauge->Set(it == serving.end() ? 0.0 : static_cast<double>(it->second));
    }
  }

  long PollTimeoutMs() {
    if (dispatch_dirty || !pending_writes.empty()) return 0;
    int64_t now = clock.MonoUs();
    int64_t next = next_heartbeat_us;
    for (int64_t lease : {dispatcher->NextExpiryUs(), reply_dispatcher->NextExpiryUs()}) {
      if (lease > 0) next = std::min(next, lease);
    }
    if (!reply_retries.empty()) next = std::min(next, reply_retries.begin()->first);
    int64_t wait = std::clamp<int64_t>((next - now + 999) / 1000, 0, 100);
    // The SLA instant is in the clock's (possibly compressed) time: wait the real equivalent.
    if (tracker->held() > 0 || tracker->spilled()) {
      wait = std::min(wait, clock.RealMsFor(tracker->WaitMs(wait * 1000 + 1000)));
    }
    return static_cast<long>(wait);
  }

  Status Run() {
    std::vector<zmq::pollitem_t> items = {
        {ingest->handle(), 0, ZMQ_POLLIN, 0},
        {worker->handle(), 0, ZMQ_POLLIN, 0},
        {api->handle(), 0, ZMQ_POLLIN, 0},
        {wake->handle(), 0, ZMQ_POLLIN, 0},
    };
    while (!stop.load()) {
      try {
        zmq::poll(items.data(), items.size(), std::chrono::milliseconds(PollTimeoutMs()));
      } catch (const zmq::error_t& e) {
        if (e.num() == EINTR) continue;
        return Status::Io(std::string("poll failed: ") + e.what());
      }
      if (items[3].revents & ZMQ_POLLIN) OnWake();
      if (items[0].revents & ZMQ_POLLIN) OnIngest();
      if (items[1].revents & ZMQ_POLLIN) OnWorker();
      if (items[2].revents & ZMQ_POLLIN) OnApi();
      if (reload.exchange(false)) (void)gate->Reload();  // logged and counted by the gatekeeper
      Timers();
      Dispatch();
      writer->PushAll(pending_writes);
    }
    log->info("stopping: draining the writer");
    // The queries first: a named read they finished still needs its record from the writer.
    queries->Stop();
    OnWake();
    writer->PushAll(pending_writes);
    writer->Stop();
    chain_head->Final(store->chain_head());
    checkpointer->Stop();
    OnWake();  // answer what was committed during the drain
    http->Stop();
    gate->Stop();
    log->info("stopped");
    return Status::Ok();
  }
};

Broker::Broker(Config config, const Clock& clock) : impl_(std::make_unique<Impl>(std::move(config), clock)) {}
Broker::~Broker() = default;
Status Broker::Start() { return impl_->Start(); }
const BoundEndpoints& Broker::endpoints() const { return impl_->bound; }
Status Broker::Run() { return impl_->Run(); }
void Broker::RequestStop() { impl_->stop = true; }
void Broker::RequestReload() { impl_->reload = true; }
Metrics& Broker::metrics() { return impl_->metrics; }

}  // namespace aspirasi::server
