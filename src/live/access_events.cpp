#include "live/access_events.hpp"

namespace agora::live {

Task<void> access_changed_for_user(db::Queryable& tx, std::int64_t user_id) {
  co_await tx.query(
      "SELECT pg_notify('agora_events', json_build_object('type', 'access', 'user_id', $1::bigint)::text)",
      db::Params(user_id));
}

Task<void> access_changed_for_community(db::Queryable& tx, std::int64_t community_id) {
  co_await tx.query(
      "SELECT pg_notify('agora_events', json_build_object('type', 'access', 'community_id', $1::bigint)::text)",
      db::Params(community_id));
}

}  // namespace agora::live
