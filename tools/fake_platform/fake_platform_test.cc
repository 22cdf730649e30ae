// FakePlatform in-process and aspirasi-fake-platform as a process.
#include "tools/fake_platform/fake_platform.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

namespace aspirasi::fake_platform {
namespace {

using Json = nlohmann::json;

httplib::Result PostJson(httplib::Client& c, const std::string& path, const std::string& body) {
  return c.Post(path.c_str(), {{"Authorization", "Bearer t0k"}}, body, "application/json");
}

class FakePlatformTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fake_.Start().ok());
    client_ = std::make_unique<httplib::Client>("127.0.0.1", fake_.port());
    client_->set_read_timeout(std::chrono::seconds(10));
  }
  FakePlatform fake_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(FakePlatformTest, AnswersEachPlatformApi) {
  auto fb = PostJson(*client_, "/graph/1029384756_5566778899/comments", R"({"message":"hi"})");
  ASSERT_TRUE(fb);
  EXPECT_EQ(fb->status, 200);
  EXPECT_EQ(Json::parse(fb->body)["id"], "1029384756_900000000000001");

  auto ig = PostJson(*client_, "/graph/17858893269123456/replies", R"({"message":"hi"})");
  EXPECT_EQ(Json::parse(ig->body)["id"], "17900000000000002");

  auto messenger =
      PostJson(*client_, "/graph/104582736190254/messages",
               R"({"recipient":{"id":"70112"},"messaging_type":"RESPONSE","message":{"text":"hi"}})");
  EXPECT_EQ(Json::parse(messenger->body), Json::parse(R"({"recipient_id":"70112","message_id":"m_FAKE3"})"));

  auto wa =
      PostJson(*client_, "/graph/412093385561207/messages",
               R"({"messaging_product":"whatsapp","to":"6281234567890","type":"text","text":{"body":"hi"}})");
  Json wa_body = Json::parse(wa->body);
  EXPECT_EQ(wa_body["messages"][0]["id"], "wamid.FAKE4");
  EXPECT_EQ(wa_body["contacts"][0]["wa_id"], "6281234567890");

  auto tg = PostJson(*client_, "/telegram/bot123:ABC/sendMessage", R"({"chat_id":-100555,"text":"hi"})");
  Json tg_body = Json::parse(tg->body);
  EXPECT_EQ(tg_body["ok"], true);
  EXPECT_EQ(tg_body["result"]["message_id"], 5);
  EXPECT_EQ(tg_body["result"]["chat"]["id"], -100555);

  auto tweet = PostJson(*client_, "/x/2/tweets", R"({"text":"hi","reply":{"in_reply_to_tweet_id":"1"}})");
  EXPECT_EQ(tweet->status, 201);
  EXPECT_EQ(Json::parse(tweet->body)["data"]["id"], "1900000000000000006");
  auto dm = PostJson(*client_, "/x/2/dm_conversations/with/2244994945/messages", R"({"text":"hi"})");
  EXPECT_EQ(Json::parse(dm->body)["data"]["dm_event_id"], "1800000000000000007");

  auto yt = PostJson(*client_, "/youtube/youtube/v3/comments?part=snippet",
                     R"({"snippet":{"parentId":"UgzTop","textOriginal":"hi"}})");
  EXPECT_EQ(Json::parse(yt->body)["id"], "UgzTop.FAKE8");

  auto generic = PostJson(*client_, "/generic/sms/replies", R"({"text":"hi"})");
  EXPECT_EQ(Json::parse(generic->body)["id"], "generic-9");

  auto unknown = PostJson(*client_, "/graph/1/likes", "{}");
  EXPECT_EQ(unknown->status, 400);
  EXPECT_EQ(client_->Get("/nowhere")->status, 404);
}

TEST_F(FakePlatformTest, RecordsEveryRequest) {
  PostJson(*client_, "/youtube/youtube/v3/comments?part=snippet", R"({"snippet":{}})");
  PostJson(*client_, "/x/2/tweets", R"({"text":"a"})");
  auto all = fake_.Requests();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].seq, 1u);
  EXPECT_EQ(all[0].method, "POST");
  EXPECT_EQ(all[0].path, "/youtube/youtube/v3/comments");
  EXPECT_EQ(all[0].query, "part=snippet");
  EXPECT_EQ(all[0].Header("AUTHORIZATION"), "Bearer t0k");
  EXPECT_EQ(all[0].body, R"({"snippet":{}})");
  EXPECT_EQ(all[0].status, 200);
  EXPECT_GT(all[0].at_ms, 0);
  EXPECT_EQ(fake_.Requests("/x/").size(), 1u);
  EXPECT_TRUE(fake_.Requests("/telegram").empty());
}

TEST_F(FakePlatformTest, FailNextThenNormal) {
  fake_.FailNext("/comments", 400, R"({"error":{"code":100,"error_subcode":33}})", 2);
  for (int i = 0; i < 2; ++i) {
    auto r = PostJson(*client_, "/graph/1_2/comments", "{}");
    EXPECT_EQ(r->status, 400);
    EXPECT_EQ(Json::parse(r->body)["error"]["error_subcode"], 33);
  }
  EXPECT_EQ(PostJson(*client_, "/graph/1_2/replies", "{}")->status, 200);  // another path
  EXPECT_EQ(PostJson(*client_, "/graph/1_2/comments", "{}")->status, 200);
  fake_.FailAlways("/x/", 503, "down");
  for (int i = 0; i < 3; ++i) EXPECT_EQ(PostJson(*client_, "/x/2/tweets", "{}")->status, 503);
  fake_.Reset();
  EXPECT_EQ(PostJson(*client_, "/x/2/tweets", "{}")->status, 201);
  EXPECT_EQ(fake_.Requests().size(), 1u);
}

