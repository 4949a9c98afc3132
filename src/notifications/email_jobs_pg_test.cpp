// Notifications by email through the worker's jobs: replies and mentions at
// once by default, new posts in the daily digest, preferences respected,
// suppressed addresses skipped, one-click unsubscribe headers on each mail.
#include <gtest/gtest.h>

#include "support/community_api.hpp"

namespace agora::test {
namespace {

class NotificationMail : public CommunityApiTest {
 protected:
  std::int64_t mails(const std::string& to, const std::string& subject_like = "%") {
    return std::stoll(db().scalar("SELECT count(*) FROM dev_mailbox WHERE to_address = '" + to +
                                  "@example.com' AND subject LIKE '" + subject_like + "'"));
  }
  void run_schedule(const std::string& name) {
    db().exec("INSERT INTO jobs (queue, kind) VALUES ('jobs', 'schedule." + name + "')");
    run_jobs();
  }
};

TEST_F(NotificationMail, RepliesAreMailedAtOnceAndNewPostsWaitForTheDailyDigest) {
  const auto ann = user("ann"), bo = user("bob"), cy = user("cyd");
  community(ann, "club");
  ASSERT_EQ(call("PUT", "/api/v1/communities/club/subscription", &cy, {{"level", "all"}}).status, 200);
  const auto post = new_post(ann, "club", "Hello club");
  comment(bo, post, "a reply to ann, mentioning @cyd");
  run_jobs();
  EXPECT_EQ(mails("ann"), 1) << "ann's post got a reply: mailed at once";
  EXPECT_EQ(mails("cyd"), 1) << "the @mention, at once; the new post waits for the digest";
  EXPECT_EQ(mails("bob"), 0);
  const auto headers = db().scalar("SELECT headers::text FROM dev_mailbox WHERE to_address = 'ann@example.com'");
  EXPECT_NE(headers.find("List-Unsubscribe-Post"), std::string::npos) << headers;
  EXPECT_NE(headers.find("/api/v1/email/unsubscribe?token="), std::string::npos) << headers;

  run_schedule("email-digests-daily");
  EXPECT_EQ(mails("cyd", "%digest%"), 1) << "cy follows the club: the new post is in the daily digest";
  EXPECT_EQ(mails("ann", "%digest%"), 0) << "ann's reply was mailed at once, not digested";
  run_schedule("email-digests-daily");
  EXPECT_EQ(mails("cyd", "%digest%"), 1) << "a second run has nothing new for cy";
}

TEST_F(NotificationMail, PreferencesAndSuppressionsAreRespected) {
  const auto ann = user("ann"), bo = user("bob"), cy = user("cyd");
  community(ann, "club");
  // ann wants no reply mail; cy's address bounced.
  ASSERT_EQ(call("PUT", "/api/v1/me/email-preferences", &ann,
                 {{"replies", "off"}, {"mentions", "immediate"}, {"activity", "daily"}})
                .status,
            200);
  db().exec("INSERT INTO email_suppressions (email, reason) VALUES ('cyd@example.com', 'bounce')");
  const auto post = new_post(ann, "club", "Quiet please");
  comment(bo, post, "a reply, and hello @cyd");
  run_jobs();
  EXPECT_EQ(mails("ann"), 0);
  EXPECT_EQ(mails("cyd"), 0);
  EXPECT_EQ(db().count("notifications"), 2) << "the notifications themselves are still there";
  // ann turns weekly digests on for replies: the weekly digest carries it.
  ASSERT_EQ(call("PUT", "/api/v1/me/email-preferences", &ann,
                 {{"replies", "weekly"}, {"mentions", "immediate"}, {"activity", "daily"}})
                .status,
            200);
  run_schedule("email-digests-weekly");
  EXPECT_EQ(mails("ann", "%weekly%"), 1);
}

}  // namespace
}  // namespace agora::test
