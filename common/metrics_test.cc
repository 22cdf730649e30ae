#include "common/metrics.h"

#include <gtest/gtest.h>

namespace aspirasi {
namespace {

TEST(Metrics, RendersPrometheusText) {
  Metrics m;
  m.GetCounter("aspirasi_rejected_total", "Rejected messages", "endpoint=\"ingest\",reason=\"bad_frame\"")
      .Inc(3);
  m.GetCounter("aspirasi_rejected_total", "Rejected messages", "endpoint=\"api\",reason=\"malformed\"").Inc();
  m.GetGauge("aspirasi_queue_depth", "Queued tickets").Set(12);
  std::string text = m.Render();
  EXPECT_NE(text.find("# TYPE aspirasi_rejected_total counter"), std::string::npos);
  EXPECT_NE(text.find("aspirasi_rejected_total{endpoint=\"ingest\",reason=\"bad_frame\"} 3"),
            std::string::npos);
  EXPECT_NE(text.find("aspirasi_rejected_total{endpoint=\"api\",reason=\"malformed\"} 1"), std::string::npos);
  EXPECT_NE(text.find("aspirasi_queue_depth 12"), std::string::npos);
  // one HELP/TYPE per family
  EXPECT_EQ(text.find("# TYPE aspirasi_rejected_total"), text.rfind("# TYPE aspirasi_rejected_total"));
}

// Prometheus' base unit is the second; hot paths add whole microseconds.
TEST(Metrics, AMicrosecondsCounterIsRenderedInSeconds) {
  Metrics m;
  m.GetMicrosecondsCounter("x_seconds_total", "time").Inc(2'000'042);
  m.GetMicrosecondsCounter("y_seconds_total", "time").Inc(7);
  std::string text = m.Render();
  EXPECT_NE(text.find("x_seconds_total 2.000042\n"), std::string::npos) << text;
  EXPECT_NE(text.find("y_seconds_total 0.000007\n"), std::string::npos) << text;
  EXPECT_EQ(m.GetMicrosecondsCounter("x_seconds_total", "time").Value(), 2'000'042u);
}

TEST(Metrics, SameNameAndLabelsIsSameCounter) {
  Metrics m;
  m.GetCounter("x_total", "x").Inc();
  m.GetCounter("x_total", "x").Inc();
  EXPECT_EQ(m.GetCounter("x_total", "x").Value(), 2u);
}

TEST(Metrics, InfoKeepsOneSeriesWithTheLatestLabels) {
  Metrics m;
  m.SetInfo("x_info", "what x is", "seq=\"1\",hash=\"aa\"");
  m.SetInfo("x_info", "what x is", "seq=\"2\",hash=\"bb\"");
  std::string text = m.Render();
  EXPECT_NE(text.find("# TYPE x_info gauge"), std::string::npos);
  EXPECT_NE(text.find("x_info{seq=\"2\",hash=\"bb\"} 1\n"), std::string::npos);
  EXPECT_EQ(text.find("seq=\"1\""), std::string::npos);
}

}  // namespace
}  // namespace aspirasi
