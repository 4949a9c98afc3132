#pragma once
// Follows (communities, users) and watches (posts) with a notification level.
#include <cstdint>
#include <string>
#include <vector>

#include "db/db.hpp"
#include "db/page.hpp"

namespace agora::subscriptions::repo {

Task<void> upsert(db::Queryable& db, std::int64_t user_id, const std::string& kind, std::int64_t target_id,
                  const std::string& level);
// False when there was none.
Task<bool> remove(db::Queryable& db, std::int64_t user_id, const std::string& kind, std::int64_t target_id);

using Page = db::Page;
// The user's subscriptions of one kind, newest first, with what they point at.
Task<Page> list(db::Queryable& db, std::int64_t user_id, const std::string& kind, const std::vector<std::string>& after,
                int limit);

}  // namespace agora::subscriptions::repo
