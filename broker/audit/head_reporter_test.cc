#include "broker/audit/head_reporter.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <sstream>

namespace aspirasi::audit {
namespace {

struct Reporter {
  std::ostringstream lines;
  Metrics metrics;
  HeadReporter reporter{
      metrics,
      std::make_shared<spdlog::logger>("audit-test", std::make_shared<spdlog::sinks::ostream_sink_st>(lines)),
      60'000};
  int Published() const {
    int n = 0;
    for (std::size_t at = lines.str().find("audit chain head"); at != std::string::npos;
         at = lines.str().find("audit chain head", at + 1))
      ++n;
    return n;
  }
};

ChainHead Head(uint64_t seq) {
  ChainHasher h;
  return {seq, h.Link(kGenesis, seq, "e")};
}

TEST(HeadReporter, PublishesAtStartThenOncePerIntervalThenAtStop) {
  Reporter r;
  r.reporter.Observe(ChainHead{}, 1'000);  // no events yet
  EXPECT_EQ(r.Published(), 1);
  EXPECT_NE(r.lines.str().find("audit chain head 0:" + std::string(64, '0') + " (at start)"),
            std::string::npos);
  r.reporter.Observe(Head(5), 30'000);  // within the interval: not yet
  EXPECT_EQ(r.Published(), 1);
  r.reporter.Observe(Head(9), 61'000);  // the interval has passed
  EXPECT_EQ(r.Published(), 2);
  EXPECT_NE(r.lines.str().find("audit chain head " + Head(9).ToString()), std::string::npos);
  EXPECT_NE(r.metrics.Render().find("aspirasi_audit_chain_head_info{seq=\"9\",hash=\"" + ToHex(Head(9).hash) +
                                    "\"} 1"),
            std::string::npos)
      << r.metrics.Render();
  r.reporter.Observe(Head(9), 200'000);  // nothing new: nothing said
  EXPECT_EQ(r.Published(), 2);
  r.reporter.Final(Head(9));
  EXPECT_EQ(r.Published(), 3);
  EXPECT_NE(r.lines.str().find(Head(9).ToString() + " (at stop)"), std::string::npos);
}

}  // namespace
}  // namespace aspirasi::audit
