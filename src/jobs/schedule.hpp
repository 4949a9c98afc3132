#pragma once
// Scheduled jobs (digests, rollups, housekeeping), run once across any
// number of workers: each worker's scheduler tries to move a schedule's
// next_run_at forward, and only the one whose UPDATE matched enqueues the
// run, in the same transaction (docs/adr/0078).
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "db/pool.hpp"

namespace agora::jobs {

struct Schedule {
  std::string name;  // the job kind is "schedule." + name
  enum class Every { minutes, hour, day, week } every = Every::day;
  int minutes = 10;                // for Every::minutes: the period
  int at_hour = 0, at_minute = 0;  // UTC; for hour only the minute counts
};

// The schedules the worker runs (names as `agora worker run-once` takes them).
const std::vector<Schedule>& schedules();
const Schedule* find_schedule(const std::string& name);

// The first occurrence strictly after `now`.
std::chrono::sys_seconds next_occurrence(const Schedule& s, std::chrono::sys_seconds now);

// One scheduler turn: enqueues the runs that are due and returns how many.
Task<int> enqueue_due(db::Pool& pool, const std::vector<Schedule>& list);

// Runs enqueue_due every `every` until the loop is stopped.
Task<void> scheduler_loop(db::Pool& pool, std::chrono::seconds every);

}  // namespace agora::jobs
