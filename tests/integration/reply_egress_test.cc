// Replies end to end, with real processes: a platform's webhook (the project's own fixtures) ->
// aspirasi-ingest -> aspirasid -> an admin claims and replies -> aspirasi-responder posts the
// platform's real API request to a local fake platform -> the ticket is RESPONDED. Also: transient
// failures retried with back-off, permanent ones (WhatsApp's 24-hour window, a deleted comment)
// failed with the platform's reason, and kill -9 of the responder while it posts: the platform
// receives the reply exactly once.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <functional>
#include <thread>

#include "clients/lib/api_client.h"
#include "tests/support/broker_fixture.h"
#include "tests/support/fake_youtube_api.h"
#include "tests/support/ingest_fixture.h"
#include "tests/support/wait.h"
#include "tests/support/webhook_client.h"
#include "tools/fake_platform/fake_platform.h"
#include "workers/ingest/signature.h"

namespace aspirasi::testing {
namespace {

using fake_platform::FakePlatform;
using fake_platform::RecordedRequest;

const char* kOpds[] = {"DISKOMINFO", "PUPR",   "DINKES", "DISDUKCAPIL", "DLH",
                       "DISHUB",     "DINSOS", "BPBD",   "INSPEKTORAT"};

// Access tokens the responder reads from the environment (token_env in the sample config).
const std::map<std::string, std::string> kTokens = {{"ASPIRASI_FACEBOOK_PAGE_TOKEN", "EAAtest-facebook-page"},
                                                    {"ASPIRASI_INSTAGRAM_TOKEN", "IGtest-instagram"},
                                                    {"ASPIRASI_WHATSAPP_TOKEN", "EAAtest-whatsapp"},
                                                    {"ASPIRASI_TELEGRAM_BOT_TOKEN", "7712340098:AAtest"},
                                                    {"ASPIRASI_X_USER_TOKEN", "x-test-user-token"},
                                                    {"ASPIRASI_YOUTUBE_OAUTH_TOKEN", "ya29.test"},
                                                    {"ASPIRASI_FORM_REPLY_TOKEN", "form-test-token"}};

std::string Testdata(const std::string& channel, const std::string& file) {
  return SourceDir() + "/workers/ingest/channels/" + channel + "/testdata/" + file;
}

struct Webhook {
  std::string path, header, value;
};

// The signed request a platform would send for `body`.
Webhook Signed(const std::string& channel, const std::string& body) {
  if (channel == "facebook") {
    return {"/webhooks/facebook/104582736190254", "X-Hub-Signature-256",
            "sha256=" + ingest::HmacSha256Hex(std::getenv("ASPIRASI_FACEBOOK_APP_SECRET"), body)};
  }
  if (channel == "instagram") {
    return {"/webhooks/instagram/17841458230017425", "X-Hub-Signature-256",
            "sha256=" + ingest::HmacSha256Hex(std::getenv("ASPIRASI_INSTAGRAM_APP_SECRET"), body)};
  }
  if (channel == "whatsapp") {
    return {"/webhooks/whatsapp/412093385561207", "X-Hub-Signature-256",
            "sha256=" + ingest::HmacSha256Hex(std::getenv("ASPIRASI_WHATSAPP_APP_SECRET"), body)};
  }
  if (channel == "telegram") {
    return {"/webhooks/telegram/7712340098", "X-Telegram-Bot-Api-Secret-Token",
            std::getenv("ASPIRASI_TELEGRAM_SECRET_TOKEN")};
  }
  if (channel == "x") {
    return {"/webhooks/x/1587203349912207361", "X-Twitter-Webhooks-Signature",
            "sha256=" + ingest::HmacSha256Base64(std::getenv("ASPIRASI_X_CONSUMER_SECRET"), body)};
  }
  return {"/webhooks/form/lapor-bupati", "X-Form-Signature",
          "sha256=" + ingest::HmacSha256Hex(std::getenv("ASPIRASI_FORM_SECRET"), body)};
}

// The project's Meta fixtures name their own page / IG account / phone number; the sample config
// has others. Tokens are per configured account, so the test re-addresses the fixtures to them.
std::string ToOurAccount(const std::string& channel, std::string body) {
  static const std::map<std::string, std::pair<std::string, std::string>> kIds = {
      {"facebook", {"109284756301122", "104582736190254"}},
      {"instagram", {"17841499900011223", "17841458230017425"}},
      {"whatsapp", {"415550001112223", "412093385561207"}}};
  auto it = kIds.find(channel);
  if (it == kIds.end()) return body;
  const auto& [from, to] = it->second;
  for (std::size_t at = body.find(from); at != std::string::npos; at = body.find(from, at + to.size())) {
    body.replace(at, from.size(), to);
  }
  return body;
}

// WhatsApp bodies carry the citizen's send time; the customer-service window counts from it.
// (No <regex>: GCC 12 reports -Wmaybe-uninitialized inside libstdc++'s regex compiler under ASan.)
std::string WithWhatsappTime(std::string body, int64_t unix_s) {
  const std::string key = "\"timestamp\":";
  for (std::size_t at = body.find(key); at != std::string::npos; at = body.find(key, at + 1)) {
    std::size_t open = body.find_first_not_of(' ', at + key.size());
    if (open == std::string::npos || body[open] != '"') continue;
    std::size_t close = body.find('"', open + 1);
    if (close == std::string::npos) break;
    std::string digits = body.substr(open + 1, close - open - 1);
    if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos) continue;
    body.replace(open, close - open + 1, "\"" + std::to_string(unix_s) + "\"");
  }
  return body;
}

int64_t NowS() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

class ReplyEgress : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fake_.Start().ok());
    std::string base = fake_.BaseUrl();
    std::string urls = "={ facebook = \"" + base + "/graph\", instagram = \"" + base +
                       "/graph\", whatsapp = \"" + base + "/graph\", telegram = \"" + base +
                       "/telegram\", x = \"" + base + "/x\", youtube = \"" + base + "/youtube\", form = \"" +
                       base + "/generic/form\" }";
    broker_ =
        std::make_unique<BrokerFixture>("egress" + std::to_string(reinterpret_cast<uintptr_t>(this) % 100000),
                                        "heartbeat_ms = 100\nliveness = 3",
                                        std::map<std::string, std::string>{{"base_urls", urls},
                                                                           {"reply_retry_ms", "=200"},
                                                                           {"timeout_ms", "=5000"},
                                                                           {"auto_ack", AutoAck()}});
    ASSERT_TRUE(broker_->Start()) << broker_->error();
    broker_->PinEndpoints();
    SetSampleSecrets();
    for (const auto& [name, value] : kTokens) ::setenv(name.c_str(), value.c_str(), 1);
    ingest_ = std::make_unique<IngestFixture>(*broker_);
    ingest_->SetYoutubeApi(youtube_.base_url());  // the poller reads the project's recorded pages
    ASSERT_TRUE(ingest_->Start()) << ingest_->error();
    StartResponder();
  }

  virtual std::string AutoAck() const { return "=false"; }

  void StartResponder() {
    std::vector<std::string> args = {ResponderBinary(), "--config", broker_->config_path(), "--name",
                                     "egress-test"};
    for (const char* opd : kOpds) args.insert(args.end(), {"--opd", opd});
    ASSERT_TRUE(responder_.Start(args, (broker_->dir() / "responder.log").string()));
  }

  // Posts a fixture (optionally changed) as the platform would; returns the newest ticket of the channel.
  v1::Ticket Ingest(const std::string& channel, const std::string& file,
                    const std::function<std::string(std::string)>& change = nullptr) {
    std::string body =
        ToOurAccount(channel, ReadBytes(Testdata(channel == "form" ? "generic" : channel, file)));
    if (change) body = change(body);
    Webhook w = Signed(channel, body);
    WebhookClient client(ingest_->port());
    WebhookResponse r = client.Post(w.path, body, {{w.header, w.value}});
    EXPECT_EQ(r.status, 200) << r.body;
    ApiClient api(broker_->endpoints().api);
    v1::ListTickets req;
    req.mutable_filter()->add_channels(channel);
    req.set_limit(1000);
    auto list = api.ListTickets(req);
    EXPECT_TRUE(list.ok() && list->tickets_size() > 0) << channel << "/" << file << ": no ticket";
    if (!list.ok() || list->tickets_size() == 0) return {};
    return list->tickets(list->tickets_size() - 1);
  }

  // The supervisor (every OPD) claims the ticket and replies.
  uint64_t Reply(uint64_t ticket_id, const std::string& text) {
    ApiClient api(broker_->endpoints().api);
    api.set_actor("kominfo.supervisor");
    v1::DeskCommand c;
    c.set_action(v1::DESK_CLAIM);
    c.set_ticket_id(ticket_id);
    EXPECT_TRUE(api.Desk(c).ok());
    c.set_action(v1::DESK_REPLY);
    c.set_text(text);
    auto r = api.Desk(c);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->reply_id() : 0;
  }

  v1::Message ReplyMessage(uint64_t ticket_id, uint64_t reply_id) {
    ApiClient api(broker_->endpoints().api);
    auto t = api.GetTicket(ticket_id);
    if (!t.ok()) return {};
    for (const auto& m : t->ticket().messages()) {
      if (m.reply_id() == reply_id) return m;
    }
    return {};
  }

  v1::ReplyState WaitSettled(uint64_t ticket_id, uint64_t reply_id, int seconds = 30) {
    v1::ReplyState state = v1::REPLY_STATE_UNSPECIFIED;
    WaitFor(
        [&] {
          state = ReplyMessage(ticket_id, reply_id).reply_state();
          return state == v1::REPLY_SENT || state == v1::REPLY_FAILED || state == v1::REPLY_UNCONFIRMED;
        },
        seconds);
    return state;
  }

  std::vector<v1::EventType> Events(uint64_t ticket_id) {
    ApiClient api(broker_->endpoints().api);
    auto t = api.GetTicket(ticket_id, true);
    std::vector<v1::EventType> out;
    if (t.ok()) {
      for (const auto& e : t->events()) out.push_back(e.type());
    }
    return out;
  }

  std::string Diagnostics() {
    return "\n--- responder log ---\n" + ReadBytes((broker_->dir() / "responder.log").string()) +
           "\n--- broker log ---\n" + broker_->Log();
  }

  FakePlatform fake_;
  FakeYoutubeApi youtube_{ReadBytes(Testdata("youtube", "01-threads-page1.json")),
                          ReadBytes(Testdata("youtube", "02-threads-page2-last.json")),
                          ReadBytes(Testdata("youtube", "03-comments-replies-T5.json"))};
  std::unique_ptr<BrokerFixture> broker_;
  std::unique_ptr<IngestFixture> ingest_;
  Process responder_;
};

