#pragma once
// What a job is: the row a domain write adds to the outbox (NewJob) and what
// a worker runs (Job). See docs/adr/0078-background-work.md.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace agora::jobs {

struct NewJob {
  std::string kind;                            // e.g. "email.verify", "analytics.event"
  std::string payload = "{}";                  // a JSON object, as text
  std::string trace_id;                        // the request's (32 hex), so the job's logs join it; may be empty
  std::optional<std::string> ordering_key;     // jobs with one key are relayed in order
  std::optional<std::string> idempotency_key;  // a second enqueue with the same key does nothing
  std::optional<int> max_attempts;             // default: the worker's AGORA_JOB_MAX_ATTEMPTS
  std::chrono::seconds delay{0};               // run no earlier than this after the commit
};

struct Job {
  std::int64_t id = 0;
  std::string queue, kind, payload, trace_id;
  int attempt = 0;  // 1 on the first run
  std::optional<int> max_attempts;
  std::string lease_token;  // empty for jobs delivered by SQS
};

// The queue of a kind: email.* → emails, analytics.* → analytics, the rest
// → jobs (the three SQS queues; one table in Postgres).
std::string_view queue_for(std::string_view kind);

}  // namespace agora::jobs
