#pragma once
// Full-text search on posts and comments: PostgreSQL tsvector columns kept
// by the table (GENERATED … STORED) and GIN indexes, queried with
// websearch_to_tsquery (quotes, OR, -exclusions as people type them), ranked
// by ts_rank. Results respect the same read rule as every other route.
#include <cstdint>
#include <string>
#include <vector>

#include "db/db.hpp"
#include "db/page.hpp"

namespace agora::search {

struct SearchQuery {
  std::string text;
  std::string type = "posts";     // posts, comments
  std::int64_t community_id = 0;  // 0: everywhere the viewer can read
  std::int64_t viewer_id = 0;
  bool viewer_admin = false;
  std::vector<std::string> after;  // rank, id
  int limit = 20;
};

using Page = db::Page;
Task<Page> text_search(db::Queryable& db, const SearchQuery& q);

}  // namespace agora::search
