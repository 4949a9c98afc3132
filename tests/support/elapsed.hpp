#pragma once
// Wall-clock helpers for tests that bound how long something may take.
#include <chrono>

namespace agora::test {

using Clock = std::chrono::steady_clock;

inline std::chrono::milliseconds since(Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t);
}

}  // namespace agora::test
