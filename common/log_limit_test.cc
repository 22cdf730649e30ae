#include "common/log_limit.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <sstream>

namespace aspirasi {
namespace {

struct Rig {
  int64_t now = 1'000'000;
  std::ostringstream text;
  std::shared_ptr<LimitingSink> sink;
  std::shared_ptr<spdlog::logger> log;
  Metrics metrics;

  explicit Rig(LogLimits limits = {}) {
    auto out = std::make_shared<spdlog::sinks::ostream_sink_mt>(text);
    sink = std::make_shared<LimitingSink>(std::vector<spdlog::sink_ptr>{out}, limits, [this] { return now; });
    sink->CountInto(&metrics);
    log = std::make_shared<spdlog::logger>("store", sink);
    log->set_pattern("%l [%n] %v");
    log->set_level(spdlog::level::trace);
  }
  ~Rig() { sink->CountInto(nullptr); }

  int Lines() const {
    std::string s = text.str();
    return static_cast<int>(std::count(s.begin(), s.end(), '\n'));
  }
};

TEST(LogLimitTest, ShapeMasksNumbers) {
  EXPECT_EQ(LogShape("ticket 17 failed after 3 tries"), "ticket # failed after # tries");
  EXPECT_EQ(LogShape("ticket 18 failed after 12 tries"), "ticket # failed after # tries");
  EXPECT_EQ(LogShape(std::string(500, 'x')).size(), 160u);
  EXPECT_EQ(LogShape(""), "");
}

TEST(LogLimitTest, ARepeatedWarningIsHeldBackAndSummedUp) {
  Rig rig;
  for (int i = 0; i < 10000; ++i) rig.log->warn("submit {} failed: disk I/O error", i);
  EXPECT_EQ(rig.Lines(), 5);  // the first five of this shape
  EXPECT_EQ(rig.sink->suppressed(), 9995u);
  // The window ends: one line sums up the rest, with the first line held back.
  rig.now += 10'000;
  rig.log->flush();
  EXPECT_EQ(rig.Lines(), 6);
  EXPECT_NE(
      rig.text.str().find("warning [store] 9995 more lines like this in the last 10 s: submit 5 failed: "
                          "disk I/O error"),
      std::string::npos)
      << rig.text.str();
  const std::string metrics = rig.metrics.Render();
  EXPECT_NE(metrics.find("aspirasi_log_lines_total{level=\"warning\"} 10000"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("aspirasi_log_suppressed_total 9995"), std::string::npos) << metrics;
  // A new window lets the shape through again.
  rig.log->warn("submit {} failed: disk I/O error", 1);
  EXPECT_EQ(rig.Lines(), 7);
}

TEST(LogLimitTest, OtherShapesLevelsAndInfoLinesStillPass) {
  Rig rig;
  for (int i = 0; i < 100; ++i) rig.log->warn("checkpoint failed");
  rig.log->error("checkpoint failed");  // another level: its own shape
  rig.log->warn("the WAL is {} MiB", 300);
  for (int i = 0; i < 100; ++i) rig.log->info("ticket {} delivered", i);
  EXPECT_EQ(rig.Lines(), 5 + 1 + 1 + 100);
  EXPECT_NE(rig.metrics.Render().find("aspirasi_log_lines_total{level=\"error\"} 1"), std::string::npos);
}

TEST(LogLimitTest, EverChangingLinesAreBoundedPerSecond) {
  Rig rig({.per_shape = 5, .window_ms = 10'000, .per_second = 50, .max_shapes = 1000});
  std::string letters = "abcdefghijklmnopqrstuvwxyz";
  for (int i = 0; i < 5000; ++i) {
    std::string word{letters[i % 26], letters[(i / 26) % 26], letters[(i / 676) % 26]};
    rig.log->warn("rejected a message: field {}", word);
  }
  EXPECT_EQ(rig.Lines(), 50);
  rig.now += 1000;  // the next second
  rig.log->warn("rejected a message: field {}", "zzz-new");
  EXPECT_EQ(rig.Lines(), 51);
}

TEST(LogLimitTest, TheEndOfAFloodIsReportedByTheNextLineOfAnyKind) {
  Rig rig;
  for (int i = 0; i < 8; ++i) rig.log->warn("publish failed");
  rig.now += 12'000;
  rig.log->info("serving");
  std::string s = rig.text.str();
  EXPECT_LT(s.find("3 more lines like this in the last 10 s: publish failed"),
            s.find("info [store] serving"));
}

}  // namespace
}  // namespace aspirasi