struct Case {
  std::string channel, file;
  std::function<std::string(const v1::Ticket&)> path;  // the request the platform must receive
  std::function<std::string(std::string)> change = nullptr;
};

TEST_F(ReplyEgress, EachPlatformGetsItsRealRequestAndTheTicketIsResponded) {
  const std::string text = "Terima kasih, laporan sedang kami tindak lanjuti.";
  const std::vector<Case> cases = {
      {"facebook", "feed_comment_add.json",
       [](const v1::Ticket& t) { return "/graph/" + t.source_id() + "/comments"; }},
      {"facebook", "messenger_text.json",
       [](const v1::Ticket& t) { return "/graph/" + t.account() + "/messages"; }},
      {"instagram", "comment_on_reel.json",
       [](const v1::Ticket& t) { return "/graph/" + t.source_id() + "/replies"; }},
      {"instagram", "dm_text.json",
       [](const v1::Ticket& t) { return "/graph/" + t.account() + "/messages"; }},
      {"whatsapp", "reply_with_context.json",
       [](const v1::Ticket& t) { return "/graph/" + t.account() + "/messages"; },
       [](std::string b) { return WithWhatsappTime(std::move(b), NowS() - 60); }},
      {"telegram", "01-private-text-first.json",
       [](const v1::Ticket&) { return "/telegram/bot7712340098:AAtest/sendMessage"; }},
      {"x", "01-tweet-mention-wire.json", [](const v1::Ticket&) { return "/x/2/tweets"; }},
      {"x", "07-dm-received-photo.json",
       [](const v1::Ticket& t) {
         return "/x/2/dm_conversations/with/" + t.author().platform_id() + "/messages";
       }},
      {"form", "form/01-aduan-jalan-berlubang.json",
       [](const v1::Ticket&) { return "/generic/form/replies"; }},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.channel + "/" + c.file);
    v1::Ticket t = Ingest(c.channel, c.file, c.change);
    ASSERT_NE(t.id(), 0u);
    uint64_t reply_id = Reply(t.id(), text);
    ASSERT_NE(reply_id, 0u);
    ASSERT_EQ(WaitSettled(t.id(), reply_id), v1::REPLY_SENT)
        << ReplyMessage(t.id(), reply_id).reply_error() << Diagnostics();
    std::vector<RecordedRequest> got = fake_.Requests(c.path(t));
    ASSERT_EQ(got.size(), 1u) << c.path(t);
    EXPECT_EQ(got[0].method, "POST");
    EXPECT_NE(got[0].body.find(text), std::string::npos) << got[0].body;
    if (c.channel != "telegram") {
      std::string token = c.channel == "facebook"    ? kTokens.at("ASPIRASI_FACEBOOK_PAGE_TOKEN")
                          : c.channel == "instagram" ? kTokens.at("ASPIRASI_INSTAGRAM_TOKEN")
                          : c.channel == "whatsapp"  ? kTokens.at("ASPIRASI_WHATSAPP_TOKEN")
                          : c.channel == "x"         ? kTokens.at("ASPIRASI_X_USER_TOKEN")
                                                     : kTokens.at("ASPIRASI_FORM_REPLY_TOKEN");
      EXPECT_EQ(got[0].Header("Authorization"), "Bearer " + token);
    }
    ApiClient api(broker_->endpoints().api);
    auto after = api.GetTicket(t.id());
    ASSERT_TRUE(after.ok());
    EXPECT_EQ(after->ticket().status(), v1::RESPONDED);
    EXPECT_NE(after->ticket().sla().first_responded_at_ms(), 0);
    EXPECT_FALSE(ReplyMessage(t.id(), reply_id).platform_message_id().empty());
    std::vector<v1::EventType> events = Events(t.id());
    EXPECT_EQ(std::count(events.begin(), events.end(), v1::REPLY_POSTED), 1);
  }
}

