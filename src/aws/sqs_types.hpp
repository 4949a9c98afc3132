#pragma once
// What goes into and comes out of SQS, independent of the wire format.
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace agora::aws {

// A String message attribute (the only kind Agora sends: trace ids, job kinds).
using MessageAttributes = std::map<std::string, std::string>;

struct SendEntry {
  std::string id;  // unique within the batch; the result refers to it
  std::string body;
  MessageAttributes attributes;
  std::string group_id;          // FIFO queues only
  std::string deduplication_id;  // FIFO queues without content-based deduplication
};

struct SentMessage {
  std::string id;
  std::string message_id;
};

struct BatchFailure {
  std::string id;
  std::string code;
  std::string message;
  bool sender_fault = false;  // true: resending the same entry fails again
};

struct SendBatchResult {
  std::vector<SentMessage> successful;
  std::vector<BatchFailure> failed;
};

// Per-entry outcome of change_visibility_batch and delete_batch.
struct BatchResult {
  std::vector<std::string> successful;  // entry ids
  std::vector<BatchFailure> failed;
};

struct ReceiveOptions {
  int max_messages = 10;                                   // 1..10
  std::chrono::seconds wait{20};                           // long poll, 0..20
  std::optional<std::chrono::seconds> visibility_timeout;  // the queue's own when unset
};

struct Message {
  std::string message_id;
  std::string receipt_handle;
  std::string body;
  std::map<std::string, std::string> attributes;  // system: ApproximateReceiveCount, SentTimestamp, …
  MessageAttributes message_attributes;
  // ApproximateReceiveCount, 0 when absent.
  int receive_count() const;
};

struct VisibilityEntry {
  std::string id;
  std::string receipt_handle;
  std::chrono::seconds timeout;
};

struct DeleteEntry {
  std::string id;
  std::string receipt_handle;
};

}  // namespace agora::aws
