#pragma once
// The COPY work of `agora seed` as tasks for run_parallel: one per table,
// big tables split into id ranges. Rows are streamed from the in-memory
// World in chunks of about a megabyte; text (names, titles, bodies) is
// generated per row from the row's own Rng, so any range can be written by
// any connection in any order.
#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "app/seed_libpq.hpp"
#include "app/seed_parallel.hpp"
#include "app/seed_progress.hpp"
#include "app/seed_world.hpp"

namespace agora::app::seeding {

struct LoadContext {
  const World& world;
  std::uint64_t random_seed = 1;
  std::string password_hash;     // the one Argon2id hash every seeded user gets
  std::vector<std::string> hot;  // posts.hot per post, as PostgreSQL printed it
  Progress& progress;
  std::atomic<bool>& stop;
};

// The username and email of seeded user `index` (deterministic).
std::string username_of(const World& w, std::uint64_t random_seed, std::size_t index);
std::string email_of(const std::string& username);

// posts.hot must equal agora_hot(score, created_at) exactly, and that mixes
// numeric and double arithmetic we should not re-implement: PostgreSQL
// computes it from a temporary table of (id, score, created_at) and prints
// it with extra_float_digits = 1, the shortest text that reads back as the
// identical double, which the posts COPY then sends unchanged.
std::vector<std::string> hot_values(PgSession& db, const World& w);

// Every COPY task; `c` must outlive them. Each table gets a progress note
// when its last range is written.
std::vector<SeedTask> load_tasks(LoadContext& c);

// The rows the tasks write, per table.
std::vector<std::pair<std::string, std::int64_t>> table_rows(const World& w);

}  // namespace agora::app::seeding