TEST_F(ReplyEgress, YoutubeCommentsPolledByTheIngestAreAnsweredWithCommentsInsert) {
  ApiClient api(broker_->endpoints().api);
  v1::ListTickets req;
  req.mutable_filter()->add_channels("youtube");
  std::vector<v1::Ticket> tickets;
  ASSERT_TRUE(WaitFor([&] {
    auto list = api.ListTickets(req);
    if (list.ok()) tickets.assign(list->tickets().begin(), list->tickets().end());
    return !tickets.empty();
  })) << ingest_->Log();
  const v1::Ticket& t = tickets.front();
  uint64_t reply_id = Reply(t.id(), "Terima kasih, PJU akan diperbaiki minggu ini.");
  ASSERT_EQ(WaitSettled(t.id(), reply_id), v1::REPLY_SENT)
      << ReplyMessage(t.id(), reply_id).reply_error() << Diagnostics();
  auto got = fake_.Requests("/youtube/youtube/v3/comments");
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].query, "part=snippet");
  EXPECT_EQ(got[0].Header("Authorization"), "Bearer " + kTokens.at("ASPIRASI_YOUTUBE_OAUTH_TOKEN"));
  std::string top_level = t.source_id().substr(0, t.source_id().find('.'));
  EXPECT_NE(got[0].body.find("\"parentId\":\"" + top_level + "\""), std::string::npos) << got[0].body;
  auto after = api.GetTicket(t.id());
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->ticket().status(), v1::RESPONDED);
}

