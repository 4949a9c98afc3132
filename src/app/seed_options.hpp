#pragma once
// Command-line options of `agora seed`. Parsing is separate from running so
// bad arguments are refused (exit 2 with usage) before anything connects.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace agora::app {

// Signs in every seeded user; passes the sign-up password rules for every
// seeded username and email (checked at start anyway).
inline constexpr const char* kDefaultSeedPassword = "seeded-Agora-pass-2024";

struct SeedOptions {
  std::int64_t users = 1000;
  std::int64_t communities = 20;
  std::int64_t posts = 10'000;
  std::int64_t comments = 100'000;
  std::int64_t votes = -1;  // -1: posts + comments (see resolved_votes)
  std::string password = kDefaultSeedPassword;
  std::uint64_t random_seed = 1;  // same options and seed: same dataset
  int jobs = 0;                   // database connections working at once; 0: one per core, at least 2
  bool help = false;

  std::int64_t resolved_votes() const { return votes >= 0 ? votes : posts + comments; }
};

class SeedUsageError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

extern const char* const kSeedUsage;

// Throws SeedUsageError naming the bad argument.
SeedOptions parse_seed_options(const std::vector<std::string>& args);

}  // namespace agora::app
