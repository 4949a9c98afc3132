#pragma once
// Community rules: creating and configuring communities, joining and
// leaving, and who holds which role. Routes translate HTTP; SQL is in repo.
#include <optional>
#include <string>

#include "communities/access.hpp"
#include "communities/repo.hpp"
#include "core/config.hpp"
#include "db/pool.hpp"

namespace agora::communities {

struct CommunityInput {
  std::string slug, name;
  std::optional<std::string> description, rules, visibility;
};

// The community JSON after creation.
Task<std::string> create(db::Pool& db, const Config& config, const Viewer& v, const CommunityInput& in);
Task<std::string> get(db::Pool& db, const Viewer& v, const std::string& slug);
Task<std::string> update(db::Pool& db, const Viewer& v, const std::string& slug, const repo::Changes& changes);

// Public communities only; the others add members through moderators.
// Returns the member's role.
Task<std::string> join(db::Pool& db, const Viewer& v, const std::string& slug);
Task<void> leave(db::Pool& db, const Viewer& v, const std::string& slug);

// Moderators add members; the owner (or an admin) also appoints or demotes
// moderators. Every change is in the moderation log.
Task<void> set_member(db::Pool& db, const Viewer& v, const std::string& slug, const std::string& username,
                      const std::string& role);
Task<void> remove_member(db::Pool& db, const Viewer& v, const std::string& slug, const std::string& username);

// The user id for a username, 404 when unknown.
Task<std::int64_t> user_id_of(db::Queryable& db, const std::string& username);

}  // namespace agora::communities
