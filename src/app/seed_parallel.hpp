#pragma once
// Runs independent seed tasks (COPY chunks, index builds, ANALYZE) on a few
// database connections at once. PostgreSQL computes generated columns
// (the full-text tsvectors) and builds each index in the backend that runs
// the statement, so one connection keeps one core busy; several keep
// several. Tasks are started most expensive first, so the connections
// finish at about the same time.
#include <atomic>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "app/seed_libpq.hpp"

namespace agora::app::seeding {

struct SeedTask {
  std::string name;
  double cost = 1;  // relative; only the order matters
  std::function<void(PgSession&)> run;
};

// Thrown inside a task when another task failed and work should stop.
class SeedStopped : public std::runtime_error {
 public:
  SeedStopped() : std::runtime_error("stopped after another task failed") {}
};

// Opens `jobs` connections (each runs `setup` first) and runs every task.
// After the first failure no new task starts and `stop` is set, which
// long-running tasks poll; the first failure is rethrown once all threads
// have ended.
void run_parallel(const std::string& conninfo, const std::string& setup, int jobs, std::vector<SeedTask> tasks,
                  std::atomic<bool>& stop);

}  // namespace agora::app::seeding