TEST_F(ReplyEgress, TransientFailuresAreRetriedWithBackoffAndPostedOnce) {
  v1::Ticket t = Ingest("facebook", "feed_comment_add.json");
  std::string path = "/graph/" + t.source_id() + "/comments";
  fake_.FailNext(
      path, 503,
      R"({"error":{"message":"Service temporarily unavailable","type":"OAuthException","code":2}})", 2);
  uint64_t reply_id = Reply(t.id(), "Sedang kami cek ke lokasi.");
  ASSERT_EQ(WaitSettled(t.id(), reply_id), v1::REPLY_SENT) << Diagnostics();
  auto got = fake_.Requests(path);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].status, 503);
  EXPECT_EQ(got[1].status, 503);
  EXPECT_EQ(got[2].status, 200);
  EXPECT_EQ(ReplyMessage(t.id(), reply_id).reply_attempts(), 2u);
}

TEST_F(ReplyEgress, PermanentFailuresCarryThePlatformsReasonAndRaiseAnEvent) {
  // WhatsApp: the citizen wrote 25 hours ago; the customer-service window is closed, and the
  // platform refuses even the account's template (here: not approved yet).
  v1::Ticket wa = Ingest("whatsapp", "reply_with_context.json",
                         [](std::string b) { return WithWhatsappTime(std::move(b), NowS() - 25 * 3600); });
  fake_.FailAlways(
      "/messages", 400,
      R"({"error":{"message":"(#132001) Template name does not exist in the translation","type":"OAuthException","code":132001}})");
  uint64_t wa_reply = Reply(wa.id(), "Mohon maaf baru kami balas.");
  ASSERT_EQ(WaitSettled(wa.id(), wa_reply), v1::REPLY_FAILED) << Diagnostics();
  EXPECT_NE(ReplyMessage(wa.id(), wa_reply).reply_error().find("132001"), std::string::npos)
      << ReplyMessage(wa.id(), wa_reply).reply_error();
  ASSERT_EQ(fake_.Requests("/messages").size(), 1u);
  EXPECT_NE(fake_.Requests("/messages")[0].body.find("\"type\":\"template\""), std::string::npos)
      << "outside the window only the template is sent";

  // Facebook: the citizen deleted the comment before the answer went out.
  v1::Ticket fb = Ingest("facebook", "feed_comment_add.json");
  std::string path = "/graph/" + fb.source_id() + "/comments";
  fake_.FailAlways(path, 400,
                   R"({"error":{"message":"Unsupported post request. Object with ID ')" + fb.source_id() +
                       R"(' does not exist","type":"GraphMethodException","code":100,"error_subcode":33}})");
  uint64_t fb_reply = Reply(fb.id(), "Baik, kami tindak lanjuti.");
  ASSERT_EQ(WaitSettled(fb.id(), fb_reply), v1::REPLY_FAILED) << Diagnostics();
  EXPECT_NE(ReplyMessage(fb.id(), fb_reply).reply_error().find("does not exist"), std::string::npos);
  EXPECT_EQ(fake_.Requests(path).size(), 1u) << "a permanent refusal is not retried";
  for (uint64_t id : {wa.id(), fb.id()}) {
    std::vector<v1::EventType> events = Events(id);
    EXPECT_EQ(std::count(events.begin(), events.end(), v1::REPLY_REJECTED), 1);
  }
}

