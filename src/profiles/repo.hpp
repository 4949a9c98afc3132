#pragma once
// Public profiles, a user's posts and comments (only where the viewer may
// read), and the user's own settings.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/db.hpp"
#include "db/page.hpp"

namespace agora::profiles::repo {

// The public profile JSON, or nullopt for an unknown username.
Task<std::optional<std::string>> profile(db::Queryable& db, const std::string& username, std::int64_t viewer_id);

using Page = db::Page;
Task<Page> posts_by(db::Queryable& db, std::int64_t author_id, std::int64_t viewer_id, bool viewer_admin,
                    const std::vector<std::string>& after, int limit);
Task<Page> comments_by(db::Queryable& db, std::int64_t author_id, std::int64_t viewer_id, bool viewer_admin,
                       const std::vector<std::string>& after, int limit);

struct Settings {
  std::optional<std::string> display_name, bio, avatar_url;
};
Task<std::string> settings(db::Queryable& db, std::int64_t user_id);
Task<void> update_settings(db::Queryable& db, std::int64_t user_id, const Settings& s, bool clear_avatar);

}  // namespace agora::profiles::repo
