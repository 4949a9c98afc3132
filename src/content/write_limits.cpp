#include "content/write_limits.hpp"

#include <cstdio>
#include <ctime>

#include "ratelimit/limiter.hpp"

namespace agora::content {

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

Task<void> spend_write_budget(db::Queryable& db, const Config& config, const communities::Viewer& v, WriteKind kind) {
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
  }
  co_await ratelimit::hit(db, "user:" + what + ":" + std::to_string(v.id), {limit, 3600});
}

}  // namespace agora::content
