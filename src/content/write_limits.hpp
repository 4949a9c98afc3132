#pragma once
// What every content write passes before it touches the database:
// - a per-user budget per hour (posts, comments, votes, edits), smaller for
//   new accounts: spam and abuse waves come from fresh sign-ups. Counted in
//   the shared rate-limit table, so every replica enforces the same budget;
// - at most kWritesInFlightPerUser writes of one user at a time in this
//   process, and content writes together at most half of the event loop's
//   database connections (see db::Pool): one user's burst cannot take the
//   connections everyone's reads need. Writes over either wait their turn,
//   up to the pool's acquire timeout (then 429 or 503).
#include <string>

#include "communities/access.hpp"
#include "core/config.hpp"
#include "db/pool.hpp"

namespace agora::content {

enum class WriteKind { post, comment, vote, edit };

inline constexpr int kWritesInFlightPerUser = 2;

// Held for the duration of one write; releases its slots when destroyed.
class WritePermit {
 public:
  WritePermit(WritePermit&& other) noexcept;
  WritePermit& operator=(WritePermit&&) = delete;
  ~WritePermit();

  // Takes the user's in-flight slot and a write share of `db`, waiting up to
  // `wait` for each (then 429, or 503, with Retry-After). No budget is spent.
  static Task<WritePermit> take(db::Pool& db, std::int64_t user_id, std::chrono::milliseconds wait);

 private:
  WritePermit(db::Pool* db, std::int64_t user_id) : db_(db), user_id_(user_id) {}
  db::Pool* db_;
  std::int64_t user_id_;
};

// Takes a WritePermit, then spends one unit of the user's hourly budget for
// `kind`: throws Problem 429 (with Retry-After) when it is spent. Keep the
// permit until the write has committed.
Task<WritePermit> spend_write_budget(db::Pool& db, const Config& config, const communities::Viewer& v, WriteKind kind);

// True when an account created at `created_at` (RFC 3339, UTC) is younger than
// `hours` now. Unparseable times count as new (the stricter budget).
bool is_new_account(const std::string& created_at, int hours);

}  // namespace agora::content
