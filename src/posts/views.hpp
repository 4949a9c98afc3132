#pragma once
// View counts without a write per page view: each replica counts views in
// memory and adds them to posts.view_count in one UPDATE every few seconds.
// A crash loses at most one interval of views, which a view counter can
// afford; the read path stays read-only.
#include <cstdint>
#include <mutex>
#include <unordered_map>

namespace agora::posts {

class ViewCounter {
 public:
  static ViewCounter& global();
  void add(std::int64_t post_id);
  // The counts so far, resetting them.
  std::unordered_map<std::int64_t, std::int64_t> take();

 private:
  std::mutex mu_;
  std::unordered_map<std::int64_t, std::int64_t> counts_;
};

}  // namespace agora::posts
