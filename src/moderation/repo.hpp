#pragma once
// SQL for reports, bans, suspensions and reading the moderation log.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/db.hpp"
#include "db/page.hpp"

namespace agora::moderation::repo {

using Page = db::Page;

// Inserts an open report; false when this reporter already has one open on
// the same target (repeat clicks do not flood the queue).
Task<std::optional<std::int64_t>> insert_report(db::Queryable& db, std::int64_t community_id, std::int64_t reporter,
                                                const std::string& target_type, std::int64_t target_id,
                                                const std::string& reason, const std::string& details);
// The queue: reports with a snapshot of the reported content.
Task<Page> reports(db::Queryable& db, std::int64_t community_id, const std::string& status,
                   const std::vector<std::string>& after, int limit);
struct ReportRef {
  std::int64_t community_id = 0;
  std::string status;
};
Task<std::optional<ReportRef>> report(db::Queryable& db, std::int64_t id);
Task<void> resolve_report(db::Queryable& db, std::int64_t id, std::int64_t moderator, const std::string& status);

Task<void> ban(db::Queryable& tx, std::int64_t community_id, std::int64_t user_id, std::int64_t by,
               const std::string& reason, std::optional<std::int64_t> days);
Task<bool> unban(db::Queryable& db, std::int64_t community_id, std::int64_t user_id);

Task<void> suspend(db::Queryable& tx, std::int64_t user_id, const std::string& reason, std::int64_t days);
Task<bool> unsuspend(db::Queryable& tx, std::int64_t user_id);

// community_id 0: every action (the admin audit log).
Task<Page> log(db::Queryable& db, std::int64_t community_id, const std::vector<std::string>& after, int limit);

}  // namespace agora::moderation::repo
