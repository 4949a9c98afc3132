#include "uploads/repo.hpp"

#include <stdexcept>

#include "uploads/names.hpp"

namespace agora::uploads {

Task<SavedUpload> repo::save(db::Queryable& db, const NewUpload& u) {
  // One statement: insert, or (on the owner's unique key) read the row that
  // is there. The JSON is rendered here, like every read in the service.
  static const std::string sql =
      "WITH ins AS (INSERT INTO uploads (owner_id, sha256, content_type, bytes, width, height) "
      "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (owner_id, sha256) DO NOTHING RETURNING *), "
      "found AS (SELECT ins.*, true AS created FROM ins UNION ALL "
      "SELECT x.*, false FROM uploads x WHERE x.owner_id = $1 AND x.sha256 = $2 AND NOT EXISTS (SELECT 1 FROM ins)) "
      "SELECT id, created, json_build_object('id', id, 'url', $7::text, 'content_type', content_type, "
      "'bytes', bytes, 'width', width, 'height', height)::text FROM found";
  const db::Params params(u.owner_id, u.sha256, u.content_type, u.bytes, u.width, u.height, u.url);
  // A concurrent upload of the same bytes by the same owner may commit after
  // this statement's snapshot: the insert then does nothing and the select
  // cannot see the row yet. A second statement (new snapshot) sees it.
  for (int attempt = 0; attempt < 3; ++attempt) {
    auto r = co_await db.query(sql, params);
    if (!r.empty()) co_return SavedUpload{r.int64(0, 0), r.boolean(0, 1), r.string(0, 2)};
  }
  throw std::runtime_error("upload row neither inserted nor found");
}

Task<bool> owned_by(db::Queryable& db, const std::string& url, std::int64_t user_id) {
  const auto name = parse_media_url(url);
  if (!name || user_id <= 0) co_return false;
  const std::string type(media_type(name->type));
  const db::Params params(user_id, name->sha256, type);
  auto r = co_await db.query(
      "SELECT EXISTS (SELECT 1 FROM uploads WHERE owner_id = $1 AND sha256 = $2 AND content_type = $3)", params);
  co_return r.boolean(0, 0);
}

}  // namespace agora::uploads
