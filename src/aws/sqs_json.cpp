#include "aws/sqs_json.hpp"

#include <boost/json.hpp>
#include <stdexcept>

namespace agora::aws {

int Message::receive_count() const {
  const auto it = attributes.find("ApproximateReceiveCount");
  if (it == attributes.end()) return 0;
  try {
    return std::stoi(it->second);
  } catch (const std::exception&) {
    return 0;
  }
}

namespace sqs_json {
namespace json = boost::json;
namespace {

json::object parse_object(std::string_view body) {
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  if (ec || !v.is_object()) throw std::runtime_error("SQS answered with malformed JSON");
  return std::move(v.as_object());
}

std::string string_at(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

const json::array& array_at(const json::object& o, std::string_view key) {
  static const json::array empty;
  const json::value* v = o.if_contains(key);
  return v && v->is_array() ? v->as_array() : empty;
}

std::vector<BatchFailure> failures(const json::object& o) {
  std::vector<BatchFailure> out;
  for (const json::value& f : array_at(o, "Failed")) {
    if (!f.is_object()) continue;
    const json::object& e = f.as_object();
    const json::value* fault = e.if_contains("SenderFault");
    out.push_back({string_at(e, "Id"), string_at(e, "Code"), string_at(e, "Message"),
                   fault && fault->is_bool() && fault->as_bool()});
  }
  return out;
}

}  // namespace

std::string send_batch_request(const std::string& queue_url, const std::vector<SendEntry>& entries) {
  json::array list;
  for (const SendEntry& e : entries) {
    json::object entry{{"Id", e.id}, {"MessageBody", e.body}};
    if (!e.attributes.empty()) {
      json::object attrs;
      for (const auto& [name, value] : e.attributes) attrs[name] = {{"DataType", "String"}, {"StringValue", value}};
      entry["MessageAttributes"] = std::move(attrs);
    }
    if (!e.group_id.empty()) entry["MessageGroupId"] = e.group_id;
    if (!e.deduplication_id.empty()) entry["MessageDeduplicationId"] = e.deduplication_id;
    list.push_back(std::move(entry));
  }
  return json::serialize(json::object{{"QueueUrl", queue_url}, {"Entries", std::move(list)}});
}

std::string receive_request(const std::string& queue_url, const ReceiveOptions& options) {
  json::object o{{"QueueUrl", queue_url},
                 {"MaxNumberOfMessages", options.max_messages},
                 {"WaitTimeSeconds", options.wait.count()},
                 // Both names: MessageSystemAttributeNames is current, AttributeNames
                 // what older servers (and local stand-ins) read.
                 {"MessageSystemAttributeNames", json::array{"All"}},
                 {"AttributeNames", json::array{"All"}},
                 {"MessageAttributeNames", json::array{"All"}}};
  if (options.visibility_timeout) o["VisibilityTimeout"] = options.visibility_timeout->count();
  return json::serialize(o);
}

std::string change_visibility_batch_request(const std::string& queue_url, const std::vector<VisibilityEntry>& entries) {
  json::array list;
  for (const VisibilityEntry& e : entries)
    list.push_back({{"Id", e.id}, {"ReceiptHandle", e.receipt_handle}, {"VisibilityTimeout", e.timeout.count()}});
  return json::serialize(json::object{{"QueueUrl", queue_url}, {"Entries", std::move(list)}});
}

std::string delete_batch_request(const std::string& queue_url, const std::vector<DeleteEntry>& entries) {
  json::array list;
  for (const DeleteEntry& e : entries) list.push_back({{"Id", e.id}, {"ReceiptHandle", e.receipt_handle}});
  return json::serialize(json::object{{"QueueUrl", queue_url}, {"Entries", std::move(list)}});
}

std::string get_attributes_request(const std::string& queue_url, const std::vector<std::string>& names) {
  json::array list;
  for (const std::string& n : names) list.emplace_back(n);
  return json::serialize(json::object{{"QueueUrl", queue_url}, {"AttributeNames", std::move(list)}});
}

SendBatchResult parse_send_batch(std::string_view body) {
  const json::object o = parse_object(body);
  SendBatchResult out;
  for (const json::value& s : array_at(o, "Successful"))
    if (s.is_object())
      out.successful.push_back({string_at(s.as_object(), "Id"), string_at(s.as_object(), "MessageId")});
  out.failed = failures(o);
  return out;
}

std::vector<Message> parse_receive(std::string_view body) {
  const json::object o = parse_object(body);
  std::vector<Message> out;
  for (const json::value& m : array_at(o, "Messages")) {
    if (!m.is_object()) continue;
    const json::object& e = m.as_object();
    Message msg{string_at(e, "MessageId"), string_at(e, "ReceiptHandle"), string_at(e, "Body"), {}, {}};
    if (const json::value* a = e.if_contains("Attributes"); a && a->is_object())
      for (const auto& kv : a->as_object())
        if (kv.value().is_string()) msg.attributes[std::string(kv.key())] = std::string(kv.value().as_string());
    if (const json::value* a = e.if_contains("MessageAttributes"); a && a->is_object())
      for (const auto& kv : a->as_object())
        if (kv.value().is_object())
          msg.message_attributes[std::string(kv.key())] = string_at(kv.value().as_object(), "StringValue");
    out.push_back(std::move(msg));
  }
  return out;
}

BatchResult parse_batch(std::string_view body) {
  const json::object o = parse_object(body);
  BatchResult out;
  for (const json::value& s : array_at(o, "Successful"))
    if (s.is_object()) out.successful.push_back(string_at(s.as_object(), "Id"));
  out.failed = failures(o);
  return out;
}

std::map<std::string, std::string> parse_attributes(std::string_view body) {
  const json::object o = parse_object(body);
  std::map<std::string, std::string> out;
  if (const json::value* a = o.if_contains("Attributes"); a && a->is_object())
    for (const auto& kv : a->as_object())
      if (kv.value().is_string()) out[std::string(kv.key())] = std::string(kv.value().as_string());
  return out;
}

ErrorInfo parse_error(std::string_view body) {
  boost::system::error_code ec;
  const json::value v = json::parse(body, ec);
  if (ec || !v.is_object()) return {};
  const json::object& o = v.as_object();
  std::string type = string_at(o, "__type");
  if (const auto hash = type.rfind('#'); hash != std::string::npos) type = type.substr(hash + 1);
  std::string message = string_at(o, "message");
  if (message.empty()) message = string_at(o, "Message");
  return {type, message};
}

}  // namespace sqs_json
}  // namespace agora::aws