TEST_F(ReplyEgress, Kill9OfTheResponderWhilePostingNeverPostsTwice) {
  v1::Ticket t = Ingest("facebook", "feed_comment_add.json");
  std::string path = "/graph/" + t.source_id() + "/comments";
  fake_.Hold(path, 4000, 1);  // the platform takes its time answering
  uint64_t reply_id = Reply(t.id(), "Laporan diterima.");
  ASSERT_TRUE(WaitFor([&] { return fake_.Requests(path).size() == 1; })) << Diagnostics();
  responder_.Kill9();  // the request reached the platform; the answer never reaches the responder
  ASSERT_EQ(WaitSettled(t.id(), reply_id), v1::REPLY_UNCONFIRMED) << Diagnostics();
  StartResponder();
  // The next reply on the same ticket goes out through the new responder; it was queued after
  // the first, so once it is out, the first would have been handed over again if it ever were.
  uint64_t second = Reply(t.id(), "Tim sudah menuju lokasi.");
  ASSERT_EQ(WaitSettled(t.id(), second), v1::REPLY_SENT) << Diagnostics();
  auto got = fake_.Requests(path);
  ASSERT_EQ(got.size(), 2u) << "the unconfirmed reply was posted again";
  EXPECT_NE(got[1].body.find("Tim sudah menuju lokasi."), std::string::npos) << got[1].body;
  EXPECT_EQ(ReplyMessage(t.id(), reply_id).reply_state(), v1::REPLY_UNCONFIRMED);
  std::vector<v1::EventType> events = Events(t.id());
  EXPECT_EQ(std::count(events.begin(), events.end(), v1::REPLY_UNCERTAIN), 1);
}

