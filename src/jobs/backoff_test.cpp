#include "jobs/backoff.hpp"

#include <gtest/gtest.h>

using namespace std::chrono_literals;
using agora::jobs::backoff_ceiling;
using agora::jobs::retry_delay;

TEST(JobBackoff, TheCeilingDoublesPerAttemptUpToTheCap) {
  EXPECT_EQ(backoff_ceiling(1, 1000ms), 1000ms);
  EXPECT_EQ(backoff_ceiling(2, 1000ms), 2000ms);
  EXPECT_EQ(backoff_ceiling(5, 1000ms), 16000ms);
  EXPECT_EQ(backoff_ceiling(13, 1000ms), 3600000ms) << "2^12 s is above the one-hour cap";
  EXPECT_EQ(backoff_ceiling(1000, 1000ms), 3600000ms) << "no overflow for absurd attempt counts";
  EXPECT_EQ(backoff_ceiling(3, 250ms, 800ms), 800ms);
}

TEST(JobBackoff, TheDelayIsAFullJitterDrawBelowTheCeiling) {
  EXPECT_EQ(retry_delay(3, 1000ms, 0.0), 0ms);
  EXPECT_EQ(retry_delay(3, 1000ms, 0.5), 2000ms);
  EXPECT_EQ(retry_delay(3, 1000ms, 0.999), 3996ms);
  EXPECT_EQ(retry_delay(3, 1000ms, 7.0), 4000ms) << "a draw outside [0, 1) is clamped";
}
