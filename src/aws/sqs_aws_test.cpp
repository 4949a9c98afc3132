// SqsClient against the SQS stand-in (fauxqs, tests/aws/servers.mjs):
// run by tests/e2e/aws_adapters.sh. The work queue's redrive policy moves a
// message to the DLQ after AWSTEST_SQS_MAX_RECEIVE_COUNT receives. Each test
// deletes what it received, so the next one starts from an empty queue.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <future>
#include <thread>

#include "aws/sqs.hpp"
#include "core/crypto.hpp"
#include "support/aws_env.hpp"
#include "support/elapsed.hpp"
#include "support/run_task.hpp"

namespace agora::aws {
namespace {

using namespace std::chrono_literals;

class SqsLive : public ::testing::Test {
 protected:
  std::vector<Message> receive(const std::string& url, std::chrono::seconds wait,
                               std::optional<std::chrono::seconds> visibility = std::nullopt) {
    return sqs_.receive_now(url, {10, wait, visibility});
  }
  void remove(const std::string& url, const std::vector<Message>& messages) {
    std::vector<DeleteEntry> entries;
    for (std::size_t i = 0; i < messages.size(); ++i)
      entries.push_back({"d" + std::to_string(i), messages[i].receipt_handle});
    const BatchResult r = sqs_.delete_batch_now(url, entries);
    EXPECT_EQ(r.successful.size(), messages.size());
    EXPECT_TRUE(r.failed.empty());
  }

  std::shared_ptr<HttpClient> http_ = std::make_shared<HttpClient>(4);
  SqsClient sqs_{
      {test::aws_env("AWSTEST_REGION"), test::aws_env("AWSTEST_SQS_ENDPOINT")}, test::aws_test_credentials(), http_};
  const std::string queue_ = test::aws_env("AWSTEST_SQS_QUEUE_URL");
  const std::string dlq_ = test::aws_env("AWSTEST_SQS_DLQ_URL");
  const std::string run_ = crypto::random_hex(4);
};

TEST_F(SqsLive, SendReceiveChangeVisibilityDeleteInBatches) {
  boost::asio::io_context ioc;
  std::vector<SendEntry> entries;
  for (const char* id : {"a", "b", "c"})
    entries.push_back({id, std::string("job ") + id + " " + run_, {{"trace_id", "trace-" + std::string(id)}}, "", ""});
  const SendBatchResult sent = test::run_task(ioc, sqs_.send_batch(queue_, entries));
  ASSERT_EQ(sent.successful.size(), 3u);
  EXPECT_TRUE(sent.failed.empty());
  EXPECT_FALSE(sent.successful[0].message_id.empty());

  std::vector<Message> got;
  for (int i = 0; i < 5 && got.size() < 3; ++i) {
    auto more = test::run_task(ioc, sqs_.receive(queue_, {10, 1s, 30s}));
    got.insert(got.end(), more.begin(), more.end());
  }
  ASSERT_EQ(got.size(), 3u);
  for (const Message& m : got) {
    EXPECT_EQ(m.receive_count(), 1);
    EXPECT_FALSE(m.receipt_handle.empty());
    const std::string id = m.body.substr(4, 1);
    EXPECT_EQ(m.body, "job " + id + " " + run_);
    EXPECT_EQ(m.message_attributes.at("trace_id"), "trace-" + id);
  }
  auto attrs = test::run_task(
      ioc, sqs_.get_attributes(queue_, {"ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"}));
  EXPECT_EQ(attrs["ApproximateNumberOfMessages"], "0");
  EXPECT_EQ(attrs["ApproximateNumberOfMessagesNotVisible"], "3");

  // Extending every lease; an unknown receipt handle fails alone.
  std::vector<VisibilityEntry> extend;
  for (std::size_t i = 0; i < got.size(); ++i) extend.push_back({"v" + std::to_string(i), got[i].receipt_handle, 60s});
  extend.push_back({"bogus", "not-a-receipt-handle", 60s});
  const BatchResult changed = test::run_task(ioc, sqs_.change_visibility_batch(queue_, extend));
  EXPECT_EQ(changed.successful.size(), 3u);
  ASSERT_EQ(changed.failed.size(), 1u);
  EXPECT_EQ(changed.failed[0].id, "bogus");
  EXPECT_FALSE(changed.failed[0].code.empty());

  remove(queue_, got);
  attrs = sqs_.get_attributes_now(queue_, {"ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"});
  EXPECT_EQ(attrs["ApproximateNumberOfMessages"], "0");
  EXPECT_EQ(attrs["ApproximateNumberOfMessagesNotVisible"], "0");
}

TEST_F(SqsLive, LongPollReturnsWhenAMessageArrives) {
  const auto started = test::Clock::now();
  auto poll = std::async(std::launch::async, [&] { return receive(queue_, 10s); });
  std::this_thread::sleep_for(700ms);
  sqs_.send_batch_now(queue_, {{"x", "wake " + run_, {}, "", ""}});
  const auto got = poll.get();
  const auto waited = test::since(started);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].body, "wake " + run_);
  EXPECT_GE(waited.count(), 600) << "it waited for the message";
  EXPECT_LT(waited.count(), 5000) << "it returned when the message came, not after the 10 s wait";
  remove(queue_, got);
}

