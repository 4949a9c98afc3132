// `agora seed`: the command line around run_seed (seed_run.hpp).
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "app/commands.hpp"
#include "app/seed_options.hpp"
#include "app/seed_run.hpp"

namespace agora::app {
namespace {

// On a terminal the progress line may be half drawn: start a fresh line.
const char* after_bar() { return ::isatty(STDERR_FILENO) == 1 ? "\n" : ""; }

}  // namespace

int seed(const Config& config, const std::vector<std::string>& args) {
  SeedOptions options;
  try {
    options = parse_seed_options(args);
  } catch (const SeedUsageError& e) {
    std::cerr << "agora seed: " << e.what() << "\n" << kSeedUsage;
    return 2;
  }
  if (options.help) {
    std::cout << kSeedUsage;
    return 0;
  }
  auto progress = seeding::Progress::for_stderr();
  std::cerr << "agora seed: " << options.users << " users, " << options.communities << " communities, " << options.posts
            << " posts, " << options.comments << " comments, " << options.resolved_votes() << " votes\n";
  try {
    const auto summary = seeding::run_seed(config, options, progress);
    std::int64_t total = 0;
    for (const auto& [table, rows] : summary.rows) total += rows;
    // (void): the seed is done; if stderr cannot take the summary, nothing is left to do.
    (void)std::fprintf(stderr, "agora seed: %s rows in %.1f s; every seeded user's password is the --password value\n",
                       seeding::grouped(total).c_str(), summary.seconds);
    return 0;
  } catch (const SeedUsageError& e) {
    std::cerr << after_bar() << "agora seed: " << e.what() << "\n";
    return 2;
  } catch (const seeding::SeedRefused& e) {
    std::cerr << after_bar() << "agora seed: refused: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace agora::app
