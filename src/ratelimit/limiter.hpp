#pragma once
// Fixed-window rate limits kept in PostgreSQL, so every replica sees the same
// counts (the service stays stateless). One statement per hit.
#include <string>

#include "db/db.hpp"

namespace agora::ratelimit {

struct Rule {
  int limit;  // hits allowed per window
  int window_seconds;
};

// Counts a hit for `key`; throws Problem 429 with Retry-After once the
// window's count exceeds the rule.
Task<void> hit(db::Queryable& db, const std::string& key, Rule rule);

// Throws 429 if `key` is already over the rule, without counting a hit
// (used to count only failed logins against an account).
Task<void> check(db::Queryable& db, const std::string& key, Rule rule);

// Forgets a key (e.g. failed-login count after a successful login).
Task<void> reset(db::Queryable& db, const std::string& key);

// Deletes counters whose window ended more than a day ago (every rule's
// window is shorter), so keys such as failed logins for made-up names do
// not pile up. Returns the number of rows deleted.
Task<std::int64_t> purge_stale(db::Queryable& db);

}  // namespace agora::ratelimit
