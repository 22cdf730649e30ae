// Keys and authorization against a real aspirasid with [security] (docs/SECURITY.md): nothing
// reaches the broker without a key it knows, on any endpoint; each identity does only what its
// role allows, and acts as itself whatever actor it sends; a console acts for its users. One
// broker serves the whole suite (its start costs more than the checks).
#include <gtest/gtest.h>
#include <httplib.h>
#include <sys/stat.h>

#include <fstream>
#include <memory>
#include <set>
#include <zmq.hpp>
#include <zmq_addon.hpp>

#include "clients/lib/api_client.h"
#include "clients/lib/client_keys.h"
#include "clients/lib/event_subscriber.h"
#include "clients/lib/ingest_client.h"
#include "clients/lib/worker_session.h"
#include "common/curve_keys.h"
#include "common/frame.h"
#include "tests/support/broker_fixture.h"
#include "tests/support/drafts.h"
#include "tests/support/wait.h"

namespace aspirasi::testing {
namespace {

const char* const kNames[] = {"broker",         "ingest",  "budi",     "kadis-dlh",
                              "responder-pupr", "console", "stranger", "viewer"};

class Security : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    broker_ = new BrokerFixture("security");
    const std::string keys = (broker_->dir() / "keys").string();
    for (const char* name : kNames) {
      auto pair = GenerateCurveKeyPair();
      ASSERT_TRUE(pair.ok());
      ASSERT_TRUE(WriteCurveKeyPair(keys, name, *pair).ok());
    }
    broker_->AppendConfig(R"(
[security]
server_secret_file = "keys/broker.key_secret"

[[key]]
identity = "ingest-main"
role = "ingest"
public_file = "keys/ingest.key"

[[key]]
identity = "budi.pupr"
role = "admin"
public_file = "keys/budi.key"

[[key]]
identity = "kadis.dlh"
role = "supervisor"
public_file = "keys/kadis-dlh.key"

[[key]]
identity = "responder-pupr"
role = "responder"
public_file = "keys/responder-pupr.key"
opds = ["PUPR"]

[[key]]
identity = "console"
role = "console"
public_file = "keys/console.key"
)");
    ASSERT_TRUE(broker_->Start()) << broker_->error() << broker_->Log();
    auto config = LoadConfig(broker_->config_path());
    ASSERT_TRUE(config.ok()) << config.status().ToString();
    security_ = new SecurityConfig(config->security);
  }
  static void TearDownTestSuite() {
    delete broker_;
    delete security_;
  }

  static ClientKeys Keys(const std::string& name) {
    auto keys = LoadClientKeys(*security_, (broker_->dir() / "keys" / (name + ".key_secret")).string());
    EXPECT_TRUE(keys.ok()) << keys.status().ToString();
    return keys.ok() ? *keys : ClientKeys{};
  }
  static std::unique_ptr<ApiClient> Api(const std::string& name, int timeout_ms = 5000) {
    return std::make_unique<ApiClient>(broker_->endpoints().api, timeout_ms, nullptr, Keys(name));
  }
  static uint64_t SubmitAs(const std::string& name, const std::string& key, const std::string& opd) {
    IngestOptions o;
    o.keys = Keys(name);
    IngestClient ingest(broker_->endpoints().ingest, o);
    auto ack = ingest.Submit(FacebookComment(key, opd, "Jalan berlubang di depan pasar"));
    EXPECT_TRUE(ack.ok()) << ack.status().ToString();
    return ack.ok() ? ack->ticket_id() : 0;
  }
  static std::string Cli(const std::vector<std::string>& args, int* exit_code) {
    std::vector<std::string> argv = {
        CliBinary(), "--config", broker_->config_path(), "--api", broker_->endpoints().api, "--lang", "en"};
    argv.insert(argv.end(), args.begin(), args.end());
    std::string out;
    *exit_code = RunCommand(argv, &out);
    return out;
  }
  static std::string Metrics() {
    httplib::Client http("http://" + broker_->endpoints().http);
    auto res = http.Get("/metrics");
    return res ? res->body : std::string();
  }
  static std::string KeyFile(const std::string& name) {
    return (broker_->dir() / "keys" / (name + ".key_secret")).string();
  }

  static BrokerFixture* broker_;
  static SecurityConfig* security_;
};

BrokerFixture* Security::broker_ = nullptr;
SecurityConfig* Security::security_ = nullptr;