TEST_F(ReplyEgress, Kill9OfTheResponderHoldingAnUnstartedReplyPostsItOnceLater) {
  // The responder is gone before the reply exists: it waits in the outbox, survives a broker
  // kill -9, and the next responder posts it exactly once.
  responder_.Kill9();
  v1::Ticket t = Ingest("telegram", "01-private-text-first.json");
  uint64_t reply_id = Reply(t.id(), "Jadwal perekaman ada di kecamatan setiap Selasa.");
  broker_->Kill9();
  ASSERT_TRUE(broker_->Start()) << broker_->error();
  StartResponder();
  ASSERT_EQ(WaitSettled(t.id(), reply_id), v1::REPLY_SENT) << Diagnostics();
  EXPECT_EQ(fake_.Requests("/sendMessage").size(), 1u);
}

TEST_F(ReplyEgress, ABrokerRestartWhileTheResponderPostsKeepsThePlatformsAnswer) {
  // The responder has the go-ahead and the platform has the request when the broker is killed;
  // the answer comes while the broker is away. The responder reports it to the new broker, which
  // records the reply as sent: not uncertain, not posted again.
  v1::Ticket t = Ingest("facebook", "feed_comment_add.json");
  std::string path = "/graph/" + t.source_id() + "/comments";
  fake_.Hold(path, 2000, 1);
  uint64_t reply_id = Reply(t.id(), "Laporan diterima, petugas segera ke lokasi.");
  ASSERT_TRUE(WaitFor([&] { return fake_.Requests(path).size() == 1; })) << Diagnostics();
  broker_->Kill9();
  ASSERT_TRUE(broker_->Start()) << broker_->error();
  ASSERT_EQ(WaitSettled(t.id(), reply_id), v1::REPLY_SENT) << Diagnostics();
  EXPECT_EQ(fake_.Requests(path).size(), 1u);
  std::vector<v1::EventType> events = Events(t.id());
  EXPECT_EQ(std::count(events.begin(), events.end(), v1::REPLY_UNCERTAIN), 0);
  EXPECT_EQ(std::count(events.begin(), events.end(), v1::REPLY_POSTED), 1);
  ApiClient api(broker_->endpoints().api);
  EXPECT_EQ(api.GetTicket(t.id())->ticket().status(), v1::RESPONDED);
}

TEST_F(ReplyEgress, APlatformThatTakesTheRequestAndNeverAnswersLeavesTheReplyUnconfirmed) {
  // The request went out and no answer came within [egress] timeout_ms (5 s here, far beyond the
  // broker's 300 ms liveness: the responder keeps heartbeating while it waits): the citizen may
  // have the reply, so it is not sent again; the desk is told to check.
  v1::Ticket t = Ingest("facebook", "feed_comment_add.json");
  std::string path = "/graph/" + t.source_id() + "/comments";
  fake_.Hold(path, 8000, 1);
  uint64_t reply_id = Reply(t.id(), "Baik, kami tindak lanjuti.");
  ASSERT_EQ(WaitSettled(t.id(), reply_id), v1::REPLY_UNCONFIRMED) << Diagnostics();
  EXPECT_NE(ReplyMessage(t.id(), reply_id).reply_error().find("no answer"), std::string::npos)
      << ReplyMessage(t.id(), reply_id).reply_error();
  std::vector<v1::EventType> events = Events(t.id());
  EXPECT_EQ(std::count(events.begin(), events.end(), v1::REPLY_UNCERTAIN), 1);
  ApiClient api(broker_->endpoints().api);
  EXPECT_EQ(api.GetTicket(t.id())->ticket().attention_reply_id(), reply_id);
  // A later reply on the ticket goes out; the unconfirmed one was not posted again.
  uint64_t second = Reply(t.id(), "Petugas sudah di lokasi.");
  ASSERT_EQ(WaitSettled(t.id(), second), v1::REPLY_SENT) << Diagnostics();
  EXPECT_EQ(fake_.Requests(path).size(), 2u);
  EXPECT_EQ(ReplyMessage(t.id(), reply_id).reply_state(), v1::REPLY_UNCONFIRMED);
}

