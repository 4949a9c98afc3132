#pragma once
// Comment rules: who may comment (the community's posting rules, locked
// posts only for moderators), threading limits, edits and deletes by the
// author, removal and restore by moderators.
#include <optional>
#include <string>

#include "comments/repo.hpp"
#include "communities/access.hpp"
#include "core/config.hpp"
#include "db/pool.hpp"

namespace agora::comments {

inline constexpr int kMaxDepth = 64;

class Service {
 public:
  explicit Service(const Config& config) : config_(config) {}

  Task<std::pair<std::int64_t, std::string>> create(db::Pool& db, const communities::Viewer& v, std::int64_t post_id,
                                                    const std::string& body, std::int64_t parent_id);
  Task<std::string> get(db::Pool& db, const communities::Viewer& v, std::int64_t id);
  Task<std::string> thread(db::Pool& db, const communities::Viewer& v, std::int64_t post_id, const std::string& sort,
                           const std::vector<std::string>& after, int roots);
  Task<std::string> replies(db::Pool& db, const communities::Viewer& v, std::int64_t id, const std::string& sort,
                            const std::vector<std::string>& after, int limit);
  Task<std::string> edit(db::Pool& db, const communities::Viewer& v, std::int64_t id, const std::string& body);
  Task<void> remove_own(db::Pool& db, const communities::Viewer& v, std::int64_t id);
  Task<std::string> moderate(db::Pool& db, const communities::Viewer& v, std::int64_t id, const std::string& action,
                             const std::string& reason);

 private:
  const Config& config_;
};

}  // namespace agora::comments
