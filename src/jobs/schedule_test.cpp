#include "jobs/schedule.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <sstream>

using namespace std::chrono;
using agora::jobs::next_occurrence;
using agora::jobs::Schedule;

namespace {

sys_seconds at(int y, unsigned mo, unsigned d, int h, int mi, int s = 0) {
  return sys_seconds(sys_days(year(y) / month(mo) / day(d))) + hours(h) + minutes(mi) + seconds(s);
}

}  // namespace

TEST(Schedules, EveryTenMinutesIsAlignedToTheClock) {
  const Schedule s{"x", Schedule::Every::minutes, 10};
  EXPECT_EQ(next_occurrence(s, at(2026, 12, 7, 17, 3, 9)), at(2026, 12, 7, 17, 10));
  EXPECT_EQ(next_occurrence(s, at(2026, 12, 7, 17, 10)), at(2026, 12, 7, 17, 20)) << "strictly after now";
  EXPECT_EQ(next_occurrence(s, at(2026, 12, 31, 23, 55)), at(2027, 1, 1, 0, 0));
}

TEST(Schedules, HourlyDailyAndWeeklyRunsComeAtTheirMinute) {
  const Schedule hourly{"h", Schedule::Every::hour, 0, 0, 5};
  EXPECT_EQ(next_occurrence(hourly, at(2026, 12, 7, 17, 3)), at(2026, 12, 7, 17, 5));
  EXPECT_EQ(next_occurrence(hourly, at(2026, 12, 7, 17, 5)), at(2026, 12, 7, 18, 5));
  const Schedule daily{"d", Schedule::Every::day, 0, 6, 15};
  EXPECT_EQ(next_occurrence(daily, at(2026, 12, 7, 6, 0)), at(2026, 12, 7, 6, 15));
  EXPECT_EQ(next_occurrence(daily, at(2026, 12, 7, 17, 0)), at(2026, 12, 8, 6, 15));
  const Schedule weekly{"w", Schedule::Every::week, 0, 6, 15};
  // 2026-12-07 is a Monday.
  EXPECT_EQ(next_occurrence(weekly, at(2026, 12, 7, 6, 0)), at(2026, 12, 7, 6, 15));
  EXPECT_EQ(next_occurrence(weekly, at(2026, 12, 7, 6, 15)), at(2026, 12, 14, 6, 15));
  EXPECT_EQ(next_occurrence(weekly, at(2026, 12, 10, 12, 0)), at(2026, 12, 14, 6, 15));
}
