#include "jobs/worker.hpp"

#include <unistd.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <random>
#include <set>

#include "core/log.hpp"
#include "core/metrics.hpp"
#include "db/listener.hpp"
#include "jobs/backoff.hpp"
#include "jobs/pg_queue.hpp"

namespace agora::jobs {
namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

struct Worker::State {
  State(db::Pool& p, const Registry& r, WorkerOptions o) : pool(p), registry(r), options(std::move(o)) {}
  db::Pool& pool;
  const Registry& registry;
  WorkerOptions options;
  bool stopping = false;
  bool wake_pending = false;
  asio::steady_timer* waiting = nullptr;  // the run loop's sleep, while it sleeps
  std::map<std::int64_t, Job> running;    // by id: what finish() releases
  std::mt19937_64 rng{std::random_device{}()};

  void wake() {
    wake_pending = true;
    if (waiting) waiting->cancel();
  }

  Task<void> sleep(std::chrono::milliseconds up_to) {
    if (wake_pending) {
      wake_pending = false;
      co_return;
    }
    asio::steady_timer t(co_await asio::this_coro::executor, up_to);
    waiting = &t;
    co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
    waiting = nullptr;
    wake_pending = false;
  }
};

namespace {

metrics::Counter& outcomes(const std::string& kind, const char* outcome) {
  return metrics::Registry::global().counter("jobs_finished_total", "Jobs run, by kind and outcome.",
                                             metrics::labels({{"kind", kind}, {"outcome", outcome}}));
}

metrics::Histogram& durations(const std::string& kind) {
  return metrics::Registry::global().histogram("job_duration_seconds", "Time a job's run took, by kind.",
                                               metrics::labels({{"kind", kind}}));
}

// Extends a running job's lease every third of it until `alive` is false.
Task<void> heartbeat_loop(std::shared_ptr<Worker::State> s, Job job, std::shared_ptr<bool> alive,
                          std::shared_ptr<asio::steady_timer> timer) {
  while (*alive) {
    timer->expires_after(s->options.lease / 3);
    co_await timer->async_wait(asio::as_tuple(asio::use_awaitable));
    if (!*alive) break;
    try {
      if (!co_await heartbeat(s->pool, job, s->options.lease))
        log::warn("job lease lost while running", {{"job.id", job.id}, {"trace_id", job.trace_id}});
    } catch (const std::exception& e) {
      log::warn("job heartbeat failed", {{"job.id", job.id}, {"error.message", e.what()}});
    }
  }
}

// Turns the listener's notifications into wake-ups until the worker stops.
Task<void> listen_loop(std::shared_ptr<Worker::State> s) {
  auto backoff = std::chrono::milliseconds(100);
  while (!s->stopping) {
    try {
      auto listener = co_await db::Listener::connect(s->options.conninfo, "agora_jobs", s->options.connect_timeout);
      backoff = std::chrono::milliseconds(100);
      s->wake();  // notifications may have been missed while disconnected
      while (!s->stopping) {
        auto got = co_await listener->next(Clock::now() + std::chrono::seconds(1));
        if (!got.empty()) s->wake();
      }
    } catch (const std::exception& e) {
      if (s->stopping) break;
      log::warn("job wake-ups lost the database; polling until it reconnects", {{"error.message", e.what()}});
    }
    asio::steady_timer pause(co_await asio::this_coro::executor, backoff);
    co_await pause.async_wait(asio::as_tuple(asio::use_awaitable));
    backoff = std::min(backoff * 2, std::chrono::milliseconds(5000));
  }
}

Task<void> run_job(std::shared_ptr<Worker::State> s, Job job) {
  const auto started = Clock::now();
  const Handler* handler = s->registry.find(job.kind);
  auto alive = std::make_shared<bool>(true);
  auto timer = std::make_shared<asio::steady_timer>(co_await asio::this_coro::executor);
  asio::co_spawn(co_await asio::this_coro::executor, heartbeat_loop(s, job, alive, timer), asio::detached);
  std::string error;
  bool permanent = false, lost = false;
  try {
    if (!handler) throw PermanentFailure("no handler for job kind " + job.kind);
    auto tx = co_await s->pool.begin();
    JobContext ctx{job, tx, s->pool};
    co_await (*handler)(ctx);
    co_await complete(tx, job);
    co_await tx.commit();
  } catch (const LeaseLost& e) {
    lost = true;
    error = e.what();
  } catch (const PermanentFailure& e) {
    permanent = true;
    error = e.what();
  } catch (const std::exception& e) {
    error = e.what();
  }
  *alive = false;
  timer->cancel();
  const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  durations(job.kind).observe(seconds);
  const char* outcome = "done";
  if (lost) {
    outcome = "lost";
    log::warn("job lease lost: its effects were rolled back", {{"job.id", job.id}, {"trace_id", job.trace_id}});
  } else if (!error.empty()) {
    const double unit = std::uniform_real_distribution<double>(0.0, 1.0)(s->rng);
    const auto delay = retry_delay(job.attempt, s->options.retry_base, unit);
    Outcome o = Outcome::lost;
    try {
      o = co_await fail(s->pool, job, error, delay, s->options.max_attempts, permanent);
    } catch (const std::exception& e) {
      // The lease runs out and another worker retries it.
      log::warn("job failure not recorded", {{"job.id", job.id}, {"error.message", e.what()}});
    }
    outcome = o == Outcome::dead ? "dead" : o == Outcome::retry ? "retry" : "lost";
    log::write(o == Outcome::dead ? log::Level::Error : log::Level::Warn,
               o == Outcome::dead ? "job dead-lettered" : "job failed; will retry",
               {{"job.id", job.id},
                {"job.kind", job.kind},
                {"job.attempt", job.attempt},
                {"retry_in_ms", std::int64_t(delay.count())},
                {"error.message", error},
                {"trace_id", job.trace_id}});
  } else {
    log::info("job done", {{"job.id", job.id},
                           {"job.kind", job.kind},
                           {"job.attempt", job.attempt},
                           {"duration_ms", std::int64_t(seconds * 1000)},
                           {"trace_id", job.trace_id}});
  }
  outcomes(job.kind, outcome).inc();
  if (job.attempt > 1)
    metrics::Registry::global().counter("job_retries_total", "Job runs after a first attempt.").inc();
}

// Runs a job already entered in `running`, and takes it out at the end.
Task<void> run_tracked(std::shared_ptr<Worker::State> s, Job job) {
  const auto id = job.id;
  try {
    co_await run_job(s, std::move(job));
  } catch (const std::exception& e) {
    log::error("job runner failed", {{"job.id", id}, {"error.message", e.what()}});
  }
  s->running.erase(id);
  s->wake();
}

}  // namespace

Worker::Worker(db::Pool& pool, const Registry& registry, WorkerOptions options)
    : state_(std::make_shared<State>(pool, registry, std::move(options))) {
  if (state_->options.holder.empty()) state_->options.holder = default_holder();
  if (state_->options.max_attempts < 1) state_->options.max_attempts = 1;
}

Worker::~Worker() = default;

int Worker::running() const { return int(state_->running.size()); }

void Worker::stop() {
  state_->stopping = true;
  state_->wake();
}

Task<void> Worker::run_claimed(Job job) {
  state_->running.emplace(job.id, job);
  co_await run_tracked(state_, std::move(job));
}

Task<void> Worker::run() {
  auto s = state_;
  auto ex = co_await asio::this_coro::executor;
  if (!s->options.conninfo.empty()) asio::co_spawn(ex, listen_loop(s), asio::detached);
  auto next_reap = Clock::now();
  while (!s->stopping) {
    try {
      if (Clock::now() >= next_reap) {
        const auto reaped = co_await reap_expired(s->pool, s->options.max_attempts);
        if (reaped.ready + reaped.dead > 0)
          log::warn("jobs of stopped workers returned", {{"ready", reaped.ready}, {"dead", reaped.dead}});
        next_reap = Clock::now() + std::max(std::chrono::seconds(1), s->options.lease / 4);
      }
      const int free = s->options.concurrency - int(s->running.size());
      if (free > 0) {
        auto claimed = co_await claim(s->pool, free, s->options.holder, s->options.lease);
        const bool full = int(claimed.size()) == free;
        for (auto& job : claimed) {
          s->running.emplace(job.id, job);
          asio::co_spawn(ex, run_tracked(s, std::move(job)), asio::detached);
        }
        if (full) continue;  // there may be more: claim again as slots free up
      }
    } catch (const std::exception& e) {
      log::warn("claiming jobs failed; trying again", {{"error.message", e.what()}});
    }
    co_await s->sleep(s->options.poll);
  }
}

Task<void> Worker::finish(std::chrono::steady_clock::time_point deadline) {
  auto s = state_;
  s->stopping = true;
  while (!s->running.empty() && Clock::now() < deadline) {
    asio::steady_timer t(co_await asio::this_coro::executor, std::chrono::milliseconds(20));
    co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
  }
  for (const auto& [id, job] : s->running) {
    try {
      if (co_await release(s->pool, job)) log::warn("job released at shutdown", {{"job.id", id}});
    } catch (const std::exception& e) {
      log::warn("job not released at shutdown; its lease will expire", {{"job.id", id}, {"error.message", e.what()}});
    }
  }
}

Task<int> Worker::drain() {
  int ran = 0;
  for (;;) {
    auto claimed = co_await claim(state_->pool, 1, state_->options.holder, state_->options.lease);
    if (claimed.empty()) co_return ran;
    co_await run_claimed(std::move(claimed.front()));
    ++ran;
  }
}

std::string default_holder() {
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  return std::string(host) + ":" + std::to_string(getpid());
}

}  // namespace agora::jobs
