#include "jobs/schedule.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cstdio>

#include "core/log.hpp"
#include "jobs/enqueue.hpp"

namespace agora::jobs {
namespace asio = boost::asio;
using namespace std::chrono;

const std::vector<Schedule>& schedules() {
  static const std::vector<Schedule> list = {
      {"housekeeping", Schedule::Every::minutes, 10},
      {"analytics-rollups", Schedule::Every::hour, 0, 0, 5},
      {"email-digests-daily", Schedule::Every::day, 0, 6, 15},
      {"email-digests-weekly", Schedule::Every::week, 0, 6, 15},  // Mondays
  };
  return list;
}

const Schedule* find_schedule(const std::string& name) {
  for (const auto& s : schedules())
    if (s.name == name) return &s;
  return nullptr;
}

sys_seconds next_occurrence(const Schedule& s, sys_seconds now) {
  switch (s.every) {
    case Schedule::Every::minutes: {
      const auto period = minutes(std::max(1, s.minutes));
      return sys_seconds(floor<minutes>(now).time_since_epoch() / period * period + period);
    }
    case Schedule::Every::hour: {
      auto t = floor<hours>(now) + minutes(s.at_minute);
      return t > now ? t : t + hours(1);
    }
    case Schedule::Every::day: {
      auto t = sys_seconds(floor<days>(now)) + hours(s.at_hour) + minutes(s.at_minute);
      return t > now ? t : t + days(1);
    }
    case Schedule::Every::week: {
      const auto today = floor<days>(now);
      const weekday wd{today};
      const auto to_monday = days((weekday(1) - wd).count());  // 0..6 days ahead
      auto t = sys_seconds(today + to_monday) + hours(s.at_hour) + minutes(s.at_minute);
      return t > now ? t : t + weeks(1);
    }
  }
  return now + days(1);
}

namespace {

std::string iso(sys_seconds t) {
  const auto day = floor<days>(t);
  const year_month_day ymd{day};
  const hh_mm_ss hms{t - day};
  char out[32];
  (void)std::snprintf(out, sizeof out, "%04d-%02u-%02uT%02d:%02d:%02dZ", int(ymd.year()), unsigned(ymd.month()),
                      unsigned(ymd.day()), int(hms.hours().count()), int(hms.minutes().count()),
                      int(hms.seconds().count()));
  return out;
}

}  // namespace

Task<int> enqueue_due(db::Pool& pool, const std::vector<Schedule>& list) {
  int enqueued = 0;
  const auto now = floor<seconds>(system_clock::now());
  for (const auto& s : list) {
    const std::string next = iso(next_occurrence(s, now));
    co_await pool.query(
        "INSERT INTO job_schedules (name, next_run_at) VALUES ($1, $2::timestamptz) "
        "ON CONFLICT (name) DO NOTHING",
        db::Params(s.name, next));
    auto tx = co_await pool.begin();
    auto due = co_await tx.query(R"sql(
WITH due AS (SELECT name, next_run_at FROM job_schedules WHERE name = $1 AND next_run_at <= now()
             FOR UPDATE SKIP LOCKED)
UPDATE job_schedules s SET next_run_at = $2::timestamptz, last_run_at = now()
FROM due WHERE s.name = due.name
RETURNING to_char(due.next_run_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))sql",
                                 db::Params(s.name, next));
    if (due.empty()) continue;  // not due, or another worker has it
    NewJob job{.kind = "schedule." + s.name, .payload = "{\"due\":\"" + due.string(0, 0) + "\"}"};
    job.idempotency_key = "schedule:" + s.name + ":" + due.string(0, 0);
    const auto id = co_await enqueue(tx, job);
    co_await tx.query("UPDATE job_schedules SET last_job_id = $2 WHERE name = $1", db::Params(s.name, id));
    co_await tx.commit();
    log::info("scheduled job enqueued", {{"schedule", s.name}, {"due", due.string(0, 0)}, {"next", next}});
    ++enqueued;
  }
  co_return enqueued;
}

Task<void> scheduler_loop(db::Pool& pool, std::chrono::seconds every) {
  for (;;) {
    try {
      co_await enqueue_due(pool, schedules());
    } catch (const std::exception& e) {
      log::warn("scheduler turn failed; trying again", {{"error.message", e.what()}});
    }
    asio::steady_timer t(co_await asio::this_coro::executor, every);
    co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
  }
}

}  // namespace agora::jobs
