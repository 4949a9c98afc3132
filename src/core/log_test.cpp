#include "core/log.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace agora::log {

TEST(Log, RendersOneJsonObjectPerLineWithTheSchemaFields) {
  const std::string line = render(Level::Warn, "db \"slow\"\n",
                                  {{"http.request.id", "abc"}, {"duration_ms", 1.5}, {"rows", 3}, {"ok", true}});
  ASSERT_EQ(line.back(), '\n');
  EXPECT_EQ(line.find('\n'), line.size() - 1) << "one line only";
  const auto v = boost::json::parse(line).as_object();
  EXPECT_EQ(v.at("log.level"), "WARN");
  EXPECT_EQ(v.at("message"), "db \"slow\"\n");
  EXPECT_EQ(v.at("http.request.id"), "abc");
  EXPECT_EQ(v.at("rows").as_int64(), 3);
  EXPECT_EQ(v.at("ok").as_bool(), true);
  EXPECT_DOUBLE_EQ(v.at("duration_ms").to_number<double>(), 1.5);
  const std::string ts(v.at("@timestamp").as_string());
  EXPECT_EQ(ts.size(), 27u) << ts;  // 2026-01-02T03:04:05.123456Z
  EXPECT_EQ(ts.back(), 'Z');
}

TEST(Log, LevelFilter) {
  set_level("warn");
  EXPECT_FALSE(enabled(Level::Info));
  EXPECT_TRUE(enabled(Level::Error));
  set_level("info");
  EXPECT_TRUE(enabled(Level::Info));
  EXPECT_FALSE(enabled(Level::Debug));
}

}  // namespace agora::log
