#pragma once
// The SQS side of the queue (AGORA_QUEUE=sqs, docs/adr/0078): the message a
// job becomes, the queue URL of each of the three queues, and the SQS client
// built from the configuration (credentials the standard AWS way).
#include <memory>
#include <optional>
#include <string>

#include "aws/sqs.hpp"
#include "core/config.hpp"
#include "jobs/job.hpp"

namespace agora::jobs {

struct SqsQueues {
  std::string emails, analytics, jobs;
  static SqsQueues from(const Config& config);
  // The URL of queue `name` (emails, analytics, jobs).
  const std::string& url(const std::string& name) const;
};

// The dead-letter queue of a work queue: Terraform names it "<queue>-dlq".
std::string dead_letter_url(const std::string& queue_url);

// The message body of a job: its id, kind, payload, trace id and attempts.
std::string message_body(const Job& job);
// The job a message carries; nullopt when the body is not one (a poison
// message from elsewhere). `attempt` is the message's receive count.
std::optional<Job> job_of_message(const std::string& body, int attempt);

struct Sqs {
  std::shared_ptr<aws::HttpClient> http;
  std::shared_ptr<aws::SqsClient> client;
  SqsQueues queues;
};
// `threads` bounds concurrent SQS calls (each long poll holds one for 20 s).
Sqs make_sqs(const Config& config, int threads);

// Moves every message of the dead-letter queues back to their work queues
// (`agora admin jobs redrive` with AGORA_QUEUE=sqs); how many. Blocking.
int redrive_dead_letters(const Sqs& sqs);

struct SqsDepth {
  std::string url;
  std::string visible, in_flight, dead;  // approximate, as SQS reports them
};
std::vector<SqsDepth> sqs_depths(const Sqs& sqs);

}  // namespace agora::jobs