TEST_F(Security, AnUnknownKeyIsRefusedOnTheApiWithAClearErrorAndOthersAreStillServed) {
  auto stranger = Api("stranger", 1500);
  auto pong = stranger->Ping();
  ASSERT_FALSE(pong.ok());
  EXPECT_EQ(pong.status().code(), v1::PERMISSION_DENIED) << pong.status().ToString();
  auto budi = Api("budi");
  auto ok = budi->Ping();
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_TRUE(WaitFor(
      [] { return Metrics().find("aspirasi_handshakes_total{result=\"refused\"}") != std::string::npos; }));
  EXPECT_NE(broker_->Log().find("refused a connection from"), std::string::npos);
}

TEST_F(Security, AnUnknownKeyCannotSubmitAndItsSubmitIsNotLostAsPermanent) {
  IngestOptions o;
  o.keys = Keys("stranger");
  o.timeout_ms = 1000;
  o.max_retries = 1;
  IngestClient ingest(broker_->endpoints().ingest, o);
  auto ack = ingest.Submit(FacebookComment("sec:stranger", "PUPR", "Lampu jalan mati"));
  ASSERT_FALSE(ack.ok());
  // The ingest keeps such a submit in its spool (PERMISSION_DENIED is not permanent there).
  EXPECT_EQ(ack.status().code(), v1::PERMISSION_DENIED) << ack.status().ToString();
  auto tickets = Api("budi")->ListTickets(v1::ListTickets());
  ASSERT_TRUE(tickets.ok());
  for (const auto& t : tickets->tickets()) EXPECT_NE(t.source_key(), "sec:stranger");
}

TEST_F(Security, AClientWithoutCurveGetsNoAnswerAndTheBrokerKeepsServing) {
  zmq::context_t ctx;
  zmq::socket_t plain(ctx, zmq::socket_type::dealer);
  plain.set(zmq::sockopt::linger, 0);
  plain.connect(broker_->endpoints().api);
  v1::Envelope env;
  env.set_request_id(1);
  env.mutable_ping();
  plain.send(zmq::buffer(std::string(kSignature)), zmq::send_flags::sndmore);
  plain.send(zmq::buffer(EncodeEnvelope(env)), zmq::send_flags::none);
  ASSERT_TRUE(Api("budi")->Ping().ok());  // served meanwhile
  zmq::pollitem_t item{plain.handle(), 0, ZMQ_POLLIN, 0};
  EXPECT_EQ(zmq::poll(&item, 1, std::chrono::milliseconds(500)), 0);
}

TEST_F(Security, AWorkerNeedsAResponderKeyForItsOwnOpds) {
  WorkerSessionOptions o;
  o.endpoint = broker_->endpoints().worker;
  o.name = "impostor";
  o.opds = {"PUPR"};
  o.keys = Keys("ingest");  // a known key, of another role
  WorkerSession wrong_role(o);
  auto r = wrong_role.Poll(5000);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), v1::PERMISSION_DENIED) << r.status().ToString();

  o.keys = Keys("responder-pupr");
  o.opds = {"DLH"};
  WorkerSession wrong_opd(o);
  r = wrong_opd.Poll(5000);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), v1::PERMISSION_DENIED) << r.status().ToString();
  EXPECT_NE(r.status().message().find("DLH"), std::string::npos);

  o.opds = {"PUPR"};
  o.name = "responder-pupr";
  WorkerSession right(o);
  uint64_t id = SubmitAs("ingest", "sec:worker", "PUPR");
  ASSERT_NE(id, 0u);
  bool got = false;
  for (int i = 0; i < 100 && !got; ++i) {
    auto d = right.Poll(100);
    ASSERT_TRUE(d.ok()) << d.status().ToString();
    if (d->has_value() && (*d)->ticket().id() == id) {
      got = true;
      ASSERT_TRUE(right.Ack(**d, v1::DONE).ok());
    } else if (d->has_value()) {
      ASSERT_TRUE(right.Ack(**d, v1::DONE).ok());
    }
  }
  EXPECT_TRUE(got);
  (void)right.Bye();

  o.keys = Keys("stranger");
  WorkerSession unknown(o);
  r = unknown.Poll(1500);
  EXPECT_TRUE(r.ok() && !r->has_value() && !unknown.registered());
  EXPECT_NE(broker_->Log().find("responder-pupr"), std::string::npos);
}

