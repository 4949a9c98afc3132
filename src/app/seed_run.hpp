#pragma once
// `agora seed` without the command line: check the database, plan the
// dataset, set the content tables' indexes and foreign keys aside, load
// with COPY on several connections, rebuild the indexes (also in parallel)
// and keys, move the identity sequences on, ANALYZE. On failure it removes
// what it wrote and restores the schema. Used by the command and its pg test.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "app/seed_options.hpp"
#include "app/seed_progress.hpp"
#include "core/config.hpp"

namespace agora::app::seeding {

// The database is not one the seed may write into (content exists, schema
// missing); the message says what to do.
class SeedRefused : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct SeedSummary {
  std::vector<std::pair<std::string, std::int64_t>> rows;  // table, rows written
  double seconds = 0;
};

// Throws SeedUsageError when --password fails the sign-up rules for a seeded
// user, SeedRefused as above (nothing written in either case), and
// std::runtime_error for database failures (after removing what was written).
SeedSummary run_seed(const Config& config, const SeedOptions& options, Progress& progress);

}  // namespace agora::app::seeding
