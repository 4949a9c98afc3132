#pragma once
// SQS's AWS JSON 1.0 protocol (what current SQS and its SDKs speak): each
// action is a POST of a JSON document with X-Amz-Target: AmazonSQS.<Action>.
// Request bodies are built and responses read here, with no I/O, so the
// format is unit-tested; sqs.cpp sends them.
#include <string>
#include <string_view>
#include <vector>

#include "aws/sqs_types.hpp"

namespace agora::aws::sqs_json {

inline constexpr std::string_view kContentType = "application/x-amz-json-1.0";

std::string send_batch_request(const std::string& queue_url, const std::vector<SendEntry>& entries);
std::string receive_request(const std::string& queue_url, const ReceiveOptions& options);
std::string change_visibility_batch_request(const std::string& queue_url, const std::vector<VisibilityEntry>& entries);
std::string delete_batch_request(const std::string& queue_url, const std::vector<DeleteEntry>& entries);
std::string get_attributes_request(const std::string& queue_url, const std::vector<std::string>& names);

SendBatchResult parse_send_batch(std::string_view body);
std::vector<Message> parse_receive(std::string_view body);
BatchResult parse_batch(std::string_view body);
std::map<std::string, std::string> parse_attributes(std::string_view body);

struct ErrorInfo {
  std::string code;  // QueueDoesNotExist, … (the part after '#' of __type)
  std::string message;
};
// The error of a non-200 answer; empty code when the body is not one.
ErrorInfo parse_error(std::string_view body);

}  // namespace agora::aws::sqs_json
