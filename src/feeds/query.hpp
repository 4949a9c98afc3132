#pragma once
// Feed queries: which posts, in which order, one page at a time. Every
// variant is a range scan of one of the posts_* indexes (see
// migrations/0003_community.sql) that stops after the page, so a page costs
// the same on the first day and after a million posts. The SQL is built here
// and nowhere else, and `make bench` runs the very same text in pgbench.
#include <cstdint>
#include <string>
#include <vector>

#include "db/db.hpp"
#include "db/page.hpp"

namespace agora::feeds {

struct FeedQuery {
  std::string scope = "all";   // all, home, community
  std::string sort = "hot";    // hot, new, top
  std::string window = "all";  // for top: day, week, month, year, all
  std::int64_t community_id = 0;
  std::int64_t viewer_id = 0;
  bool viewer_admin = false;
  std::vector<std::string> after;  // cursor: sort key and id of the last post seen
  int limit = 25;
};

struct Sql {
  std::string text;
  db::Params params;
};
Sql feed_sql(const FeedQuery& q);

using Page = db::Page;
Task<Page> feed(db::Queryable& db, const FeedQuery& q);

}  // namespace agora::feeds
