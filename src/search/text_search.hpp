#pragma once
// Full-text search on posts and comments: PostgreSQL tsvector columns kept
// by the table (GENERATED … STORED) and GIN indexes, queried with
// websearch_to_tsquery (quotes, OR, -exclusions as people type them), ranked
// by ts_rank. Results respect the same filters as every search mode
// (search/filters.hpp); for comments the author and time filters apply to
// the comment.
#include <cstdint>
#include <string>
#include <vector>

#include "db/db.hpp"
#include "db/page.hpp"
#include "search/filters.hpp"

namespace agora::search {

struct SearchQuery {
  std::string text;
  std::string type = "posts";  // posts, comments
  Filters filters;
  std::vector<std::string> after;  // rank, id
  int limit = 20;
};

using Page = db::Page;
Task<Page> text_search(db::Queryable& db, const SearchQuery& q);

}  // namespace agora::search
