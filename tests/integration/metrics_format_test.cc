// What operators scrape is valid for Prometheus: `promtool check metrics` (from Debian's prometheus
// package; deploy/install-deps.sh puts its promtool in .tools/) accepts the /metrics of a running
// aspirasid, aspirasi-ingest and aspirasi-responder (--http-listen), with the responder connected. Also:
// each says its release (aspirasi_build_info), the broker counts the workers serving each OPD, 0 for one
// without, and the responder's /healthz says whether it is registered with the broker.
#include <gtest/gtest.h>
#include <httplib.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "tests/support/broker_fixture.h"
#include "tests/support/ingest_fixture.h"
#include "tests/support/wait.h"

namespace aspirasi::testing {
namespace {

std::string Promtool() {
  if (const char* env = std::getenv("ASPIRASI_PROMTOOL")) return env;
  for (const std::string& p :
       {std::string(ASPIRASI_SOURCE_DIR) + "/.tools/promtool", std::string("/usr/bin/promtool")}) {
    if (std::filesystem::exists(p)) return p;
  }
  return "";
}

std::string Scrape(const std::string& host_port) {
  httplib::Client http("http://" + host_port);
  auto res = http.Get("/metrics");
  if (!res || res->status != 200) return "";
  return res->body;
}

// The port a process logged it serves HTTP on ("serving /metrics and /healthz on 127.0.0.1:PORT").
std::string LoggedHttp(const std::filesystem::path& log) {
  std::ifstream in(log);
  std::string line;
  const std::string mark = "serving /metrics and /healthz on ";
  while (std::getline(in, line)) {
    auto at = line.find(mark);
    if (at != std::string::npos) return line.substr(at + mark.size());
  }
  return "";
}

std::pair<int, std::string> Health(const std::string& host_port) {
  httplib::Client http("http://" + host_port);
  auto res = http.Get("/healthz");
  if (!res) return {0, ""};
  return {res->status, res->body};
}

// promtool's verdict on `text` ("" when it has nothing to say).
std::string Check(const std::string& promtool, const std::string& text, const std::filesystem::path& dir) {
  const auto file = dir / "metrics.txt";
  std::ofstream(file) << text;
  std::string out;
  int rc = RunCommand({"/bin/sh", "-c", "'" + promtool + "' check metrics < '" + file.string() + "'"}, &out,
                      30000);
  return rc == 0 ? out : "exit " + std::to_string(rc) + ": " + out;
}

TEST(MetricsFormat, PromtoolAcceptsTheBrokerAndTheIngestAndTheyNameTheirReleaseAndTheOpdsWorkers) {
  const std::string promtool = Promtool();
  if (promtool.empty()) {
    if (const char* ci = std::getenv("CI"); ci && std::string(ci) == "true")
      FAIL() << "promtool is missing: deploy/install-deps.sh installs it into .tools/";
    GTEST_SKIP() << "promtool is missing: run deploy/install-deps.sh (it puts it in .tools/)";
  }
  SetSampleSecrets();
  BrokerFixture broker("metrics-format");
  ASSERT_TRUE(broker.Start()) << broker.error();
  IngestFixture ingest(broker);
  ASSERT_TRUE(ingest.Start()) << ingest.error();
  Process responder;
  const auto responder_log = broker.dir() / "responder.log";
  ASSERT_TRUE(responder.Start({ResponderBinary(), "--config", broker.config_path(), "--opd", "PUPR",
                               "--worker", broker.endpoints().worker, "--http-listen", "127.0.0.1:0"},
                              responder_log.string()));

  std::string text;
  ASSERT_TRUE(WaitFor(
      [&] {
        text = Scrape(broker.endpoints().http);
        return text.find("aspirasi_opd_workers{opd=\"PUPR\"} 1\n") != std::string::npos;
      },
      30))
      << text;
  EXPECT_NE(text.find("aspirasi_opd_workers{opd=\"DLH\"} 0\n"), std::string::npos) << text;
  EXPECT_NE(
      text.find("aspirasi_build_info{program=\"aspirasid\",version=\"0.1.0\",protocol=\"aspirasi.v1\"} 1"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find("aspirasi_store_commit_seconds_total "), std::string::npos) << text;
  EXPECT_EQ(Check(promtool, text, broker.dir()), "");

  const std::string ingest_text = Scrape("127.0.0.1:" + std::to_string(ingest.port()));
  ASSERT_FALSE(ingest_text.empty());
  EXPECT_NE(ingest_text.find("aspirasi_build_info{program=\"aspirasi-ingest\""), std::string::npos)
      << ingest_text;
  EXPECT_EQ(Check(promtool, ingest_text, broker.dir()), "");

  std::string responder_http;
  ASSERT_TRUE(WaitFor([&] { return !(responder_http = LoggedHttp(responder_log)).empty(); }, 30));
  ASSERT_TRUE(WaitFor([&] { return Health(responder_http).first == 200; }, 30))
      << Health(responder_http).second;
  const std::string responder_text = Scrape(responder_http);
  EXPECT_NE(responder_text.find("aspirasi_build_info{program=\"aspirasi-responder\""), std::string::npos)
      << responder_text;
  EXPECT_NE(responder_text.find("aspirasi_responder_connected 1\n"), std::string::npos) << responder_text;
  EXPECT_NE(responder_text.find("aspirasi_responder_replies_total{outcome=\"sent\"} 0\n"), std::string::npos)
      << responder_text;
  EXPECT_EQ(Check(promtool, responder_text, broker.dir()), "");
  // Without its broker the responder is unhealthy and says why.
  broker.Kill9();
  ASSERT_TRUE(WaitFor([&] { return Health(responder_http).first == 503; }, 30))
      << Health(responder_http).second;
  EXPECT_NE(Health(responder_http).second.find("not registered with the broker"), std::string::npos);

  // promtool does find fault when there is one: this test cannot pass on a promtool that accepts anything.
  EXPECT_NE(Check(promtool, "# TYPE x_microseconds_total counter\nx_microseconds_total 1\n", broker.dir()),
            "");
  responder.Kill9();
}

}  // namespace
}  // namespace aspirasi::testing