TEST_F(ReplyEgress, APlatformSlowToAnswerHoldsUpNoOtherReply) {
  // Facebook takes 3 s (ten times the broker's liveness) to answer; meanwhile a Telegram reply
  // goes out at once, and the slow one ends sent, not uncertain: the responder was never taken
  // for dead.
  v1::Ticket slow = Ingest("facebook", "feed_comment_add.json");
  std::string path = "/graph/" + slow.source_id() + "/comments";
  fake_.Hold(path, 3000, 1);
  uint64_t slow_reply = Reply(slow.id(), "Laporan diterima.");
  ASSERT_TRUE(WaitFor([&] { return fake_.Requests(path).size() == 1; })) << Diagnostics();
  v1::Ticket fast = Ingest("telegram", "01-private-text-first.json");
  uint64_t fast_reply = Reply(fast.id(), "Jadwal perekaman ada di kecamatan setiap Selasa.");
  ASSERT_EQ(WaitSettled(fast.id(), fast_reply), v1::REPLY_SENT) << Diagnostics();
  EXPECT_EQ(ReplyMessage(slow.id(), slow_reply).reply_state(), v1::REPLY_SENDING)
      << "the fast reply should have gone out while the slow one was still in the air";
  ASSERT_EQ(WaitSettled(slow.id(), slow_reply), v1::REPLY_SENT) << Diagnostics();
  EXPECT_EQ(fake_.Requests(path).size(), 1u);
  std::vector<v1::EventType> events = Events(slow.id());
  EXPECT_EQ(std::count(events.begin(), events.end(), v1::REPLY_UNCERTAIN), 0);
  EXPECT_EQ(std::count(events.begin(), events.end(), v1::REPLY_POSTED), 1);
}

TEST_F(ReplyEgress, ARetryThatNeverSucceedsEndsFailedAfterTheLastAttempt) {
  v1::Ticket t = Ingest("telegram", "01-private-text-first.json");
  fake_.FailAlways("/sendMessage", 503,
                   R"({"ok":false,"error_code":503,"description":"Service Unavailable"})");
  uint64_t reply_id = Reply(t.id(), "Jadwal perekaman ada di kecamatan setiap Selasa.");
  ASSERT_EQ(WaitSettled(t.id(), reply_id, 60), v1::REPLY_FAILED) << Diagnostics();
  const int max_attempts = 5;  // [desk] reply_max_attempts, by default
  EXPECT_EQ(fake_.Requests("/sendMessage").size(), static_cast<std::size_t>(max_attempts));
  v1::Message m = ReplyMessage(t.id(), reply_id);
  EXPECT_EQ(m.reply_attempts(), static_cast<uint32_t>(max_attempts));
  EXPECT_NE(m.reply_error().find("Service Unavailable"), std::string::npos) << m.reply_error();
  std::vector<v1::EventType> events = Events(t.id());
  EXPECT_EQ(std::count(events.begin(), events.end(), v1::REPLY_REJECTED), 1);
  ApiClient api(broker_->endpoints().api);
  auto after = api.GetTicket(t.id());
  EXPECT_NE(after->ticket().status(), v1::RESPONDED) << "a reply that never went out is no answer";
  EXPECT_EQ(after->ticket().attention_reply_id(), reply_id) << "the desk sees it in the queue";
}

