#include "jobs/backoff.hpp"

#include <algorithm>

namespace agora::jobs {

std::chrono::milliseconds backoff_ceiling(int attempt, std::chrono::milliseconds base, std::chrono::milliseconds cap) {
  const int doublings = std::clamp(attempt - 1, 0, 40);  // 2^40 ms is far past any cap
  const auto ceiling = double(base.count()) * double(std::int64_t(1) << doublings);
  return std::chrono::milliseconds(std::int64_t(std::min(ceiling, double(cap.count()))));
}

std::chrono::milliseconds retry_delay(int attempt, std::chrono::milliseconds base, double unit,
                                      std::chrono::milliseconds cap) {
  const auto ceiling = backoff_ceiling(attempt, base, cap);
  return std::chrono::milliseconds(std::int64_t(double(ceiling.count()) * std::clamp(unit, 0.0, 1.0)));
}

}  // namespace agora::jobs
