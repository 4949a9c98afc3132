#pragma once
// When a failed job runs again: exponential backoff with full jitter, so a
// dependency that comes back is not hit by every retry at the same moment.
#include <chrono>
#include <cstdint>

namespace agora::jobs {

// The ceiling for attempt `attempt` (1 = the first run failed):
// base × 2^(attempt−1), capped at `cap`.
std::chrono::milliseconds backoff_ceiling(int attempt, std::chrono::milliseconds base,
                                          std::chrono::milliseconds cap = std::chrono::hours(1));

// A delay drawn uniformly from [0, ceiling]; `unit` in [0, 1) is the random
// draw (passed in so tests can pin it).
std::chrono::milliseconds retry_delay(int attempt, std::chrono::milliseconds base, double unit,
                                      std::chrono::milliseconds cap = std::chrono::hours(1));

}  // namespace agora::jobs
