#include "core/metrics.hpp"

#include <gtest/gtest.h>

namespace agora::metrics {

TEST(Metrics, RendersCountersGaugesAndHistogramsInPrometheusText) {
  Registry r;
  r.counter("jobs_total", "Jobs done.", labels({{"queue", "mail"}})).inc(2);
  r.gauge("users", "Users.").set(7);
  auto& h = r.histogram("latency_seconds", "Latency.", labels({{"route", "/x"}}), {0.1, 1.0});
  h.observe(0.05);
  h.observe(0.5);
  h.observe(5);
  const std::string text = r.render();
  EXPECT_NE(text.find("# TYPE jobs_total counter\njobs_total{queue=\"mail\"} 2\n"), std::string::npos) << text;
  EXPECT_NE(text.find("users 7\n"), std::string::npos);
  EXPECT_NE(text.find("latency_seconds_bucket{route=\"/x\",le=\"0.10000000000000001\"} 1\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find("latency_seconds_bucket{route=\"/x\",le=\"+Inf\"} 3\n"), std::string::npos);
  EXPECT_NE(text.find("latency_seconds_count{route=\"/x\"} 3\n"), std::string::npos);
}

TEST(Metrics, EscapesLabelValues) { EXPECT_EQ(labels({{"path", "a\"b\\c\nd"}}), "{path=\"a\\\"b\\\\c\\nd\"}"); }

TEST(Metrics, CollectorsCanBeRemoved) {
  Registry r;
  const int id = r.add_collector([](std::string& out) { out += "custom 1\n"; });
  EXPECT_NE(r.render().find("custom 1"), std::string::npos);
  r.remove_collector(id);
  EXPECT_EQ(r.render().find("custom 1"), std::string::npos);
}

}  // namespace agora::metrics
