#pragma once
// Reading and marking a user's notifications. Items about communities the
// user can no longer read (left or removed from a private one) are hidden.
#include <cstdint>
#include <string>
#include <vector>

#include "db/db.hpp"
#include "db/page.hpp"

namespace agora::notifications::repo {

using Page = db::Page;
Task<Page> list(db::Queryable& db, std::int64_t user_id, bool unread_only, const std::vector<std::string>& after,
                int limit);
Task<std::int64_t> unread_count(db::Queryable& db, std::int64_t user_id);
// False when the notification is not the user's.
Task<bool> mark_read(db::Queryable& db, std::int64_t user_id, std::int64_t id);
// Marks everything up to `up_to_id` (0: all) read; returns how many.
Task<std::int64_t> mark_all_read(db::Queryable& db, std::int64_t user_id, std::int64_t up_to_id);

}  // namespace agora::notifications::repo
