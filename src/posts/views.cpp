#include "posts/views.hpp"

namespace agora::posts {

ViewCounter& ViewCounter::global() {
  static ViewCounter counter;
  return counter;
}

void ViewCounter::add(std::int64_t post_id) {
  std::lock_guard lock(mu_);
  ++counts_[post_id];
}

std::unordered_map<std::int64_t, std::int64_t> ViewCounter::take() {
  std::lock_guard lock(mu_);
  std::unordered_map<std::int64_t, std::int64_t> out;
  out.swap(counts_);
  return out;
}

}  // namespace agora::posts
