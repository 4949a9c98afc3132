#include "jobs/sqs_worker.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <map>
#include <random>
#include <set>

#include "core/log.hpp"
#include "core/metrics.hpp"
#include "jobs/backoff.hpp"

namespace agora::jobs {
namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

struct SqsWorker::State {
  State(db::Pool& p, const Registry& r, Sqs s, WorkerOptions o)
      : pool(p), registry(r), sqs(std::move(s)), options(std::move(o)) {}
  db::Pool& pool;
  const Registry& registry;
  Sqs sqs;
  WorkerOptions options;
  bool stopping = false;
  int running = 0;
  std::map<std::string, std::vector<aws::DeleteEntry>> to_delete;  // by queue URL
  std::mt19937_64 rng{std::random_device{}()};
};

namespace {

metrics::Counter& outcomes(const std::string& kind, const char* outcome) {
  return metrics::Registry::global().counter("jobs_finished_total", "Jobs run, by kind and outcome.",
                                             metrics::labels({{"kind", kind}, {"outcome", outcome}}));
}

Task<void> pause(std::chrono::milliseconds d) {
  asio::steady_timer t(co_await asio::this_coro::executor, d);
  co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
}

// Keeps a running job's message hidden: every third of the lease, for a lease.
Task<void> extend_visibility(std::shared_ptr<SqsWorker::State> s, std::string url, aws::Message m,
                             std::shared_ptr<bool> alive, std::shared_ptr<asio::steady_timer> timer) {
  while (*alive) {
    timer->expires_after(s->options.lease / 3);
    co_await timer->async_wait(asio::as_tuple(asio::use_awaitable));
    if (!*alive) break;
    try {
      // Named: GCC 12 mishandles braced temporaries in a co_await.
      const std::vector<aws::VisibilityEntry> entries{{"1", m.receipt_handle, s->options.lease}};
      co_await s->sqs.client->change_visibility_batch(url, entries);
    } catch (const std::exception& e) {
      log::warn("could not extend a running job's visibility", {{"error.message", e.what()}});
    }
  }
}

// Runs the job a message carries; true when its message can be deleted.
Task<bool> run_message(std::shared_ptr<SqsWorker::State> s, const std::string& url, const aws::Message& m) {
  const auto job = job_of_message(m.body, m.receive_count());
  if (!job) {
    log::error("a message that is not a job; the redrive policy will park it",
               {{"sqs.message_id", m.message_id}, {"sqs.receive_count", m.receive_count()}});
    co_return false;
  }
  auto alive = std::make_shared<bool>(true);
  auto timer = std::make_shared<asio::steady_timer>(co_await asio::this_coro::executor);
  asio::co_spawn(co_await asio::this_coro::executor, extend_visibility(s, url, m, alive, timer), asio::detached);
  const auto started = Clock::now();
  std::string error;
  bool repeat = false, permanent = false;
  try {
    const Handler* handler = s->registry.find(job->kind);
    if (!handler) throw PermanentFailure("no handler for job kind " + job->kind);
    auto tx = co_await s->pool.begin();
    auto receipt =
        co_await tx.query("INSERT INTO job_receipts (job_id) VALUES ($1) ON CONFLICT DO NOTHING", db::Params(job->id));
    repeat = receipt.affected() == 0;
    if (!repeat) {
      JobContext ctx{*job, tx, s->pool};
      co_await (*handler)(ctx);
    }
    co_await tx.commit();
  } catch (const PermanentFailure& e) {
    error = e.what();
    permanent = true;
  } catch (const std::exception& e) {
    error = e.what();
  }
  *alive = false;
  timer->cancel();
  metrics::Registry::global()
      .histogram("job_duration_seconds", "Time a job's run took, by kind.", metrics::labels({{"kind", job->kind}}))
      .observe(std::chrono::duration<double>(Clock::now() - started).count());
  if (error.empty()) {
    outcomes(job->kind, repeat ? "repeat" : "done").inc();
    log::info(
        repeat ? "job already done: repeated delivery dropped" : "job done",
        {{"job.id", job->id}, {"job.kind", job->kind}, {"job.attempt", job->attempt}, {"trace_id", job->trace_id}});
    co_return true;
  }
  // Out of attempts, or a failure retrying cannot fix: parked in the
  // dead-letter queue with its last error (as the Postgres queue's dead
  // state keeps it), then deleted here.
  const int max_attempts = job->max_attempts.value_or(s->options.max_attempts);
  if (permanent || job->attempt >= max_attempts) {
    try {
      aws::MessageAttributes attributes = m.message_attributes;
      attributes["last_error"] = error.substr(0, 1000);
      const std::vector<aws::SendEntry> entries{{"1", m.body, attributes, "", ""}};
      const auto sent = co_await s->sqs.client->send_batch(dead_letter_url(url), entries);
      if (sent.failed.empty()) {
        outcomes(job->kind, "dead").inc();
        log::error("job dead-lettered", {{"job.id", job->id},
                                         {"job.kind", job->kind},
                                         {"job.attempt", job->attempt},
                                         {"error.message", error},
                                         {"trace_id", job->trace_id}});
        co_return true;
      }
    } catch (const std::exception& e) {
      log::warn("could not park a dead job; the queue's redrive policy will", {{"error.message", e.what()}});
    }
  }
  // Hidden for the backoff delay; after maxReceiveCount the queue's redrive
  // policy moves it to the dead-letter queue.
  const double unit = std::uniform_real_distribution<double>(0.0, 1.0)(s->rng);
  // SQS counts visibility in whole seconds: rounded up, so a short backoff
  // is not turned into an immediate redelivery.
  const auto delay = std::chrono::ceil<std::chrono::seconds>(
      retry_delay(job->attempt, s->options.retry_base, unit, std::chrono::hours(12)));
  try {
    const std::vector<aws::VisibilityEntry> entries{{"1", m.receipt_handle, delay}};
    co_await s->sqs.client->change_visibility_batch(url, entries);
  } catch (const std::exception& e) {
    log::warn("could not delay a failed job's retry", {{"error.message", e.what()}});
  }
  outcomes(job->kind, "retry").inc();
  log::warn("job failed; SQS will deliver it again", {{"job.id", job->id},
                                                      {"job.kind", job->kind},
                                                      {"job.attempt", job->attempt},
                                                      {"retry_in_s", std::int64_t(delay.count())},
                                                      {"error.message", error},
                                                      {"trace_id", job->trace_id}});
  co_return false;
}

Task<void> handle(std::shared_ptr<SqsWorker::State> s, std::string url, aws::Message m) {
  try {
    if (co_await run_message(s, url, m)) s->to_delete[url].push_back({m.message_id, m.receipt_handle});
  } catch (const std::exception& e) {
    log::error("SQS job runner failed", {{"error.message", e.what()}});
  }
  --s->running;
}

// Deletes finished messages ten at a time, every 100 ms or sooner when full.
Task<void> delete_loop(std::shared_ptr<SqsWorker::State> s) {
  for (;;) {
    for (auto& [url, pending] : s->to_delete) {
      while (!pending.empty()) {
        const auto n = std::min<std::size_t>(10, pending.size());
        std::vector<aws::DeleteEntry> batch(pending.begin(), pending.begin() + std::ptrdiff_t(n));
        for (std::size_t i = 0; i < batch.size(); ++i) batch[i].id = std::to_string(i);  // unique in the batch
        pending.erase(pending.begin(), pending.begin() + std::ptrdiff_t(n));
        try {
          const auto r = co_await s->sqs.client->delete_batch(url, batch);
          for (const auto& f : r.failed)
            log::warn("a done job's message was not deleted; its receipt drops the repeat",
                      {{"error.code", f.code}, {"error.message", f.message}});
        } catch (const std::exception& e) {
          log::warn("deleting done messages failed; their receipts drop the repeats", {{"error.message", e.what()}});
        }
      }
    }
    if (s->stopping && s->running == 0) co_return;
    co_await pause(std::chrono::milliseconds(100));
  }
}

Task<void> poll_loop(std::shared_ptr<SqsWorker::State> s, std::string url) {
  auto ex = co_await asio::this_coro::executor;
  auto backoff = std::chrono::milliseconds(200);
  while (!s->stopping) {
    const int free = s->options.concurrency - s->running;
    if (free <= 0) {
      co_await pause(std::chrono::milliseconds(20));
      continue;
    }
    std::vector<aws::Message> got;
    bool failed = false;
    try {
      aws::ReceiveOptions o;
      o.max_messages = std::min(10, free);
      o.wait = std::chrono::seconds(20);
      o.visibility_timeout = s->options.lease;
      got = co_await s->sqs.client->receive(url, o);
      backoff = std::chrono::milliseconds(200);
    } catch (const std::exception& e) {
      log::warn("receiving from SQS failed; trying again", {{"error.message", e.what()}});
      failed = true;
    }
    if (failed) {  // SQS away: back off; nothing was taken, nothing is lost
      co_await pause(backoff);
      backoff = std::min(backoff * 2, std::chrono::milliseconds(10'000));
      continue;
    }
    for (auto& m : got) {
      ++s->running;
      asio::co_spawn(ex, handle(s, url, std::move(m)), asio::detached);
    }
  }
}

}  // namespace

SqsWorker::SqsWorker(db::Pool& pool, const Registry& registry, Sqs sqs, WorkerOptions options)
    : state_(std::make_shared<State>(pool, registry, std::move(sqs), std::move(options))) {}

SqsWorker::~SqsWorker() = default;

int SqsWorker::running() const { return state_->running; }

void SqsWorker::stop() { state_->stopping = true; }

Task<void> SqsWorker::run() {
  auto ex = co_await asio::this_coro::executor;
  std::set<std::string> urls{state_->sqs.queues.emails, state_->sqs.queues.analytics, state_->sqs.queues.jobs};
  for (const auto& url : urls) asio::co_spawn(ex, poll_loop(state_, url), asio::detached);
  co_await delete_loop(state_);
}

Task<void> SqsWorker::finish(std::chrono::steady_clock::time_point deadline) {
  state_->stopping = true;
  while (state_->running > 0 && Clock::now() < deadline) co_await pause(std::chrono::milliseconds(20));
  // One last round of deletes for what finished.
  for (auto& [url, pending] : state_->to_delete) {
    if (pending.empty()) continue;
    try {
      for (std::size_t at = 0; at < pending.size(); at += 10) {
        std::vector<aws::DeleteEntry> batch(pending.begin() + std::ptrdiff_t(at),
                                            pending.begin() + std::ptrdiff_t(std::min(pending.size(), at + 10)));
        for (std::size_t i = 0; i < batch.size(); ++i) batch[i].id = std::to_string(i);
        co_await state_->sqs.client->delete_batch(url, batch);
      }
    } catch (const std::exception& e) {
      log::warn("final deletes failed; receipts drop the repeats", {{"error.message", e.what()}});
    }
    pending.clear();
  }
}

}  // namespace agora::jobs
