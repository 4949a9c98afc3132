// One-click unsubscribe and the email preferences of /api/v1/me.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "db/standalone.hpp"
#include "email/routes.hpp"
#include "email/unsubscribe.hpp"
#include "support/api.hpp"

namespace agora::test {
namespace {
namespace json = boost::json;

constexpr const char* kForm = "application/x-www-form-urlencoded";
constexpr const char* kOneClick = "List-Unsubscribe=One-Click";

class EmailRoutes : public ApiTest {
 protected:
  void add_routes(http::Router& router, accounts::Service& accounts, const Config& config) override {
    email::add_routes(router, accounts, config);
  }

  std::string token_for(std::int64_t user, email::Category c) {
    std::string token;
    db::with_pool(server().config(),
                  [&](db::Pool& pool) -> Task<void> { token = co_await email::unsubscribe_token(pool, user, c); });
    return token;
  }
  std::string preferences_row(std::int64_t user) {
    auto rows =
        db().query("SELECT replies || ',' || mentions || ',' || activity FROM email_preferences WHERE user_id = " +
                   std::to_string(user));
    return rows.empty() ? "(none)" : rows[0][0].value_or("");
  }
  HttpResponse one_click(const std::string& token, const std::string& body = kOneClick, const char* type = kForm) {
    return http().post("/api/v1/email/unsubscribe?token=" + token, body, type);
  }
};

TEST_F(EmailRoutes, GetShowsWhatWouldHappenAndChangesNothing) {
  const auto ada = signup_ok("ada@example.com", "ada");
  auto r = http().get("/api/v1/email/unsubscribe?token=" + token_for(ada, email::Category::replies));
  ASSERT_EQ(r.status, 200) << describe(r);
  auto o = r.object();
  EXPECT_EQ(o.at("category"), "replies");
  EXPECT_EQ(o.at("turns_off"), json::array({"replies"}));
  EXPECT_EQ(o.at("preferences").at("replies"), "immediate");
  EXPECT_EQ(o.at("preferences").at("activity"), "daily");
  EXPECT_EQ(preferences_row(ada), "(none)");
}

TEST_F(EmailRoutes, OneClickTurnsTheCategoryOffWithoutSessionAndIsIdempotent) {
  const auto ada = signup_ok("ada@example.com", "ada");
  const auto token = token_for(ada, email::Category::mentions);
  for (int i = 0; i < 2; ++i) {
    auto r = one_click(token);
    ASSERT_EQ(r.status, 200) << describe(r);
    EXPECT_EQ(r.object().at("preferences").at("mentions"), "off");
    EXPECT_EQ(preferences_row(ada), "immediate,off,daily");
  }
}

TEST_F(EmailRoutes, AllTurnsEverythingOffAndKeepsNothingElse) {
  const auto ada = signup_ok("ada@example.com", "ada");
  const auto bob = signup_ok("bob@example.com", "bob");
  auto r = one_click(token_for(ada, email::Category::all));
  ASSERT_EQ(r.status, 200) << describe(r);
  EXPECT_EQ(r.object().at("turns_off"), json::array({"replies", "mentions", "activity"}));
  EXPECT_EQ(preferences_row(ada), "off,off,off");
  EXPECT_EQ(preferences_row(bob), "(none)");
}

TEST_F(EmailRoutes, AKeptChoiceOfOtherColumnsSurvives) {
  const auto ada = signup_ok("ada@example.com", "ada");
  db().exec("INSERT INTO email_preferences (user_id, replies, mentions, activity) VALUES (" + std::to_string(ada) +
            ", 'weekly', 'daily', 'immediate')");
  ASSERT_EQ(one_click(token_for(ada, email::Category::activity)).status, 200);
  EXPECT_EQ(preferences_row(ada), "weekly,daily,off");
}

TEST_F(EmailRoutes, BadTokensAre400) {
  const auto ada = signup_ok("ada@example.com", "ada");
  auto token = token_for(ada, email::Category::all);
  auto tampered = token;
  tampered[3] = tampered[3] == 'x' ? 'y' : 'x';
  const auto foreign = email::make_unsubscribe_token(std::string(32, 'z'), {ada, email::Category::all, 1});
  for (const auto& t : {tampered, foreign, std::string("abc"), std::string()}) {
    EXPECT_TRUE(IsProblem(one_click(t), 400)) << t;
    EXPECT_TRUE(IsProblem(http().get("/api/v1/email/unsubscribe?token=" + t), 400)) << t;
  }
  EXPECT_TRUE(IsProblem(http().post("/api/v1/email/unsubscribe", kOneClick, kForm), 400));
  EXPECT_EQ(preferences_row(ada), "(none)");
}

TEST_F(EmailRoutes, OneClickNeedsTheOneClickBody) {
  const auto ada = signup_ok("ada@example.com", "ada");
  const auto token = token_for(ada, email::Category::all);
  EXPECT_TRUE(IsProblem(one_click(token, ""), 400));
  EXPECT_TRUE(IsProblem(one_click(token, "List-Unsubscribe=Yes"), 400));
  EXPECT_TRUE(IsProblem(one_click(token, "{\"List-Unsubscribe\":\"One-Click\"}", "application/json"), 400));
  EXPECT_EQ(preferences_row(ada), "(none)");
  EXPECT_EQ(one_click(token, "a=b&List-Unsubscribe=One-Click").status, 200);
}

TEST_F(EmailRoutes, TheKeyIsCreatedOnceAndShared) {
  const auto ada = signup_ok("ada@example.com", "ada");
  EXPECT_EQ(db().count("site_secrets"), 0);
  token_for(ada, email::Category::all);
  const auto key = db().scalar("SELECT encode(secret, 'hex') FROM site_secrets WHERE name = 'unsubscribe'");
  EXPECT_EQ(key.size(), 64u);
  token_for(ada, email::Category::all);
  EXPECT_EQ(db().scalar("SELECT encode(secret, 'hex') FROM site_secrets WHERE name = 'unsubscribe'"), key);
  EXPECT_EQ(db().count("site_secrets"), 1);
}

TEST_F(EmailRoutes, TokenOfAGoneUserIs404) {
  const auto ada = signup_ok("ada@example.com", "ada");
  const auto token = token_for(ada, email::Category::all);
  db().exec("DELETE FROM users WHERE id = " + std::to_string(ada));
  EXPECT_TRUE(IsProblem(one_click(token), 404));
  EXPECT_TRUE(IsProblem(http().get("/api/v1/email/unsubscribe?token=" + token), 404));
}

TEST_F(EmailRoutes, PreferencesDefaultsAndChanges) {
  signup_ok("ada@example.com", "ada");
  auto ada = login_ok("ada");
  auto r = http().get("/api/v1/me/email-preferences", {bearer(ada.token)});
  ASSERT_EQ(r.status, 200) << describe(r);
  EXPECT_EQ(r.object(), (json::object{{"replies", "immediate"}, {"mentions", "immediate"}, {"activity", "daily"}}));

  const json::object wanted{{"replies", "daily"}, {"mentions", "off"}, {"activity", "weekly"}};
  auto put = http().request("PUT", "/api/v1/me/email-preferences", json::serialize(wanted),
                            {bearer(ada.token), {"Content-Type", "application/json"}});
  ASSERT_EQ(put.status, 200) << describe(put);
  EXPECT_EQ(put.object(), wanted);
  EXPECT_EQ(http().get("/api/v1/me/email-preferences", {bearer(ada.token)}).object(), wanted);
  EXPECT_EQ(preferences_row(ada.user_id), "daily,off,weekly");
}

TEST_F(EmailRoutes, PreferencesRefuseBadInputAndStrangers) {
  signup_ok("ada@example.com", "ada");
  auto ada = login_ok("ada");
  EXPECT_TRUE(IsProblem(http().get("/api/v1/me/email-preferences"), 401));
  const auto put = [&](const std::string& body, const HeaderList& headers) {
    HeaderList h = headers;
    h.emplace_back("Content-Type", "application/json");
    return http().request("PUT", "/api/v1/me/email-preferences", body, h);
  };
  EXPECT_TRUE(HasFieldError(put(R"({"replies":"hourly","mentions":"off","activity":"off"})", {bearer(ada.token)}), 422,
                            "replies"));
  EXPECT_TRUE(HasFieldError(put(R"({"replies":"off","mentions":"off"})", {bearer(ada.token)}), 422, "activity"));
  EXPECT_TRUE(IsProblem(put(R"({"replies":"off","mentions":"off","activity":"off","x":1})", {bearer(ada.token)}), 422));
  // A browser's cookie without the CSRF header cannot change them.
  EXPECT_TRUE(
      IsProblem(put(R"({"replies":"off","mentions":"off","activity":"off"})", {session_cookie(ada.token)}), 403));
  EXPECT_EQ(put(R"({"replies":"off","mentions":"off","activity":"off"})",
                {session_cookie(ada.token), {"X-CSRF-Token", ada.csrf}})
                .status,
            200);
}

}  // namespace
}  // namespace agora::test
