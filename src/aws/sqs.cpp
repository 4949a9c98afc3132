#include "aws/sqs.hpp"

#include <functional>

#include "aws/endpoint.hpp"
#include "aws/sigv4.hpp"
#include "aws/sqs_json.hpp"

namespace agora::aws {
namespace {

void check_batch_size(std::size_t n) {
  if (n == 0 || n > 10) throw std::invalid_argument("an SQS batch holds 1 to 10 entries, not " + std::to_string(n));
}

}  // namespace

SqsClient::SqsClient(SqsOptions options, std::shared_ptr<CredentialsProvider> credentials,
                     std::shared_ptr<HttpClient> http)
    : options_(std::move(options)), credentials_(std::move(credentials)), http_(std::move(http)) {}

std::string SqsClient::call(const std::string& action, const std::string& queue_url, std::string body,
                            std::chrono::milliseconds extra_time) const {
  // The JSON protocol posts to the service root (the queue is in the body):
  // the queue URL's origin, or the configured endpoint with its own path.
  Endpoint endpoint = parse_endpoint(options_.endpoint.empty() ? queue_url : options_.endpoint);
  if (options_.endpoint.empty()) endpoint.path.clear();
  SignedRequest signed_request{"POST", endpoint.host, endpoint.path + "/", {}, {}, sha256_hex(body)};
  signed_request.headers = {{"Content-Type", std::string(sqs_json::kContentType)},
                            {"X-Amz-Target", "AmazonSQS." + action}};
  sign(signed_request, credentials_->get(), {options_.region, "sqs"}, std::chrono::system_clock::now());

  HttpRequest request;
  request.method = "POST";
  request.url = endpoint.origin() + endpoint.path + "/";
  request.headers = std::move(signed_request.headers);
  request.headers.emplace_back("Host", endpoint.host);  // exactly the signed value
  request.body = std::move(body);
  request.connect_timeout = options_.connect_timeout;
  request.timeout = options_.timeout + extra_time;
  HttpResponse response = perform(request);
  if (response.status != 200) {
    const sqs_json::ErrorInfo error = sqs_json::parse_error(response.body);
    const std::string code = error.code.empty() ? "HTTP" + std::to_string(response.status) : error.code;
    throw SqsError(response.status, code,
                   "SQS " + action + " on " + queue_url + ": " + std::to_string(response.status) + " " + code +
                       (error.message.empty() ? "" : ": " + error.message));
  }
  return std::move(response.body);
}

SendBatchResult SqsClient::send_batch_now(const std::string& queue_url, const std::vector<SendEntry>& entries) const {
  check_batch_size(entries.size());
  return sqs_json::parse_send_batch(
      call("SendMessageBatch", queue_url, sqs_json::send_batch_request(queue_url, entries)));
}

std::vector<Message> SqsClient::receive_now(const std::string& queue_url, const ReceiveOptions& options) const {
  return sqs_json::parse_receive(call("ReceiveMessage", queue_url, sqs_json::receive_request(queue_url, options),
                                      std::chrono::duration_cast<std::chrono::milliseconds>(options.wait)));
}

BatchResult SqsClient::change_visibility_batch_now(const std::string& queue_url,
                                                   const std::vector<VisibilityEntry>& entries) const {
  check_batch_size(entries.size());
  return sqs_json::parse_batch(
      call("ChangeMessageVisibilityBatch", queue_url, sqs_json::change_visibility_batch_request(queue_url, entries)));
}

BatchResult SqsClient::delete_batch_now(const std::string& queue_url, const std::vector<DeleteEntry>& entries) const {
  check_batch_size(entries.size());
  return sqs_json::parse_batch(
      call("DeleteMessageBatch", queue_url, sqs_json::delete_batch_request(queue_url, entries)));
}

std::map<std::string, std::string> SqsClient::get_attributes_now(const std::string& queue_url,
                                                                 const std::vector<std::string>& names) const {
  return sqs_json::parse_attributes(
      call("GetQueueAttributes", queue_url, sqs_json::get_attributes_request(queue_url, names)));
}

// By-value parameters live in the coroutine frame; each std::function is
// named, not a temporary in the co_await expression (GCC 12 coroutine bug).
Task<SendBatchResult> SqsClient::send_batch(std::string queue_url, std::vector<SendEntry> entries) {
  SendBatchResult out;
  std::function<void()> work = [&] { out = send_batch_now(queue_url, entries); };
  co_await http_->run(std::move(work));
  co_return out;
}

Task<std::vector<Message>> SqsClient::receive(std::string queue_url, ReceiveOptions options) {
  std::vector<Message> out;
  std::function<void()> work = [&] { out = receive_now(queue_url, options); };
  co_await http_->run(std::move(work));
  co_return out;
}

Task<BatchResult> SqsClient::change_visibility_batch(std::string queue_url, std::vector<VisibilityEntry> entries) {
  BatchResult out;
  std::function<void()> work = [&] { out = change_visibility_batch_now(queue_url, entries); };
  co_await http_->run(std::move(work));
  co_return out;
}

Task<BatchResult> SqsClient::delete_batch(std::string queue_url, std::vector<DeleteEntry> entries) {
  BatchResult out;
  std::function<void()> work = [&] { out = delete_batch_now(queue_url, entries); };
  co_await http_->run(std::move(work));
  co_return out;
}

Task<std::map<std::string, std::string>> SqsClient::get_attributes(std::string queue_url,
                                                                   std::vector<std::string> names) {
  std::map<std::string, std::string> out;
  std::function<void()> work = [&] { out = get_attributes_now(queue_url, names); };
  co_await http_->run(std::move(work));
  co_return out;
}

}  // namespace agora::aws
