// The SQS JSON 1.0 documents, field names as in the SQS API reference.
#include "aws/sqs_json.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace agora::aws::sqs_json {
namespace {

namespace json = boost::json;

TEST(SqsJson, SendBatchCarriesAttributesAndFifoFields) {
  const json::value v = json::parse(send_batch_request(
      "https://q/1/jobs.fifo", {{"1", "body", {{"trace_id", "t1"}}, "group", "dedup"}, {"2", "b2", {}, "", ""}}));
  EXPECT_EQ(v.at("QueueUrl"), "https://q/1/jobs.fifo");
  const auto& first = v.at("Entries").at(0);
  EXPECT_EQ(first.at("Id"), "1");
  EXPECT_EQ(first.at("MessageBody"), "body");
  EXPECT_EQ(first.at("MessageAttributes").at("trace_id").at("DataType"), "String");
  EXPECT_EQ(first.at("MessageAttributes").at("trace_id").at("StringValue"), "t1");
  EXPECT_EQ(first.at("MessageGroupId"), "group");
  EXPECT_EQ(first.at("MessageDeduplicationId"), "dedup");
  EXPECT_FALSE(v.at("Entries").at(1).as_object().contains("MessageGroupId"));
}

TEST(SqsJson, ReceiveAsksForAllAttributes) {
  const json::value v = json::parse(receive_request("u", {10, std::chrono::seconds(20), std::chrono::seconds(45)}));
  EXPECT_EQ(v.at("MaxNumberOfMessages"), 10);
  EXPECT_EQ(v.at("WaitTimeSeconds"), 20);
  EXPECT_EQ(v.at("VisibilityTimeout"), 45);
  EXPECT_EQ(v.at("MessageSystemAttributeNames").at(0), "All");
  EXPECT_EQ(v.at("MessageAttributeNames").at(0), "All");
  EXPECT_FALSE(json::parse(receive_request("u", {})).as_object().contains("VisibilityTimeout"));
}

TEST(SqsJson, ParsesMessagesAndBatchResults) {
  const auto messages = parse_receive(R"({"Messages":[{"MessageId":"m1","ReceiptHandle":"r1","MD5OfBody":"x",
      "Body":"hello","Attributes":{"ApproximateReceiveCount":"3","SentTimestamp":"1"},
      "MessageAttributes":{"trace_id":{"DataType":"String","StringValue":"t"}}}]})");
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].message_id, "m1");
  EXPECT_EQ(messages[0].receipt_handle, "r1");
  EXPECT_EQ(messages[0].body, "hello");
  EXPECT_EQ(messages[0].receive_count(), 3);
  EXPECT_EQ(messages[0].message_attributes.at("trace_id"), "t");
  EXPECT_TRUE(parse_receive("{}").empty()) << "no Messages: an empty poll";

  const SendBatchResult sent = parse_send_batch(R"({"Successful":[{"Id":"a","MessageId":"m"}],
      "Failed":[{"Id":"b","Code":"InvalidMessageContents","Message":"bad","SenderFault":true}]})");
  ASSERT_EQ(sent.successful.size(), 1u);
  EXPECT_EQ(sent.successful[0].message_id, "m");
  ASSERT_EQ(sent.failed.size(), 1u);
  EXPECT_EQ(sent.failed[0].code, "InvalidMessageContents");
  EXPECT_TRUE(sent.failed[0].sender_fault);

  const BatchResult deleted = parse_batch(R"({"Successful":[{"Id":"a"},{"Id":"b"}]})");
  EXPECT_EQ(deleted.successful, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(parse_attributes(R"({"Attributes":{"ApproximateNumberOfMessages":"7"}})").at("ApproximateNumberOfMessages"),
            "7");
  EXPECT_THROW(parse_batch("not json"), std::runtime_error);
}

TEST(SqsJson, ErrorsNameTheCodeWithoutItsNamespace) {
  const ErrorInfo e = parse_error(R"({"__type":"com.amazonaws.sqs#QueueDoesNotExist","message":"gone"})");
  EXPECT_EQ(e.code, "QueueDoesNotExist");
  EXPECT_EQ(e.message, "gone");
  EXPECT_EQ(parse_error("<html/>").code, "");
}

}  // namespace
}  // namespace agora::aws::sqs_json
