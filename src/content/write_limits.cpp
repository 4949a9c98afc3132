#include "content/write_limits.hpp"

#include <cstdio>
#include <ctime>
#include <mutex>
#include <unordered_map>

#include "core/sleep.hpp"
#include "ratelimit/limiter.hpp"

namespace agora::content {
namespace {

// Writes in flight per user, across this process's event loops.
struct InFlight {
  std::mutex mutex;
  std::unordered_map<std::int64_t, int> by_user;
};
InFlight& in_flight() {
  static InFlight state;
  return state;
}

}  // namespace

bool is_new_account(const std::string& created_at, int hours) {
  std::tm tm{};
  if (std::sscanf(created_at.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                  &tm.tm_min, &tm.tm_sec) != 6)
    return true;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  const std::time_t created = timegm(&tm);
  return std::time(nullptr) - created < std::time_t(hours) * 3600;
}

Task<WritePermit> WritePermit::take(db::Pool& db, std::int64_t user_id, std::chrono::milliseconds wait) {
  // The user's writes may run on any event loop: wait for a slot by polling,
  // with a short backoff (contention here is one user's own burst).
  const auto deadline = std::chrono::steady_clock::now() + wait;
  auto pause = std::chrono::milliseconds(2);
  for (;;) {
    {
      auto& state = in_flight();
      std::lock_guard lock(state.mutex);
      int& n = state.by_user[user_id];
      if (n < kWritesInFlightPerUser) {
        ++n;
        break;
      }
    }
    if (std::chrono::steady_clock::now() + pause > deadline)
      throw Problem(429, "too-many-writes-in-flight", "Too many writes at once",
                    "Wait for your other changes to finish, then try again.")
          .with_header("Retry-After", "1");
    co_await sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::milliseconds(50));
  }
  WritePermit permit(nullptr, user_id);  // gives the user's slot back if the next line throws
  co_await db.take_write_share();
  permit.db_ = &db;
  co_return permit;
}

WritePermit::WritePermit(WritePermit&& other) noexcept : db_(other.db_), user_id_(other.user_id_) {
  other.db_ = nullptr;
  other.user_id_ = 0;
}

WritePermit::~WritePermit() {
  if (db_) db_->release_write_share();
  if (user_id_ == 0) return;
  auto& state = in_flight();
  std::lock_guard lock(state.mutex);
  auto it = state.by_user.find(user_id_);
  if (it != state.by_user.end() && --it->second <= 0) state.by_user.erase(it);
}

Task<WritePermit> spend_write_budget(db::Pool& db, const Config& config, const communities::Viewer& v, WriteKind kind) {
  auto permit = co_await WritePermit::take(db, v.id, config.db_acquire_timeout);
  const bool fresh = is_new_account(v.created_at, config.new_account_hours);
  int limit = 0;
  std::string what;
  switch (kind) {
    case WriteKind::post:
      limit = fresh ? std::min(config.new_account_posts_per_hour, config.posts_per_hour) : config.posts_per_hour;
      what = "post";
      break;
    case WriteKind::comment:
      limit =
          fresh ? std::min(config.new_account_comments_per_hour, config.comments_per_hour) : config.comments_per_hour;
      what = "comment";
      break;
    case WriteKind::vote:
      limit = config.votes_per_hour;
      what = "vote";
      break;
    case WriteKind::edit:
      limit = config.edits_per_hour;
      what = "edit";
      break;
  }
  co_await ratelimit::hit(db, "user:" + what + ":" + std::to_string(v.id), {limit, 3600});
  co_return permit;
}

}  // namespace agora::content
