#pragma once
// A page of a keyset-paginated list, as every repo returns one: the rows
// rendered as JSON by PostgreSQL, and the sort key of the last one when
// there are more (what the next page's cursor carries).
#include <initializer_list>
#include <string>
#include <vector>

#include "db/db.hpp"

namespace agora::db {

struct Page {
  std::vector<std::string> items;     // JSON objects
  std::vector<std::string> last_key;  // sort key of the last item; empty on the last page
};

// From rows queried with `LIMIT limit + 1` (the extra row only tells that
// there are more): column 0 of the first `limit` rows as the items, and, when
// the extra row came back, the `key_columns` of the last item kept.
Page page_of(const Result& r, int limit, std::initializer_list<int> key_columns);

}  // namespace agora::db
