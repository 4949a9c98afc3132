#pragma once
// Who may do what in a community. Every route asks here before it reads or
// writes content, so the rules live in one place:
//   read      public/restricted: anyone; private: members; admins: always
//   post      signed in, not suspended, not banned there, and: public → anyone,
//             restricted/private → members
//   moderate  the community's owner or moderators, and site admins
// A resource the caller may not read is reported as 404 (not 403), so private
// communities do not reveal what they contain.
#include <cstdint>
#include <optional>
#include <string>

#include "accounts/model.hpp"
#include "db/db.hpp"

namespace agora::communities {

// The caller as the rules see it; id 0 is anonymous.
struct Viewer {
  std::int64_t id = 0;
  bool admin = false;
  bool suspended = false;
  std::string created_at;  // RFC 3339; account age drives new-account limits
  std::string trace_id;    // the request's: jobs enqueued for its writes carry it

  static Viewer of(const std::optional<accounts::Principal>& who);
  static Viewer of(const accounts::Principal& who);
  bool signed_in() const { return id != 0; }
};

struct CommunityAccess {
  std::int64_t id = 0;
  std::string slug, name, visibility;
  std::string role;  // owner, moderator, member, or empty
  bool banned = false;
  bool can_read = false, can_post = false, can_moderate = false;
  bool is_owner() const { return role == "owner"; }
};

struct PostAccess {
  CommunityAccess community;
  std::int64_t post_id = 0;
  std::int64_t author_id = 0;  // 0: deleted account
  std::string state;           // visible, deleted, removed
  bool locked = false;
  bool pinned = false;
};

struct CommentAccess {
  PostAccess post;
  std::int64_t comment_id = 0;
  std::int64_t author_id = 0;
  std::int64_t root_id = 0;
  int depth = 0;
  std::string state;
};

// nullopt when there is no such community or the viewer may not read it.
Task<std::optional<CommunityAccess>> community_by_slug(db::Queryable& db, const std::string& slug, const Viewer& v);
Task<std::optional<PostAccess>> post_by_id(db::Queryable& db, std::int64_t post_id, const Viewer& v);
Task<std::optional<CommentAccess>> comment_by_id(db::Queryable& db, std::int64_t comment_id, const Viewer& v);

// The same, throwing Problem 404 instead of returning nullopt.
Task<CommunityAccess> readable_community(db::Queryable& db, const std::string& slug, const Viewer& v);
Task<PostAccess> readable_post(db::Queryable& db, std::int64_t post_id, const Viewer& v);
Task<CommentAccess> readable_comment(db::Queryable& db, std::int64_t comment_id, const Viewer& v);

// The one rule for every write a user makes in a community (posting,
// commenting, voting, editing, reporting): signed in, not suspended
// site-wide, not banned there. Throws 401/403 with the reason.
void require_can_write(const CommunityAccess& c, const Viewer& v);
// require_can_write, and the community's posting rule (restricted and
// private communities: members only). For new posts and comments.
void require_can_post(const CommunityAccess& c, const Viewer& v);
// Throws 403 unless the viewer moderates the community.
void require_moderator(const CommunityAccess& c);

// SQL condition: community `c` (with columns id, visibility) is readable by
// the viewer whose id is parameter `$viewer_param` and admin flag `$admin_param`.
std::string readable_sql(const std::string& community_alias, int viewer_param, int admin_param);

}  // namespace agora::communities
