#include "content/write_limits.hpp"

#include <charconv>
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

Problem too_many_writes() {
  Problem p(429, "too-many-writes-in-flight", "Too many writes at once",
            "Wait for your other changes to finish, then try again.");
  p.with_header("Retry-After", "1");
  return p;
}

}  // namespace

bool is_new_account(const std::string& created_at, int hours) {
  // "YYYY-MM-DDTHH:MM:SS…": read each number exactly; anything else counts
  // as new (the stricter budget).
  const auto number = [&](std::size_t at, std::size_t len, int& out) {
    if (created_at.size() < at + len) return false;
    const char* first = created_at.data() + at;
    auto [p, ec] = std::from_chars(first, first + len, out);
    return ec == std::errc() && p == first + len;
  };
  std::tm tm{};
  if (!number(0, 4, tm.tm_year) || !number(5, 2, tm.tm_mon) || !number(8, 2, tm.tm_mday) ||
      !number(11, 2, tm.tm_hour) || !number(14, 2, tm.tm_min) || !number(17, 2, tm.tm_sec))
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
    if (std::chrono::steady_clock::now() + pause > deadline) throw too_many_writes();
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
