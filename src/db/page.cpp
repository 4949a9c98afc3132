#include "db/page.hpp"

namespace agora::db {

Page page_of(const Result& r, int limit, std::initializer_list<int> key_columns) {
  Page page;
  const int kept = std::min(r.rows(), limit);
  page.items.reserve(std::size_t(std::max(kept, 0)));
  for (int i = 0; i < kept; ++i) page.items.push_back(r.string(i, 0));
  if (r.rows() > limit && limit > 0)
    for (const int column : key_columns) page.last_key.push_back(r.string(limit - 1, column));
  return page;
}

}  // namespace agora::db
