#include "search/related_cache.hpp"

namespace agora::search {

bool RelatedCache::get(const std::string& key, std::vector<std::int64_t>& ids) {
  const std::lock_guard lock(mutex_);
  auto it = index_.find(key);
  if (it == index_.end()) return false;
  if (it->second->expires <= std::chrono::steady_clock::now()) {
    order_.erase(it->second);
    index_.erase(it);
    return false;
  }
  order_.splice(order_.begin(), order_, it->second);
  ids = it->second->ids;
  return true;
}

void RelatedCache::put(const std::string& key, std::vector<std::int64_t> ids) {
  const std::lock_guard lock(mutex_);
  if (auto it = index_.find(key); it != index_.end()) {
    order_.erase(it->second);
    index_.erase(it);
  }
  order_.push_front({key, std::move(ids), std::chrono::steady_clock::now() + ttl_});
  index_[key] = order_.begin();
  while (order_.size() > capacity_) {
    index_.erase(order_.back().key);
    order_.pop_back();
  }
}

}  // namespace agora::search
