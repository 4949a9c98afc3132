#pragma once
// Per-user write budgets (posts, comments, votes per hour), smaller for new
// accounts: spam and abuse waves come from fresh sign-ups. Counted in the
// shared rate-limit table, so every replica enforces the same budget.
#include <string>

#include "communities/access.hpp"
#include "core/config.hpp"
#include "db/db.hpp"

namespace agora::content {

enum class WriteKind { post, comment, vote };

// Throws Problem 429 (with Retry-After) when the budget is spent.
Task<void> spend_write_budget(db::Queryable& db, const Config& config, const communities::Viewer& v, WriteKind kind);

// True when an account created at `created_at` (RFC 3339, UTC) is younger than
// `hours` now. Unparseable times count as new (the stricter budget).
bool is_new_account(const std::string& created_at, int hours);

}  // namespace agora::content
