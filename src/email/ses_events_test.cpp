#include "email/ses_events.hpp"

#include <gtest/gtest.h>

#include "core/errors.hpp"

namespace agora::email {
namespace {

TEST(SesEvents, PermanentBounce) {
  const auto e =
      parse_ses_event(R"({"notificationType":"Bounce","bounce":{"bounceType":"Permanent","bounceSubType":"General",)"
                      R"("bouncedRecipients":[{"emailAddress":"Gone@Example.com"},{"emailAddress":"bad address"}]}})");
  EXPECT_EQ(e.kind, "Bounce");
  EXPECT_TRUE(e.permanent);
  EXPECT_EQ(e.recipients, std::vector<std::string>{"gone@example.com"});
  EXPECT_EQ(e.detail, "Permanent/General");
}

TEST(SesEvents, TransientBounceSuppressesNothing) {
  const auto e = parse_ses_event(
      R"({"eventType":"Bounce","bounce":{"bounceType":"Transient","bouncedRecipients":[{"emailAddress":"a@example.com"}]}})");
  EXPECT_FALSE(e.permanent);
}

TEST(SesEvents, Complaint) {
  const auto e = parse_ses_event(R"({"notificationType":"Complaint","complaint":{"complaintFeedbackType":"abuse",)"
                                 R"("complainedRecipients":[{"emailAddress":"c@example.com"}]}})");
  EXPECT_TRUE(e.permanent);
  EXPECT_EQ(e.recipients, std::vector<std::string>{"c@example.com"});
}

TEST(SesEvents, OtherTypesAndMalformed) {
  EXPECT_EQ(parse_ses_event(R"({"notificationType":"Delivery","delivery":{}})").kind, "Delivery");
  EXPECT_THROW(parse_ses_event("nope"), Problem);
  EXPECT_THROW(parse_ses_event(R"({"bounce":{}})"), Problem);
  EXPECT_THROW(parse_ses_event(R"({"notificationType":"Bounce"})"), Problem);
  EXPECT_THROW(parse_ses_event(R"({"notificationType":"Complaint","complaint":{"complainedRecipients":3}})"), Problem);
}

}  // namespace
}  // namespace agora::email
