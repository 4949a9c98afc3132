#pragma once
// The moderation log: every moderator and admin action is appended here in
// the same transaction as the action itself.
#include <cstdint>
#include <string>

#include "db/db.hpp"

namespace agora::moderation {

// community_id 0: a site-wide (admin) action. `action` e.g. remove_post,
// ban_user; `target_type` post, comment, user, report or community.
// (Separate parameters, not a struct: GCC 12 destroys a braced temporary
// passed to a co_awaited call twice.)
Task<void> log_action(db::Queryable& db, std::int64_t community_id, std::int64_t actor_id, const std::string& action,
                      const std::string& target_type, std::int64_t target_id, const std::string& reason);

}  // namespace agora::moderation
