#include "communities/access.hpp"

namespace agora::communities {
namespace {

// The viewer-dependent columns, for a community aliased c and viewer $2.
constexpr const char* kAccessColumns =
    "c.id, c.slug, c.name, c.visibility, coalesce(m.role, ''), "
    "(b.user_id IS NOT NULL AND (b.expires_at IS NULL OR b.expires_at > now())) ";
constexpr const char* kAccessJoins =
    "LEFT JOIN community_members m ON m.community_id = c.id AND m.user_id = $2 "
    "LEFT JOIN community_bans b ON b.community_id = c.id AND b.user_id = $2 ";

CommunityAccess read_access(const db::Result& r, int col, const Viewer& v) {
  CommunityAccess a;
  a.id = r.int64(0, col);
  a.slug = r.string(0, col + 1);
  a.name = r.string(0, col + 2);
  a.visibility = r.string(0, col + 3);
  a.role = r.string(0, col + 4);
  a.banned = r.boolean(0, col + 5);
  const bool member = !a.role.empty();
  a.can_read = a.visibility != "private" || member || v.admin;
  a.can_moderate = a.role == "owner" || a.role == "moderator" || v.admin;
  a.can_post = v.signed_in() && !v.suspended && !a.banned && (a.visibility == "public" || member || v.admin);
  return a;
}

}  // namespace

Viewer Viewer::of(const accounts::Principal& who) {
  return Viewer{who.user.id, who.user.role == "admin", who.user.suspended, who.user.created_at, who.trace_id};
}

Viewer Viewer::of(const std::optional<accounts::Principal>& who) { return who ? of(*who) : Viewer{}; }

Task<std::optional<CommunityAccess>> community_by_slug(db::Queryable& db, const std::string& slug, const Viewer& v) {
  auto r = co_await db.query(
      std::string("SELECT ") + kAccessColumns + "FROM communities c " + kAccessJoins + "WHERE c.slug = lower($1)",
      db::Params(slug, v.id));
  if (r.empty()) co_return std::nullopt;
  auto a = read_access(r, 0, v);
  if (!a.can_read) co_return std::nullopt;
  co_return a;
}

Task<std::optional<PostAccess>> post_by_id(db::Queryable& db, std::int64_t post_id, const Viewer& v) {
  auto r = co_await db.query(std::string("SELECT ") + kAccessColumns +
                                 ", p.id, coalesce(p.author_id, 0), p.state, p.locked_at IS NOT NULL, "
                                 "p.pinned_at IS NOT NULL FROM posts p JOIN communities c ON c.id = p.community_id " +
                                 kAccessJoins + "WHERE p.id = $1",
                             db::Params(post_id, v.id));
  if (r.empty()) co_return std::nullopt;
  PostAccess a{read_access(r, 0, v), r.int64(0, 6), r.int64(0, 7), r.string(0, 8), r.boolean(0, 9), r.boolean(0, 10)};
  if (!a.community.can_read) co_return std::nullopt;
  co_return a;
}

Task<std::optional<CommentAccess>> comment_by_id(db::Queryable& db, std::int64_t comment_id, const Viewer& v) {
  auto r = co_await db.query(
      std::string("SELECT ") + kAccessColumns +
          ", p.id, coalesce(p.author_id, 0), p.state, p.locked_at IS NOT NULL, p.pinned_at IS NOT NULL, "
          "k.id, coalesce(k.author_id, 0), k.root_id, k.depth, k.state "
          "FROM comments k JOIN posts p ON p.id = k.post_id JOIN communities c ON c.id = p.community_id " +
          kAccessJoins + "WHERE k.id = $1",
      db::Params(comment_id, v.id));
  if (r.empty()) co_return std::nullopt;
  PostAccess p{read_access(r, 0, v), r.int64(0, 6), r.int64(0, 7), r.string(0, 8), r.boolean(0, 9), r.boolean(0, 10)};
  if (!p.community.can_read) co_return std::nullopt;
  co_return CommentAccess{std::move(p),   r.int64(0, 11),      r.int64(0, 12),
                          r.int64(0, 13), int(r.int64(0, 14)), r.string(0, 15)};
}

Task<CommunityAccess> readable_community(db::Queryable& db, const std::string& slug, const Viewer& v) {
  auto a = co_await community_by_slug(db, slug, v);
  if (!a) throw Problem::not_found("No community with this name.");
  co_return *a;
}

Task<PostAccess> readable_post(db::Queryable& db, std::int64_t post_id, const Viewer& v) {
  auto a = co_await post_by_id(db, post_id, v);
  if (!a) throw Problem::not_found("No post with this id.");
  co_return *a;
}

Task<CommentAccess> readable_comment(db::Queryable& db, std::int64_t comment_id, const Viewer& v) {
  auto a = co_await comment_by_id(db, comment_id, v);
  if (!a) throw Problem::not_found("No comment with this id.");
  co_return *a;
}

void require_can_write(const CommunityAccess& c, const Viewer& v) {
  if (!v.signed_in()) throw Problem::unauthorized();
  if (v.suspended)
    throw Problem(403, "suspended", "Account suspended", "This account is suspended and cannot post, comment or vote.");
  if (c.banned) throw Problem(403, "banned", "Banned from this community", "You are banned from this community.");
}

void require_can_post(const CommunityAccess& c, const Viewer& v) {
  require_can_write(c, v);
  if (!c.can_post) throw Problem::forbidden("Only members can post in this community.");
}

void require_moderator(const CommunityAccess& c) {
  if (!c.can_moderate) throw Problem::forbidden("This needs a moderator of the community.");
}

std::string readable_sql(const std::string& c, int viewer_param, int admin_param) {
  const auto vp = "$" + std::to_string(viewer_param);
  return "(" + c + ".visibility <> 'private' OR $" + std::to_string(admin_param) +
         "::bool OR EXISTS (SELECT 1 FROM community_members rm WHERE rm.community_id = " + c +
         ".id AND rm.user_id = " + vp + "))";
}

}  // namespace agora::communities