TEST_F(SqsLive, AnUndeletedMessageComesBackAfterItsVisibilityTimeout) {
  sqs_.send_batch_now(queue_, {{"x", "lease " + run_, {}, "", ""}});
  const auto first = receive(queue_, 2s, 1s);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_TRUE(receive(queue_, 0s).empty()) << "invisible while leased";
  const auto again = receive(queue_, 5s);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].message_id, first[0].message_id);
  EXPECT_EQ(again[0].receive_count(), 2);
  EXPECT_NE(again[0].receipt_handle, first[0].receipt_handle);
  remove(queue_, again);
}

TEST_F(SqsLive, APoisonMessageMovesToTheDlqAfterMaxReceiveCount) {
  const int max = std::stoi(test::aws_env("AWSTEST_SQS_MAX_RECEIVE_COUNT"));
  sqs_.send_batch_now(queue_, {{"x", "poison " + run_, {{"trace_id", "t-poison"}}, "", ""}});
  std::string id;
  for (int i = 1; i <= max; ++i) {
    const auto got = receive(queue_, 5s, 1s);
    ASSERT_EQ(got.size(), 1u) << "receive " << i;
    EXPECT_EQ(got[0].receive_count(), i);
    id = got[0].message_id;
  }
  std::this_thread::sleep_for(1100ms);
  EXPECT_TRUE(receive(queue_, 1s).empty()) << "no longer on the work queue";
  const auto dead = receive(dlq_, 2s);
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_EQ(dead[0].body, "poison " + run_);
  EXPECT_EQ(dead[0].message_attributes.at("trace_id"), "t-poison");
  remove(dlq_, dead);
}

TEST_F(SqsLive, AMissingQueueIsAnSqsError) {
  const std::string missing = queue_.substr(0, queue_.rfind('/')) + "/no-such-queue-" + run_;
  try {
    sqs_.get_attributes_now(missing, {"ApproximateNumberOfMessages"});
    FAIL() << "no exception";
  } catch (const SqsError& e) {
    EXPECT_EQ(e.status, 400);
    EXPECT_NE(e.code.find("QueueDoesNotExist"), std::string::npos) << e.code;
  }
  EXPECT_THROW(sqs_.send_batch_now(queue_, {}), std::invalid_argument);

  // Without an endpoint the request goes to the queue URL's own origin: here
  // the stand-in, which knows its queues by their sqs.<region>.localhost URLs.
  SqsClient by_url({test::aws_env("AWSTEST_REGION")}, test::aws_test_credentials(), http_);
  const std::string url = test::aws_env("AWSTEST_SQS_ENDPOINT") + "/000000000000/agora-jobs";
  try {
    by_url.get_attributes_now(url, {"ApproximateNumberOfMessages"});
    FAIL() << "no exception";
  } catch (const SqsError& e) {
    EXPECT_NE(e.code.find("QueueDoesNotExist"), std::string::npos) << e.code;
  }
}

TEST_F(SqsLive, AnUnreachableEndpointFailsWithinTheTimeout) {
  SqsClient dead({test::aws_env("AWSTEST_REGION"), "", 500ms, 1s}, test::aws_test_credentials(), http_);
  const auto started = test::Clock::now();
  // 192.0.2.0/24 is TEST-NET-1: never routed, so the connect itself times out.
  EXPECT_THROW(dead.get_attributes_now("http://192.0.2.1:9/123456789012/q", {"All"}), HttpError);
  EXPECT_LT(test::since(started).count(), 3000);
}

}  // namespace
}  // namespace agora::aws