TEST_F(ReplyEgress, AReplyToAnItemWithdrawnAfterItWasQueuedIsNotPosted) {
  // No responder while the admin answers: the reply waits in the outbox. Then the citizen deletes
  // the comment. The reply is not posted when a responder comes, and the desk sees why.
  responder_.Kill9();
  v1::Ticket t = Ingest("facebook", "feed_comment_add.json");
  uint64_t reply_id = Reply(t.id(), "Baik, kami tindak lanjuti.");
  Ingest("facebook", "feed_comment_add.json", [](std::string body) {
    body.replace(body.find("\"verb\": \"add\""), 14, "\"verb\": \"remove\"");
    return body;
  });
  ApiClient api(broker_->endpoints().api);
  ASSERT_TRUE(WaitFor([&] { return api.GetTicket(t.id())->ticket().status() == v1::WITHDRAWN; }))
      << Diagnostics();
  StartResponder();
  ASSERT_EQ(WaitSettled(t.id(), reply_id), v1::REPLY_FAILED) << Diagnostics();
  EXPECT_EQ(fake_.Requests("/comments").size(), 0u) << "posted to a deleted comment";
  EXPECT_NE(ReplyMessage(t.id(), reply_id).reply_error().find("withdrew"), std::string::npos)
      << ReplyMessage(t.id(), reply_id).reply_error();
  std::vector<v1::EventType> events = Events(t.id());
  EXPECT_EQ(std::count(events.begin(), events.end(), v1::REPLY_REJECTED), 1);
  EXPECT_EQ(std::count(events.begin(), events.end(), v1::REPLY_POSTED), 0);
}

class ReplyEgressAutoAck : public ReplyEgress {
 protected:
  std::string AutoAck() const override { return "=true"; }
};

TEST_F(ReplyEgressAutoAck, TheAcknowledgementWithTheTicketNumberGoesOutOnceWhateverIsRepeated) {
  v1::Ticket t = Ingest("telegram", "01-private-text-first.json");
  ASSERT_TRUE(WaitFor([&] { return fake_.Requests("/sendMessage").size() == 1; })) << Diagnostics();
  // The platform repeats the webhook, the broker and the responder are killed and restarted,
  // the ticket is delivered again: none of it sends a second acknowledgement.
  Ingest("telegram", "01-private-text-first.json");
  responder_.Kill9();
  broker_->Kill9();
  ASSERT_TRUE(broker_->Start()) << broker_->error();
  StartResponder();
  Ingest("telegram", "01-private-text-first.json");
  // Another citizen writes: that acknowledgement is queued after everything above, so once it is
  // out, a second acknowledgement of the first ticket would be out too.
  v1::Ticket other = Ingest("telegram", "01-private-text-first.json", [](std::string body) {
    for (auto [from, to] : {std::pair<std::string, std::string>{"5100200301", "5100200399"},
                            {"900100001", "900100099"},
                            {"\"message_id\": 41", "\"message_id\": 99"}}) {
      for (auto at = body.find(from); at != std::string::npos; at = body.find(from, at + to.size())) {
        body.replace(at, from.size(), to);
      }
    }
    return body;
  });
  ASSERT_NE(other.id(), t.id());
  ASSERT_TRUE(WaitFor([&] { return fake_.Requests("/sendMessage").size() >= 2; })) << Diagnostics();
  auto got = fake_.Requests("/sendMessage");
  ASSERT_EQ(got.size(), 2u);
  EXPECT_NE(got[0].body.find(t.number()), std::string::npos) << got[0].body;
  EXPECT_NE(got[0].body.find("Terima kasih"), std::string::npos);
  EXPECT_NE(got[1].body.find(other.number()), std::string::npos) << got[1].body;
  ApiClient api(broker_->endpoints().api);
  auto after = api.GetTicket(t.id());
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->ticket().status(), v1::NEW) << "an acknowledgement is not an answer";
  EXPECT_EQ(after->ticket().sla().first_responded_at_ms(), 0);
}

}  // namespace
}  // namespace aspirasi::testing
