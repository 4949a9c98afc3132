#include "search/filters.hpp"

#include "communities/access.hpp"

namespace agora::search {

std::string filters_sql(const Filters& f, db::Params& params) {
  const auto next = [&params] { return "$" + std::to_string(params.values().size()); };
  params.add(f.viewer_id);
  const int viewer = int(params.values().size());
  params.add(f.viewer_admin);
  const int admin = int(params.values().size());
  std::string sql = "p.state = 'visible' AND " + communities::readable_sql("c", viewer, admin);
  if (f.community_id) {
    params.add(f.community_id);
    sql += " AND c.id = " + next();
  }
  if (f.author_id) {
    params.add(f.author_id);
    sql += " AND p.author_id = " + next();
  }
  if (f.since) {
    params.add(*f.since);
    sql += " AND p.created_at >= " + next() + "::timestamptz";
  }
  if (f.until) {
    params.add(*f.until);
    sql += " AND p.created_at < " + next() + "::timestamptz";
  }
  if (f.exclude_post) {
    params.add(f.exclude_post);
    sql += " AND p.id <> " + next();
  }
  return sql;
}

}  // namespace agora::search