TEST_F(Security, AnAdminKeyActsAsItsOwnAdminWhateverActorItSends) {
  uint64_t pupr = SubmitAs("ingest", "sec:admin-pupr", "PUPR");
  uint64_t dlh = SubmitAs("ingest", "sec:admin-dlh", "DLH");
  ASSERT_TRUE(pupr != 0 && dlh != 0);
  auto budi = Api("budi");
  budi->set_actor("kadis.dlh");  // claims to be someone else: ignored
  v1::DeskCommand claim;
  claim.set_action(v1::DESK_CLAIM);
  claim.set_ticket_id(dlh);
  auto refused = budi->Desk(claim);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), v1::PERMISSION_DENIED) << refused.status().ToString();
  claim.set_ticket_id(pupr);
  auto claimed = budi->Desk(claim);
  ASSERT_TRUE(claimed.ok()) << claimed.status().ToString();
  EXPECT_EQ(claimed->ticket().claim().admin(), "budi.pupr");
  // Scoped reads: budi sees PUPR only, though it named a DLH supervisor.
  auto list = budi->ListTickets(v1::ListTickets());
  ASSERT_TRUE(list.ok());
  for (const auto& t : list->tickets()) EXPECT_EQ(t.opd(), "PUPR");
  // The submit is on the record under the ingest key's identity.
  auto ticket = budi->GetTicket(pupr, true);
  ASSERT_TRUE(ticket.ok());
  ASSERT_GT(ticket->events_size(), 0);
  EXPECT_EQ(ticket->events(0).actor(), "ingest:ingest-main");
}

TEST_F(Security, AConsoleActsForTheUserItNamesAndOnlyForAKnownOne) {
  uint64_t dlh = SubmitAs("ingest", "sec:console-dlh", "DLH");
  ASSERT_NE(dlh, 0u);
  auto console = Api("console");
  auto none = console->ListTickets(v1::ListTickets());
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().code(), v1::PERMISSION_DENIED);
  console->set_actor("nobody");
  auto unknown = console->ListTickets(v1::ListTickets());
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().code(), v1::PERMISSION_DENIED);
  console->set_actor("dewi.dlh");
  v1::DeskCommand claim;
  claim.set_action(v1::DESK_CLAIM);
  claim.set_ticket_id(dlh);
  auto claimed = console->Desk(claim);
  ASSERT_TRUE(claimed.ok()) << claimed.status().ToString();
  EXPECT_EQ(claimed->ticket().claim().admin(), "dewi.dlh");
}

TEST_F(Security, AKnownKeyOfTheWrongRoleIsDeniedCountedAndLogged) {
  auto ingest_on_api = Api("ingest");
  auto r = ingest_on_api->ListTickets(v1::ListTickets());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), v1::PERMISSION_DENIED);
  IngestOptions o;
  o.keys = Keys("budi");  // a person cannot submit on the ingest endpoint
  o.max_retries = 0;
  IngestClient as_budi(broker_->endpoints().ingest, o);
  auto ack = as_budi.Submit(FacebookComment("sec:budi-submits", "PUPR", "Tes"));
  ASSERT_FALSE(ack.ok());
  EXPECT_EQ(ack.status().code(), v1::PERMISSION_DENIED);
  std::string metrics = Metrics();
  EXPECT_NE(metrics.find("aspirasi_denied_total{endpoint=\"api\",role=\"ingest\"}"), std::string::npos);
  EXPECT_NE(metrics.find("aspirasi_denied_total{endpoint=\"ingest\",role=\"admin\"}"), std::string::npos);
  EXPECT_NE(broker_->Log().find("denied 'list_tickets' from ingest-main (ingest) on api"), std::string::npos);
}

