#include "uploads/access.hpp"

#include "communities/access.hpp"
#include "posts/repo.hpp"

namespace agora::uploads {

Task<void> set_media_refs(db::Queryable& tx, std::int64_t post_id, std::int64_t comment_id,
                          const std::vector<std::string>& digests) {
  co_await tx.query(
      "DELETE FROM media_refs WHERE post_id = $1 AND coalesce(comment_id, 0) = $2 "
      "AND NOT (sha256 = ANY ($3::text[]))",
      db::Params(post_id, comment_id, posts::repo::text_array(digests)));
  if (digests.empty()) co_return;
  co_await tx.query(
      "INSERT INTO media_refs (sha256, post_id, comment_id) SELECT d, $1, nullif($2, 0) FROM unnest($3::text[]) d "
      "ON CONFLICT (sha256, post_id, coalesce(comment_id, 0)) DO NOTHING",
      db::Params(post_id, comment_id, posts::repo::text_array(digests)));
}

Task<MediaAccess> media_access(db::Queryable& db, const std::string& sha256, const std::string& file,
                               std::int64_t viewer_id, bool viewer_admin) {
  // Texts that show the file and are visible (a removed post or comment no
  // longer vouches for it): readable by everyone, or by this viewer.
  auto r = co_await db.query(
      "WITH shown AS (SELECT c.id, c.visibility FROM media_refs r JOIN posts p ON p.id = r.post_id "
      "JOIN communities c ON c.id = p.community_id LEFT JOIN comments k ON k.id = r.comment_id "
      "WHERE r.sha256 = $1 AND p.state = 'visible' AND (r.comment_id IS NULL OR k.state = 'visible')) "
      "SELECT EXISTS (SELECT 1 FROM shown c WHERE c.visibility <> 'private') "
      "OR EXISTS (SELECT 1 FROM users WHERE avatar_url = '/media/' || $2), "
      "EXISTS (SELECT 1 FROM shown c WHERE " +
          communities::readable_sql("c", 3, 4) +
          ") OR EXISTS (SELECT 1 FROM uploads WHERE owner_id = $3 AND sha256 = $1)",
      db::Params(sha256, file, viewer_id, viewer_admin));
  if (r.boolean(0, 0)) co_return MediaAccess::everyone;
  if (r.boolean(0, 1)) co_return MediaAccess::private_to_viewer;
  co_return MediaAccess::none;
}

}  // namespace agora::uploads
