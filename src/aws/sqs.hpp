#pragma once
// An SQS client over the AWS JSON 1.0 protocol: batched sends (what the
// relay does), long-poll receives, visibility changes and batched deletes
// (what the worker does) and queue attributes (queue depth for metrics).
// Requests go to the queue URL's origin (or to SqsOptions::endpoint), signed
// for "sqs" in the configured region; every call runs on the HttpClient's pool.
#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "aws/credentials.hpp"
#include "aws/http.hpp"
#include "aws/sqs_types.hpp"
#include "core/task.hpp"

namespace agora::aws {

struct SqsOptions {
  std::string region = "us-east-1";
  // Where requests go; empty: the queue URL's own origin (right for AWS). Set
  // it for a server whose queue URLs name a host that does not resolve here
  // (a local stand-in), or for a VPC endpoint without private DNS.
  std::string endpoint;
  std::chrono::milliseconds connect_timeout{3'000};
  // Per call; a receive adds its long-poll wait on top.
  std::chrono::milliseconds timeout{10'000};
};

// SQS refused a whole call (QueueDoesNotExist, AccessDenied, …). Per-entry
// failures of batch calls are results, not exceptions; transport failures
// are HttpError.
class SqsError : public std::runtime_error {
 public:
  SqsError(long status, std::string code, const std::string& what)
      : std::runtime_error(what), status(status), code(std::move(code)) {}
  long status;
  std::string code;
};

class SqsClient {
 public:
  SqsClient(SqsOptions options, std::shared_ptr<CredentialsProvider> credentials, std::shared_ptr<HttpClient> http);

  // At most 10 entries per call (SQS's limit).
  Task<SendBatchResult> send_batch(std::string queue_url, std::vector<SendEntry> entries);
  Task<std::vector<Message>> receive(std::string queue_url, ReceiveOptions options = {});
  Task<BatchResult> change_visibility_batch(std::string queue_url, std::vector<VisibilityEntry> entries);
  Task<BatchResult> delete_batch(std::string queue_url, std::vector<DeleteEntry> entries);
  // e.g. {"ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"}
  Task<std::map<std::string, std::string>> get_attributes(std::string queue_url, std::vector<std::string> names);

  // Blocking versions (what the pool runs).
  SendBatchResult send_batch_now(const std::string& queue_url, const std::vector<SendEntry>& entries) const;
  std::vector<Message> receive_now(const std::string& queue_url, const ReceiveOptions& options) const;
  BatchResult change_visibility_batch_now(const std::string& queue_url,
                                          const std::vector<VisibilityEntry>& entries) const;
  BatchResult delete_batch_now(const std::string& queue_url, const std::vector<DeleteEntry>& entries) const;
  std::map<std::string, std::string> get_attributes_now(const std::string& queue_url,
                                                        const std::vector<std::string>& names) const;

 private:
  std::string call(const std::string& action, const std::string& queue_url, std::string body,
                   std::chrono::milliseconds extra_time = {}) const;

  SqsOptions options_;
  std::shared_ptr<CredentialsProvider> credentials_;
  std::shared_ptr<HttpClient> http_;
};

}  // namespace agora::aws