TEST_F(FakePlatformTest, HoldDelaysTheAnswer) {
  fake_.Hold("/sendMessage", 300, 1);
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(PostJson(*client_, "/telegram/bot1:A/sendMessage", "{}")->status, 200);
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(300));
  start = std::chrono::steady_clock::now();
  EXPECT_EQ(PostJson(*client_, "/telegram/bot1:A/sendMessage", "{}")->status, 200);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(300));
}

TEST_F(FakePlatformTest, StopReleasesHeldRequests) {
  fake_.Hold("", 60'000);
  std::thread caller([this] {
    httplib::Client c("127.0.0.1", fake_.port());
    c.Post("/x/2/tweets", "{}", "application/json");
  });
  while (fake_.Requests().empty()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  auto start = std::chrono::steady_clock::now();
  fake_.Stop();
  caller.join();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
}

TEST_F(FakePlatformTest, ControlApi) {
  auto fail = client_->Post("/_fake/fail", R"({"path_contains":"/messages","status":400,
      "body":{"error":{"message":"(#131047) Re-engagement message","code":131047}},"times":1,"delay_ms":10})",
                            "application/json");
  ASSERT_TRUE(fail);
  EXPECT_EQ(fail->status, 200);
  auto failed = PostJson(*client_, "/graph/4120/messages", R"({"messaging_product":"whatsapp","to":"62"})");
  EXPECT_EQ(failed->status, 400);
  EXPECT_EQ(Json::parse(failed->body)["error"]["code"], 131047);
  EXPECT_EQ(
      PostJson(*client_, "/graph/4120/messages", R"({"messaging_product":"whatsapp","to":"62"})")->status,
      200);
  PostJson(*client_, "/x/2/tweets", R"({"text":"a"})");

  auto listed = client_->Get("/_fake/requests?path_contains=%2Fgraph%2F");
  ASSERT_TRUE(listed);
  Json list = Json::parse(listed->body);
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0]["path"], "/graph/4120/messages");
  EXPECT_EQ(list[0]["status"], 400);
  EXPECT_EQ(list[0]["headers"]["Authorization"], "Bearer t0k");
  EXPECT_EQ(list[1]["status"], 200);
  EXPECT_EQ(Json::parse(client_->Get("/_fake/requests")->body).size(), 3u);  // control calls not recorded

  EXPECT_EQ(client_->Post("/_fake/fail", "[]", "application/json")->status, 400);
  EXPECT_EQ(client_->Post("/_fake/fail", R"({"status":"x"})", "application/json")->status, 400);
  EXPECT_EQ(client_->Post("/_fake/fail", R"({"status":42})", "application/json")->status, 400);

  // times 0 (or absent) = always
  client_->Post("/_fake/fail", R"({"path_contains":"/youtube/","status":403,"body":"quota"})",
                "application/json");
  for (int i = 0; i < 2; ++i)
    EXPECT_EQ(PostJson(*client_, "/youtube/youtube/v3/comments", "{}")->status, 403);
  EXPECT_EQ(client_->Post("/_fake/reset", "", "application/json")->status, 200);
  EXPECT_EQ(Json::parse(client_->Get("/_fake/requests")->body).size(), 0u);
  EXPECT_EQ(PostJson(*client_, "/youtube/youtube/v3/comments", "{}")->status, 200);
}

std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(FakePlatformProcess, ServesWritesPortFileLogsAndStopsOnSigterm) {
  auto dir = std::filesystem::temp_directory_path() / ("fake_platform_test_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  auto port_file = dir / "port";
  auto out_file = dir / "stdout";
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    FILE* out = std::freopen(out_file.c_str(), "w", stdout);
    if (out == nullptr) _exit(127);
    execl(ASPIRASI_FAKE_PLATFORM_BIN, "aspirasi-fake-platform", "--listen", "127.0.0.1:0", "--port-file",
          port_file.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  std::string port_text;
  for (int i = 0; i < 1000 && port_text.empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    port_text = ReadFile(port_file);
  }
  ASSERT_FALSE(port_text.empty()) << "no port file";
  int port = std::stoi(port_text);
  httplib::Client c("127.0.0.1", port);
  auto r = c.Post("/x/2/tweets", R"({"text":"hi"})", "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 201);
  EXPECT_EQ(Json::parse(c.Get("/_fake/requests")->body).size(), 1u);

  ASSERT_EQ(kill(pid, SIGTERM), 0);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  std::string out = ReadFile(out_file);
  EXPECT_NE(out.find("listening on 127.0.0.1:" + std::to_string(port) + "\n"), std::string::npos) << out;
  EXPECT_NE(out.find("POST /x/2/tweets 201\n"), std::string::npos) << out;
  std::filesystem::remove_all(dir);
}

TEST(FakePlatformProcess, BadListenIsUsageError) {
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    FILE* err = std::freopen("/dev/null", "w", stderr);
    if (err == nullptr) _exit(127);
    execl(ASPIRASI_FAKE_PLATFORM_BIN, "aspirasi-fake-platform", "--listen", "nonsense",
          static_cast<char*>(nullptr));
    _exit(127);
  }
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  EXPECT_EQ(WEXITSTATUS(status), 2);
}

}  // namespace
}  // namespace aspirasi::fake_platform