// Events: the events endpoint carries only head notices (known keys only); the events come from
// read_events, scoped to the key. A subscriber of PUPR never gets DLH's events, live or in
// catch-up, whatever OPDs it asks for.
TEST_F(Security, ASubscriberReceivesOnlyTheEventsOfItsOwnOpdsLiveAndInCatchUp) {
  const uint64_t dlh_before = SubmitAs("ingest", "sec:ev:dlh-before", "DLH");
  const uint64_t pupr_before = SubmitAs("ingest", "sec:ev:pupr-before", "PUPR");
  ASSERT_NE(dlh_before, 0u);
  ASSERT_NE(pupr_before, 0u);

  EventSubscriber budi(broker_->endpoints().api, broker_->endpoints().events, {},
                       {.idle_check_ms = 500, .keys = Keys("budi")});
  EventSubscriber kadis(broker_->endpoints().api, broker_->endpoints().events, {},
                        {.idle_check_ms = 500, .keys = Keys("kadis-dlh")});
  ASSERT_TRUE(budi.Start(0).ok());  // catch-up from the very first event
  ASSERT_TRUE(kadis.Start(0).ok());
  // Live: new tickets of both OPDs while the subscribers follow.
  const uint64_t dlh_live = SubmitAs("ingest", "sec:ev:dlh-live", "DLH");
  const uint64_t pupr_live = SubmitAs("ingest", "sec:ev:pupr-live", "PUPR");
  auto collect = [](EventSubscriber& sub, uint64_t want_ticket) {
    std::set<std::string> opds;
    std::set<uint64_t> tickets;
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!tickets.count(want_ticket) && std::chrono::steady_clock::now() < until) {
      auto e = sub.Next(200);
      EXPECT_TRUE(e.ok()) << e.status().ToString();
      if (!e.ok()) break;
      if (!e->has_value()) continue;
      opds.insert((*e)->opd());
      tickets.insert((*e)->ticket_id());
    }
    return std::make_pair(opds, tickets);
  };
  auto [budi_opds, budi_tickets] = collect(budi, pupr_live);
  EXPECT_EQ(budi_opds, (std::set<std::string>{"PUPR"}));
  EXPECT_TRUE(budi_tickets.count(pupr_before));
  EXPECT_TRUE(budi_tickets.count(pupr_live));
  auto [kadis_opds, kadis_tickets] = collect(kadis, dlh_live);
  EXPECT_EQ(kadis_opds, (std::set<std::string>{"DLH"}));
  EXPECT_TRUE(kadis_tickets.count(dlh_before));
  EXPECT_TRUE(kadis_tickets.count(dlh_live));

  // Asking for another OPD's events is refused, not answered with less.
  EventSubscriber nosy(broker_->endpoints().api, broker_->endpoints().events, {"DLH"},
                       {.keys = Keys("budi")});
  ASSERT_TRUE(nosy.Start(0).ok());
  auto refused = nosy.Next(1000);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), v1::PERMISSION_DENIED);
  // Keys that may not read events at all (an ingest key) are refused too.
  EventSubscriber ingest(broker_->endpoints().api, broker_->endpoints().events, {}, {.keys = Keys("ingest")});
  ASSERT_TRUE(ingest.Start(0).ok());
  auto denied = ingest.Next(1000);
  ASSERT_FALSE(denied.ok());
  EXPECT_EQ(denied.status().code(), v1::PERMISSION_DENIED);
}

TEST_F(Security, TheEventsEndpointCarriesOnlyTheHeadAndOnlyToKnownKeys) {
  zmq::context_t ctx;
  auto subscribe = [&](const std::string& name) {
    auto s = std::make_unique<zmq::socket_t>(ctx, zmq::socket_type::sub);
    ClientKeys k = Keys(name);
    s->set(zmq::sockopt::linger, 0);
    s->set(zmq::sockopt::curve_serverkey, k.server_public);
    s->set(zmq::sockopt::curve_publickey, k.public_key);
    s->set(zmq::sockopt::curve_secretkey, k.secret_key);
    s->set(zmq::sockopt::subscribe, "");  // everything the endpoint sends
    s->connect(broker_->endpoints().events);
    return s;
  };
  auto known = subscribe("kadis-dlh");
  auto stranger = subscribe("stranger");
  // Wait for a notice announcing a new ticket (a heartbeat's notice comes every second anyway).
  const uint64_t ticket = SubmitAs("ingest", "sec:events:head", "PUPR");
  ASSERT_NE(ticket, 0u);
  bool announced = false;
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!announced && std::chrono::steady_clock::now() < until) {
    zmq::pollitem_t item{known->handle(), 0, ZMQ_POLLIN, 0};
    if (zmq::poll(&item, 1, std::chrono::milliseconds(200)) == 0) continue;
    std::vector<zmq::message_t> frames;
    ASSERT_TRUE(zmq::recv_multipart(*known, std::back_inserter(frames)));
    ASSERT_EQ(frames.size(), 3u);
    EXPECT_EQ(frames[0].to_string(), "head");
    EXPECT_EQ(frames[1].to_string_view(), kSignature);
    v1::EventList head;
    ASSERT_TRUE(head.ParseFromArray(frames[2].data(), static_cast<int>(frames[2].size())));
    EXPECT_EQ(head.events_size(), 0);  // nothing of a ticket: not its OPD, not its type
    EXPECT_EQ(head.ByteSizeLong(), frames[2].size());
    announced = head.last_seq() > 0;
  }
  ASSERT_TRUE(announced);
  zmq::pollitem_t item{stranger->handle(), 0, ZMQ_POLLIN, 0};
  EXPECT_EQ(zmq::poll(&item, 1, std::chrono::milliseconds(1500)), 0);  // heartbeats would have come
}

