// `agora admin jobs list|retry|redrive|ping`: what operators do with the
// Postgres queue (docs/runbooks/local-development.md, docs/adr/0078).
#include "app/admin_jobs.hpp"

#include <iostream>

#include "db/standalone.hpp"
#include "jobs/enqueue.hpp"
#include "jobs/pg_queue.hpp"
#include "jobs/sqs_transport.hpp"

namespace agora::app {
namespace {

constexpr const char* kUsage = R"(usage: agora admin jobs list [--state ready|running|done|dead|relayed] [--limit N]
       agora admin jobs retry ID      make one dead job ready again (fresh attempts)
       agora admin jobs redrive       make every dead job ready again
       agora admin jobs ping          enqueue a diagnostics job and print its id

With AGORA_QUEUE=sqs, dead jobs are messages in the dead-letter queues: list
adds each SQS queue's depth, and redrive moves the dead letters back to their
work queues (retry ID does not apply).
)";

int usage(const std::string& why) {
  std::cerr << "agora admin jobs: " << why << "\n" << kUsage;
  return 2;
}

std::int64_t positive(const std::string& what, const std::string& v) {
  std::size_t used = 0;
  long long n = 0;
  try {
    n = std::stoll(v, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != v.size() || n <= 0)
    throw std::invalid_argument(what + " must be a positive whole number, not '" + v + "'");
  return n;
}

int list(const Config& config, const std::vector<std::string>& args) {
  std::optional<std::string> state;
  int limit = 50;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--state" && i + 1 < args.size()) {
      state = args[++i];
      if (*state != "ready" && *state != "running" && *state != "done" && *state != "dead" && *state != "relayed")
        return usage("unknown state '" + *state + "'");
    } else if (args[i] == "--limit" && i + 1 < args.size()) {
      limit = int(std::min<std::int64_t>(positive("--limit", args[++i]), 1000));
    } else {
      return usage("unknown option '" + args[i] + "'");
    }
  }
  if (config.queue == "sqs")
    for (const auto& d : jobs::sqs_depths(jobs::make_sqs(config, 2)))
      std::cout << "sqs " << d.url << ": " << d.visible << " visible, " << d.in_flight << " in flight, " << d.dead
                << " in the dead-letter queue\n";
  db::with_pool(config, [&](db::Pool& pool) -> Task<void> {
    for (const auto& q : co_await jobs::stats(pool))
      std::cout << "queue " << q.queue << ": " << q.ready << " ready, " << q.delayed << " delayed, " << q.running
                << " running, " << q.dead << " dead; oldest ready " << q.oldest_ready_seconds << " s\n";
    for (const auto& j : co_await jobs::list(pool, state, std::nullopt, limit)) {
      std::cout << j.id << "\t" << j.state << "\t" << j.queue << "\t" << j.kind << "\tattempts " << j.attempts
                << "\tcreated " << j.created_at << "\trun_at " << j.run_at;
      if (j.trace_id) std::cout << "\ttrace " << *j.trace_id;
      if (j.last_error) std::cout << "\terror: " << *j.last_error;
      std::cout << "\n";
    }
  });
  return 0;
}

}  // namespace

int admin_jobs(const Config& config, const std::vector<std::string>& args) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    std::cout << kUsage;
    return args.empty() ? 2 : 0;
  }
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  try {
    if (args[0] == "list") return list(config, rest);
    if (args[0] == "redrive" && config.queue == "sqs") {
      if (!rest.empty()) return usage("redrive takes no arguments");
      const int n = jobs::redrive_dead_letters(jobs::make_sqs(config, 2));
      std::cout << n << (n == 1 ? " dead letter" : " dead letters") << " moved back to their queues\n";
      return 0;
    }
    if (args[0] == "retry" && config.queue == "sqs")
      return usage("with AGORA_QUEUE=sqs dead jobs live in the dead-letter queues: use redrive");
    if (args[0] == "retry" || args[0] == "redrive") {
      std::optional<std::int64_t> id;
      if (args[0] == "retry") {
        if (rest.size() != 1) return usage("retry takes one job id");
        id = positive("the job id", rest[0]);
      } else if (!rest.empty()) {
        return usage("redrive takes no arguments");
      }
      std::int64_t n = 0;
      db::with_pool(config, [&](db::Pool& pool) -> Task<void> { n = co_await jobs::retry_dead(pool, id); });
      std::cout << n << (n == 1 ? " dead job" : " dead jobs") << " made ready again\n";
      return id && n == 0 ? 1 : 0;
    }
    if (args[0] == "ping") {
      if (!rest.empty()) return usage("ping takes no arguments");
      std::int64_t id = 0;
      db::with_pool(config, [&](db::Pool& pool) -> Task<void> {
        const jobs::NewJob job{.kind = "diagnostics.touch"};
        id = *co_await jobs::enqueue(pool, job);
      });
      std::cout << "enqueued diagnostics job " << id << "; a worker marks it done in job_diagnostics\n";
      return 0;
    }
  } catch (const std::invalid_argument& e) {
    return usage(e.what());
  }
  return usage("unknown jobs command '" + args[0] + "'");
}

}  // namespace agora::app
