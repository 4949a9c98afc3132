#include "moderation/audit.hpp"

namespace agora::moderation {

Task<void> log_action(db::Queryable& db, std::int64_t community_id, std::int64_t actor_id, const std::string& action,
                      const std::string& target_type, std::int64_t target_id, const std::string& reason) {
  co_await db.query(
      "INSERT INTO mod_actions (community_id, actor_id, action, target_type, target_id, reason) "
      "VALUES (nullif($1, 0), $2, $3, $4, $5, $6)",
      db::Params(community_id, actor_id, action, target_type, target_id, reason));
}

}  // namespace agora::moderation
