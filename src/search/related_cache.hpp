#pragma once
// Related-post lists for guests, kept a few minutes per (post, text digest,
// limit): bounded in size, least recently used out first, thread-safe (the
// event loops share it).
#include <chrono>
#include <cstdint>
#include <list>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace agora::search {

class RelatedCache {
 public:
  explicit RelatedCache(std::size_t capacity = 10'000, std::chrono::seconds ttl = std::chrono::minutes(5))
      : capacity_(capacity), ttl_(ttl) {}

  bool get(const std::string& key, std::vector<std::int64_t>& ids);
  void put(const std::string& key, std::vector<std::int64_t> ids);

 private:
  struct Entry {
    std::string key;
    std::vector<std::int64_t> ids;
    std::chrono::steady_clock::time_point expires;
  };
  std::size_t capacity_;
  std::chrono::seconds ttl_;
  std::mutex mutex_;
  std::list<Entry> order_;  // most recently used first
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;
};

}  // namespace agora::search
