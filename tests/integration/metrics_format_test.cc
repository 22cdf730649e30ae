// What operators scrape is valid for Prometheus: `promtool check metrics` (from Debian's prometheus
// package; deploy/install-deps.sh puts its promtool in .tools/) accepts the /metrics of a running
// aspirasid and aspirasi-ingest, with a responder connected. Also: each says its release
// (aspirasi_build_info), and the broker counts the workers serving each OPD, 0 for one without.
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
  ASSERT_TRUE(responder.Start({ResponderBinary(), "--config", broker.config_path(), "--opd", "PUPR",
                               "--worker", broker.endpoints().worker},
                              (broker.dir() / "responder.log").string()));

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

  // promtool does find fault when there is one: this test cannot pass on a promtool that accepts anything.
  EXPECT_NE(Check(promtool, "# TYPE x_microseconds_total counter\nx_microseconds_total 1\n", broker.dir()),
            "");
  responder.Kill9();
}

}  // namespace
}  // namespace aspirasi::testing
