#include "email/sns.hpp"

#include <gtest/gtest.h>

#include "core/errors.hpp"

namespace agora::email {
namespace {

TEST(Sns, AwsHostAllowList) {
  for (const char* ok :
       {"sns.us-east-1.amazonaws.com", "sns.eu-central-1.amazonaws.com", "sns.us-gov-west-1.amazonaws.com",
        "sns.ap-southeast-2.amazonaws.com", "sns.cn-north-1.amazonaws.com.cn"})
    EXPECT_TRUE(aws_sns_host(ok)) << ok;
  for (const char* bad :
       {"sns.amazonaws.com.example.com", "sns.us-east-1.amazonaws.com.example.com", "evil.example.com",
        "sns.evil.com.amazonaws.com", "sns.us-east-1.amazonawsXcom", "sqs.us-east-1.amazonaws.com",
        "xsns.us-east-1.amazonaws.com", "sns..amazonaws.com", "sns.us-east-1.amazonaws.com."})
    EXPECT_FALSE(aws_sns_host(bad)) << bad;
}

TEST(Sns, HttpsHostRefusesTricks) {
  EXPECT_EQ(https_host("https://sns.us-east-1.amazonaws.com/cert.pem"), "sns.us-east-1.amazonaws.com");
  EXPECT_FALSE(https_host("http://sns.us-east-1.amazonaws.com/cert.pem"));
  EXPECT_FALSE(https_host("https://evil.example.com@sns.us-east-1.amazonaws.com/x"));
  EXPECT_FALSE(https_host("https://sns.us-east-1.amazonaws.com@evil.example.com/x"));
  EXPECT_FALSE(https_host("https://sns.us-east-1.amazonaws.com:8443/x"));
  EXPECT_FALSE(https_host("https://SNS.us-east-1.amazonaws.com/x"));
  EXPECT_FALSE(https_host("file:///etc/passwd"));
  EXPECT_FALSE(https_host("https://sns.us-east-1.amazonaws.com/x y"));
  EXPECT_EQ(https_host("https://sns.us-east-1.amazonaws.com?x"), "sns.us-east-1.amazonaws.com");
}

TEST(Sns, StringToSignForNotification) {
  SnsMessage m;
  m.type = "Notification";
  m.message_id = "id-1";
  m.topic_arn = "arn:aws:sns:us-east-1:123456789012:ses";
  m.message = "{\"a\":1}";
  m.timestamp = "2024-01-01T00:00:00.000Z";
  EXPECT_EQ(sns_string_to_sign(m),
            "Message\n{\"a\":1}\nMessageId\nid-1\nTimestamp\n2024-01-01T00:00:00.000Z\n"
            "TopicArn\narn:aws:sns:us-east-1:123456789012:ses\nType\nNotification\n");
  m.subject = "Hi";
  EXPECT_NE(sns_string_to_sign(m).find("MessageId\nid-1\nSubject\nHi\nTimestamp\n"), std::string::npos);
}

TEST(Sns, StringToSignForConfirmation) {
  SnsMessage m;
  m.type = "SubscriptionConfirmation";
  m.message_id = "id-2";
  m.topic_arn = "arn";
  m.message = "confirm";
  m.timestamp = "t";
  m.token = "tok";
  m.subscribe_url = "https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription";
  EXPECT_EQ(sns_string_to_sign(m),
            "Message\nconfirm\nMessageId\nid-2\nSubscribeURL\nhttps://sns.us-east-1.amazonaws.com/"
            "?Action=ConfirmSubscription\nTimestamp\nt\nToken\ntok\nTopicArn\narn\nType\nSubscriptionConfirmation\n");
}

TEST(Sns, ParseRefusesMalformed) {
  EXPECT_THROW(parse_sns_message("not json"), Problem);
  EXPECT_THROW(parse_sns_message("[]"), Problem);
  EXPECT_THROW(parse_sns_message(R"({"Type":"Notification"})"), Problem);
  EXPECT_THROW(parse_sns_message(R"({"Type":"Other","MessageId":"a"})"), Problem);
  const auto m = parse_sns_message(
      R"({"Type":"Notification","MessageId":"m","TopicArn":"t","Message":"x","Timestamp":"ts",)"
      R"("SignatureVersion":"1","Signature":"c2ln","SigningCertURL":"https://sns.us-east-1.amazonaws.com/c.pem",)"
      R"("Subject":null,"UnsubscribeURL":"https://sns.us-east-1.amazonaws.com/u"})");
  EXPECT_EQ(m.type, "Notification");
  EXPECT_FALSE(m.subject);
  EXPECT_THROW(parse_sns_message(R"({"Type":"Notification","MessageId":1,"TopicArn":"t","Message":"x",)"
                                 R"("Timestamp":"ts","SignatureVersion":"1","Signature":"s","SigningCertURL":"u"})"),
               Problem);
}

}  // namespace
}  // namespace agora::email
