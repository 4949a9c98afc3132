#pragma once
// Post rules: who may post where, edits with revision history, soft delete
// by the author, and the moderator actions on posts (remove, restore, lock,
// pin), each written to the moderation log.
#include <optional>
#include <string>
#include <vector>

#include "communities/access.hpp"
#include "core/config.hpp"
#include "db/pool.hpp"

namespace agora::posts {

struct PostInput {
  std::string title;
  std::optional<std::string> body;
  std::optional<std::vector<std::string>> tags;
};

class Service {
 public:
  explicit Service(const Config& config) : config_(config) {}

  // The new post's id and JSON.
  Task<std::pair<std::int64_t, std::string>> create(db::Pool& db, const communities::Viewer& v,
                                                    const std::string& community_slug, const PostInput& in);
  Task<std::string> get(db::Pool& db, const communities::Viewer& v, std::int64_t id);
  Task<std::string> edit(db::Pool& db, const communities::Viewer& v, std::int64_t id,
                         const std::optional<std::string>& title, const std::optional<std::string>& body,
                         const std::optional<std::vector<std::string>>& tags);
  Task<void> remove_own(db::Pool& db, const communities::Viewer& v, std::int64_t id);
  // Newest first, keyset-paged by revision id.
  Task<std::string> revisions(db::Pool& db, const communities::Viewer& v, std::int64_t id,
                              const std::vector<std::string>& after, int limit);

  // Moderator actions; `reason` goes to the log and the author's notification.
  Task<std::string> moderate(db::Pool& db, const communities::Viewer& v, std::int64_t id, const std::string& action,
                             const std::string& reason);

 private:
  const Config& config_;
};

}  // namespace agora::posts