std::string ReadText(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::size_t Count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// SIGHUP reads the [[key]] table again: a new key works without a restart, a broken file changes
// nothing, a removed key's connection is closed while everyone else's stays.
TEST_F(Security, AReloadAddsAndRevokesKeysAndClosesOnlyTheRevokedKeysConnections) {
  const std::string keys_dir = (broker_->dir() / "keys").string();
  auto pair = GenerateCurveKeyPair();
  ASSERT_TRUE(pair.ok());
  ASSERT_TRUE(WriteCurveKeyPair(keys_dir, "late", *pair).ok());
  const std::string original = ReadText(broker_->config_path());
  auto write_config = [&](const std::string& text) { std::ofstream(broker_->config_path()) << text; };
  auto reload_and_wait = [&](const std::string& line, std::size_t times) {
    broker_->Signal(SIGHUP);
    return WaitFor([&] { return Count(broker_->Log(), line) >= times; }, 10);
  };
  const std::size_t reloads = Count(broker_->Log(), "keys reloaded:");
  const std::size_t refusals = Count(broker_->Log(), "reload refused");

  auto unknown = Api("late", 1500);
  auto before = unknown->Ping();
  ASSERT_FALSE(before.ok());
  EXPECT_EQ(before.status().code(), v1::PERMISSION_DENIED);
  auto budi = Api("budi");  // connected before every reload, and never dropped
  ASSERT_TRUE(budi->Ping().ok());

  write_config(original +
               "\n[[key]]\nidentity = \"sari.pupr\"\nrole = \"admin\"\npublic_file = \"keys/late.key\"\n");
  ASSERT_TRUE(reload_and_wait("keys reloaded:", reloads + 1)) << broker_->Log();
  EXPECT_NE(broker_->Log().find("1 added, 0 removed"), std::string::npos) << broker_->Log();
  auto late = Api("late", 2000);
  auto pong = late->Ping();
  ASSERT_TRUE(pong.ok()) << pong.status().ToString();
  ASSERT_EQ(pong->opds_size(), 1);
  EXPECT_EQ(pong->opds(0), "PUPR");  // it acts as sari.pupr

  // A file that does not load, and a key for an admin the running broker does not have: refused,
  // the table stays.
  write_config(original + "\n[[key]\n");
  ASSERT_TRUE(reload_and_wait("reload refused", refusals + 1)) << broker_->Log();
  write_config(original +
               "\n[[admin]]\nid = \"baru.pupr\"\nname = \"Admin Baru\"\nopds = [\"PUPR\"]\n"
               "\n[[key]]\nidentity = \"baru.pupr\"\nrole = \"admin\"\npublic_file = \"keys/late.key\"\n");
  ASSERT_TRUE(reload_and_wait("reload refused", refusals + 2)) << broker_->Log();
  EXPECT_NE(broker_->Log().find("needs a restart"), std::string::npos);
  ASSERT_TRUE(late->Ping().ok());
  ASSERT_TRUE(budi->Ping().ok());

  // Revoked: its open connection is closed; budi's is not.
  write_config(original);
  ASSERT_TRUE(reload_and_wait("keys reloaded:", reloads + 2)) << broker_->Log();
  EXPECT_NE(broker_->Log().find("0 added, 1 removed; 1 connection(s) of removed keys closed"),
            std::string::npos)
      << broker_->Log();
  auto after = late->Ping();
  ASSERT_FALSE(after.ok());
  EXPECT_EQ(after.status().code(), v1::PERMISSION_DENIED) << after.status().ToString();
  EXPECT_TRUE(budi->Ping().ok());
  std::string metrics = Metrics();
  EXPECT_NE(metrics.find("aspirasi_key_reloads_total{result=\"failed\"} 2"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("aspirasi_revoked_connections_closed_total 1"), std::string::npos) << metrics;
}

TEST_F(Security, TheCliSaysWhatToDoWithoutAKeyWithAnUnknownOneAndWithAGoodOne) {
  int code = 0;
  std::string out = Cli({"ping"}, &code);
  EXPECT_EQ(code, 2) << out;
  EXPECT_NE(out.find("--key-file"), std::string::npos) << out;
  out = Cli({"--key-file", KeyFile("stranger"), "--timeout", "1500", "ping"}, &code);
  EXPECT_EQ(code, 1) << out;
  EXPECT_NE(out.find("refused the key"), std::string::npos) << out;
  out = Cli({"--key-file", KeyFile("budi"), "ping"}, &code);
  EXPECT_EQ(code, 0) << out;
  // A person's key is the actor: no --as needed, and another --as is ignored with a notice.
  out = Cli({"--key-file", KeyFile("budi"), "queue"}, &code);
  EXPECT_EQ(code, 0) << out;
  out = Cli({"--key-file", KeyFile("budi"), "--as", "sari.pupr", "queue"}, &code);
  EXPECT_EQ(code, 0) << out;
  EXPECT_NE(out.find("the broker acts as budi.pupr, not sari.pupr"), std::string::npos) << out;
  out = Cli({"--key-file", (broker_->dir() / "keys" / "missing.key_secret").string(), "ping"}, &code);
  EXPECT_EQ(code, 2) << out;
  // A secret others may read is refused before anything is sent.
  const std::string viewer = KeyFile("viewer");
  ASSERT_EQ(::chmod(viewer.c_str(), 0644), 0);
  out = Cli({"--key-file", viewer, "ping"}, &code);
  EXPECT_EQ(code, 2) << out;
  EXPECT_NE(out.find("chmod 600"), std::string::npos) << out;
}

// A reload on a broker without keys says so and changes nothing; turning keys on needs a restart.
TEST(SecurityConfig, AReloadWithoutKeysSaysSoAndCannotTurnKeysOn) {
  BrokerFixture broker("security-reload-nokeys");
  ASSERT_TRUE(broker.Start()) << broker.error();
  broker.Signal(SIGHUP);
  ASSERT_TRUE(WaitFor([&] { return broker.Log().find("nothing to reload") != std::string::npos; }, 10))
      << broker.Log();
  broker.AppendConfig("\n[security]\nserver_secret_file = \"keys/broker.key_secret\"\n");
  auto pair = GenerateCurveKeyPair();
  ASSERT_TRUE(pair.ok());
  ASSERT_TRUE(WriteCurveKeyPair((broker.dir() / "keys").string(), "broker", *pair).ok());
  broker.Signal(SIGHUP);
  ASSERT_TRUE(
      WaitFor([&] { return broker.Log().find("changes only with a restart") != std::string::npos; }, 10))
      << broker.Log();
  ApiClient api(broker.endpoints().api);  // still served, still without keys
  EXPECT_TRUE(api.Ping().ok());
}

TEST(SecurityConfig, TheBrokerRefusesAWorldReadableKeyAnUnreadableKeyFileAndItsOwnKeyAsAClients) {
  BrokerFixture broker("security-badkey");
  auto pair = GenerateCurveKeyPair();
  ASSERT_TRUE(pair.ok());
  ASSERT_TRUE(WriteCurveKeyPair((broker.dir() / "keys").string(), "broker", *pair).ok());
  const std::string secret = (broker.dir() / "keys" / "broker.key_secret").string();
  ASSERT_EQ(::chmod(secret.c_str(), 0640), 0);
  broker.AppendConfig(R"(
[security]
server_secret_file = "keys/broker.key_secret"

[[key]]
identity = "ingest-main"
role = "ingest"
public_file = "keys/nowhere.key"
)");
  std::string out;
  int code = RunCommand({BrokerBinary(), "--config", broker.config_path(), "--check"}, &out);
  EXPECT_EQ(code, 2) << out;  // --check reads the keys too
  EXPECT_NE(out.find("chmod 600"), std::string::npos) << out;
  code = RunCommand({BrokerBinary(), "--config", broker.config_path()}, &out);
  EXPECT_EQ(code, 2) << out;
  EXPECT_NE(out.find("chmod 600"), std::string::npos) << out;
  ASSERT_EQ(::chmod(secret.c_str(), 0600), 0);
  code = RunCommand({BrokerBinary(), "--config", broker.config_path(), "--check"}, &out);
  EXPECT_EQ(code, 2) << out;
  EXPECT_NE(out.find("key[0].public_file"), std::string::npos) << out;
  // The broker's own key, or a secret file, as a client's key.
  broker.AppendConfig("");
  std::ofstream(broker.dir() / "keys" / "nowhere.key") << "public-key = \"" << pair->public_key << "\"\n";
  code = RunCommand({BrokerBinary(), "--config", broker.config_path(), "--check"}, &out);
  EXPECT_EQ(code, 2) << out;
  EXPECT_NE(out.find("the broker's own key"), std::string::npos) << out;
}

}  // namespace
}  // namespace aspirasi::testing
