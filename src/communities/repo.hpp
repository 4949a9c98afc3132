#pragma once
// SQL for communities and memberships. JSON comes back as text rendered by
// PostgreSQL; the repo never parses it.
#include <optional>
#include <string>
#include <vector>

#include "db/db.hpp"
#include "db/page.hpp"

namespace agora::communities::repo {

struct NewCommunity {
  std::string slug, name, description, rules, visibility;
};

// Inserts the community with its creator as owner (member and subscriber).
// Throws QueryError unique_violation (communities_slug_key) when taken.
Task<std::int64_t> insert(db::Queryable& tx, const NewCommunity& c, std::int64_t owner_id);

Task<std::string> json_by_id(db::Queryable& db, std::int64_t id, std::int64_t viewer_id);

using Page = db::Page;
// Communities the viewer may see, by member count or newest first.
Task<Page> list(db::Queryable& db, std::int64_t viewer_id, bool admin, const std::string& sort,
                const std::vector<std::string>& after, int limit);

struct Changes {
  std::optional<std::string> name, description, rules, visibility;
};
Task<void> update(db::Queryable& db, std::int64_t id, const Changes& c);

// Adds a member (role member); false when already one. Keeps member_count.
Task<bool> add_member(db::Queryable& tx, std::int64_t community_id, std::int64_t user_id, const std::string& role);
// Removes a membership and its community subscription; false when none.
Task<bool> remove_member(db::Queryable& tx, std::int64_t community_id, std::int64_t user_id);
Task<void> set_role(db::Queryable& tx, std::int64_t community_id, std::int64_t user_id, const std::string& role);
// The member's role, or empty.
Task<std::string> role_of(db::Queryable& db, std::int64_t community_id, std::int64_t user_id);

Task<Page> members(db::Queryable& db, std::int64_t community_id, const std::vector<std::string>& after, int limit);

}  // namespace agora::communities::repo
