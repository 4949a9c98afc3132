// The accounts API end to end: sign-up, sign-in, sessions and cookies, CSRF,
// password change, email verification, password reset, public profiles.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <regex>
#include <thread>

#include "core/crypto.hpp"
#include "support/api.hpp"

namespace agora::test {
namespace {
namespace json = boost::json;

constexpr const char* kNewPassword = "Another-Secret-77-pass";

class AccountsApi : public ApiTest {
 protected:
  HttpResponse me(const HeaderList& auth) { return http().get("/api/v1/me", auth); }
  HttpResponse change_password(const HeaderList& headers, const std::string& current, const std::string& replacement) {
    return http().post_json("/api/v1/me/password",
                            json::object{{"current_password", current}, {"new_password", replacement}}, headers);
  }
  HttpResponse verify(const std::string& token) {
    return http().post_json("/api/v1/auth/verify-email", json::object{{"token", token}});
  }
  HttpResponse request_reset(const std::string& email) {
    return http().post_json("/api/v1/auth/password-reset", json::object{{"email", email}});
  }
  HttpResponse confirm_reset(const std::string& token, const std::string& replacement) {
    return http().post_json("/api/v1/auth/password-reset/confirm",
                            json::object{{"token", token}, {"new_password", replacement}});
  }
  std::string user_column(std::int64_t id, const std::string& column) {
    return db().scalar("SELECT " + column + " FROM users WHERE id = " + std::to_string(id));
  }
};

// The Set-Cookie header that sets `name`, or "".
std::string set_cookie(const HttpResponse& r, const std::string& name) {
  for (const auto& c : r.headers_named("Set-Cookie"))
    if (c.rfind(name + "=", 0) == 0) return c;
  return {};
}

bool has_attribute(const std::string& cookie, const std::string& attribute) {
  std::string lower;
  for (char c : cookie) lower.push_back(char(std::tolower(static_cast<unsigned char>(c))));
  std::string want;
  for (char c : attribute) want.push_back(char(std::tolower(static_cast<unsigned char>(c))));
  return lower.find("; " + want) != std::string::npos;
}

TEST_F(AccountsApi, SignupCreatesAMemberAndAnswers201WithLocation) {
  auto r = signup("alice@example.com", "alice_1");
  ASSERT_EQ(r.status, 201) << describe(r);
  EXPECT_EQ(r.content_type(), "application/json");
  EXPECT_EQ(r.header("Location"), "/api/v1/users/alice_1");
  auto user = r.object().at("user").as_object();
  EXPECT_GT(user.at("id").as_int64(), 0);
  EXPECT_EQ(user.at("username"), "alice_1");
  EXPECT_EQ(user.at("email"), "alice@example.com");
  EXPECT_EQ(user.at("role"), "member");
  EXPECT_EQ(user.at("email_verified"), false);
  EXPECT_TRUE(std::regex_match(std::string(user.at("created_at").as_string()),
                               std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z)")))
      << user.at("created_at");
  EXPECT_FALSE(user.contains("password_hash"));
  EXPECT_EQ(r.body.find("argon2"), std::string::npos);

  EXPECT_EQ(db().count("users"), 1);
  const std::string id = std::to_string(user.at("id").as_int64());
  EXPECT_EQ(db().scalar("SELECT role FROM users WHERE id = " + id), "member");
  EXPECT_EQ(db().scalar("SELECT email_verified_at IS NULL FROM users WHERE id = " + id), "t");
  // One verification mail with a code, stored only as its digest.
  ASSERT_EQ(mails_to("alice@example.com"), 1);
  const std::string code = latest_code_for("alice@example.com");
  EXPECT_EQ(db().scalar("SELECT count(*) FROM account_tokens WHERE purpose = 'verify_email' AND token_hash = " +
                        sql_literal(crypto::sha256_hex(code))),
            "1");
  EXPECT_EQ(db().scalar("SELECT count(*) FROM account_tokens WHERE strpos(account_tokens::text, " + sql_literal(code) +
                        ") > 0"),
            "0");
}

TEST_F(AccountsApi, PasswordsAreStoredAsArgon2idOnly) {
  const auto id = signup_ok("hash@example.com", "hash_user");
  const std::string stored = user_column(id, "password_hash");
  EXPECT_EQ(stored.rfind("$argon2id$", 0), 0u) << stored;
  EXPECT_EQ(db().rows_containing(kPassword), 0) << "the plain password is stored somewhere";
  // A password change stores a new Argon2id hash, never the plain text.
  auto s = login_ok("hash_user");
  ASSERT_EQ(change_password({bearer(s.token)}, kPassword, kNewPassword).status, 204);
  const std::string changed = user_column(id, "password_hash");
  EXPECT_EQ(changed.rfind("$argon2id$", 0), 0u) << changed;
  EXPECT_NE(changed, stored);
  EXPECT_EQ(db().rows_containing(kNewPassword), 0);
}

TEST_F(AccountsApi, DuplicateEmailOrUsernameIs409CaseInsensitively) {
  signup_ok("bob@example.com", "bob_b");
  const auto before = db().account_counts();

  auto same_email = signup("BOB@Example.COM", "other_name");
  EXPECT_TRUE(HasFieldError(same_email, 409, "email"));
  auto same_name = signup("other@example.com", "BOB_B");
  EXPECT_TRUE(HasFieldError(same_name, 409, "username"));
  auto both = signup("bob@example.com", "bob_b");
  EXPECT_TRUE(HasFieldError(both, 409, "email"));
  EXPECT_TRUE(HasFieldError(both, 409, "username"));
  EXPECT_EQ(db().account_counts(), before);
}

TEST_F(AccountsApi, ConcurrentSignupsForOneNameMakeExactlyOneAccount) {
  constexpr int kClients = 6;
  std::vector<int> statuses(kClients);
  std::vector<std::thread> threads;
  threads.reserve(kClients);
  for (int i = 0; i < kClients; ++i)
    threads.emplace_back(
        [&, i] { statuses[std::size_t(i)] = signup("race" + std::to_string(i) + "@example.com", "racer").status; });
  for (auto& t : threads) t.join();
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 201), 1);
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 409), kClients - 1);
  EXPECT_EQ(db().count("users"), 1);
  EXPECT_EQ(db().count("jobs"), 2) << "a losing sign-up left a job (the winner's: its mail and its analytics event)";
  run_jobs();
  EXPECT_EQ(db().count("dev_mailbox"), 1) << "a losing sign-up left its verification mail";
  EXPECT_EQ(db().count("account_tokens"), 1);
}

TEST_F(AccountsApi, LoginByUsernameOrEmailInAnyCase) {
  const auto id = signup_ok("Carol.Smith@Example.com", "Carol_S");
  for (const std::string who :
       {"Carol_S", "carol_s", "CAROL_S", "carol.smith@example.com", "CAROL.SMITH@EXAMPLE.COM"}) {
    auto r = login(who);
    ASSERT_EQ(r.status, 200) << who << ": " << describe(r);
    auto o = r.object();
    EXPECT_EQ(o.at("token_type"), "Bearer");
    EXPECT_GE(o.at("token").as_string().size(), 40u);
    EXPECT_GE(o.at("csrf_token").as_string().size(), 40u);
    EXPECT_NE(o.at("token"), o.at("csrf_token"));
    EXPECT_TRUE(o.at("expires_at").is_string());
    EXPECT_EQ(o.at("user").at("id").as_int64(), id);
    EXPECT_EQ(o.at("user").at("username"), "Carol_S");
  }
  EXPECT_EQ(db().count("sessions"), 5);
}

TEST_F(AccountsApi, LoginSetsSessionAndCsrfCookies) {
  signup_ok("dave@example.com", "dave_d");
  auto r = login("dave_d");
  ASSERT_EQ(r.status, 200) << describe(r);
  const auto o = r.object();
  const std::string token(o.at("token").as_string()), csrf(o.at("csrf_token").as_string());

  const std::string session = set_cookie(r, "agora_session");
  ASSERT_FALSE(session.empty()) << "no agora_session cookie";
  EXPECT_EQ(session.rfind("agora_session=" + token + ";", 0), 0u) << session;
  EXPECT_TRUE(has_attribute(session, "HttpOnly")) << session;
  EXPECT_TRUE(has_attribute(session, "Secure")) << session;
  EXPECT_TRUE(has_attribute(session, "SameSite=Lax")) << session;
  EXPECT_TRUE(has_attribute(session, "Path=/")) << session;
  EXPECT_TRUE(has_attribute(session, "Max-Age=2592000")) << session;

  const std::string csrf_cookie = set_cookie(r, "agora_csrf");
  ASSERT_FALSE(csrf_cookie.empty()) << "no agora_csrf cookie";
  EXPECT_EQ(csrf_cookie.rfind("agora_csrf=" + csrf + ";", 0), 0u) << csrf_cookie;
  EXPECT_FALSE(has_attribute(csrf_cookie, "HttpOnly")) << "the web app must be able to read it";
  EXPECT_TRUE(has_attribute(csrf_cookie, "Secure")) << csrf_cookie;
  EXPECT_TRUE(has_attribute(csrf_cookie, "SameSite=Lax")) << csrf_cookie;
}

TEST_F(AccountsApi, SessionsAreStoredAsSha256OfTheTokenOnly) {
  signup_ok("erin@example.com", "erin_e");
  auto s = login_ok("erin_e");
  ASSERT_FALSE(s.token.empty());
  EXPECT_EQ(db().scalar("SELECT token_hash FROM sessions WHERE user_id = " + std::to_string(s.user_id)),
            crypto::sha256_hex(s.token));
  EXPECT_EQ(db().rows_containing(s.token), 0) << "the raw session token is stored somewhere";
}

TEST_F(AccountsApi, WrongPasswordAndUnknownLoginAreThe401) {
  signup_ok("frank@example.com", "frank_f");
  auto wrong = login("frank_f", "not-the-password-1");
  ASSERT_TRUE(IsProblem(wrong, 401));
  auto unknown = login("nobody_at_all", "not-the-password-1");
  ASSERT_TRUE(IsProblem(unknown, 401));
  // Same answer either way: no account probing.
  EXPECT_EQ(wrong.object().at("type"), unknown.object().at("type"));
  EXPECT_EQ(wrong.object().at("detail"), unknown.object().at("detail"));
  EXPECT_TRUE(set_cookie(wrong, "agora_session").empty());
  EXPECT_EQ(db().count("sessions"), 0);
}

TEST_F(AccountsApi, MeWorksWithBearerAndWithTheCookie) {
  const auto id = signup_ok("gina@example.com", "gina_g");
  auto s = login_ok("gina_g");
  for (const auto& auth : {bearer(s.token), session_cookie(s.token)}) {
    auto r = me({auth});
    ASSERT_EQ(r.status, 200) << auth.first << ": " << describe(r);
    auto user = r.object().at("user").as_object();
    EXPECT_EQ(user.at("id").as_int64(), id);
    EXPECT_EQ(user.at("email"), "gina@example.com");
  }
  // The cookie among others, as browsers send it.
  auto r = me({{"Cookie", "theme=dark; agora_session=" + s.token + "; agora_csrf=" + s.csrf}});
  EXPECT_EQ(r.status, 200) << describe(r);
  // Bearer scheme names are case-insensitive.
  EXPECT_EQ(me({{"Authorization", "bearer " + s.token}}).status, 200);
}

TEST_F(AccountsApi, MeWithoutValidCredentialsIs401) {
  signup_ok("hank@example.com", "hank_h");
  auto s = login_ok("hank_h");
  EXPECT_TRUE(IsProblem(me({}), 401));
  EXPECT_TRUE(IsProblem(me({bearer("not-a-token")}), 401));
  EXPECT_TRUE(IsProblem(me({bearer(s.token + "x")}), 401));
  EXPECT_TRUE(IsProblem(me({bearer(std::string(5000, 'a'))}), 401));
  EXPECT_TRUE(IsProblem(me({{"Authorization", "Basic " + s.token}}), 401));
  EXPECT_TRUE(IsProblem(me({{"Authorization", "Bearer "}}), 401));
  EXPECT_TRUE(IsProblem(me({session_cookie("")}), 401));
  EXPECT_TRUE(IsProblem(me({{"Cookie", "agora_csrf=" + s.csrf}}), 401));
}

TEST_F(AccountsApi, ExpiredSessionIs401) {
  signup_ok("ivy@example.com", "ivy_i");
  auto s = login_ok("ivy_i");
  ASSERT_EQ(me({bearer(s.token)}).status, 200);
  db().exec("UPDATE sessions SET expires_at = now() - interval '1 second'");
  EXPECT_TRUE(IsProblem(me({bearer(s.token)}), 401));
}

TEST_F(AccountsApi, LogoutWithBearerEndsThatSessionOnly) {
  signup_ok("jack@example.com", "jack_j");
  auto a = login_ok("jack_j");
  auto b = login_ok("jack_j");
  auto r = http().post("/api/v1/auth/logout", "", "", {bearer(a.token)});
  ASSERT_EQ(r.status, 204) << describe(r);
  EXPECT_TRUE(r.body.empty());
  // Both cookies are cleared.
  EXPECT_TRUE(has_attribute(set_cookie(r, "agora_session"), "Max-Age=0")) << set_cookie(r, "agora_session");
  EXPECT_TRUE(has_attribute(set_cookie(r, "agora_csrf"), "Max-Age=0")) << set_cookie(r, "agora_csrf");

  EXPECT_TRUE(IsProblem(me({bearer(a.token)}), 401));
  EXPECT_TRUE(IsProblem(http().post("/api/v1/auth/logout", "", "", {bearer(a.token)}), 401));
  EXPECT_EQ(me({bearer(b.token)}).status, 200);
  EXPECT_EQ(db().count("sessions"), 1);
}

TEST_F(AccountsApi, CookieAuthenticatedLogoutNeedsTheCsrfToken) {
  signup_ok("kate@example.com", "kate_k");
  auto s = login_ok("kate_k");
  auto missing = http().post("/api/v1/auth/logout", "", "", {session_cookie(s.token)});
  ASSERT_TRUE(IsProblem(missing, 403));
  EXPECT_EQ(missing.object().at("type"), "/problems/csrf");
  auto wrong = http().post("/api/v1/auth/logout", "", "", {session_cookie(s.token), {"X-CSRF-Token", s.csrf + "x"}});
  EXPECT_TRUE(IsProblem(wrong, 403));
  // The CSRF cookie alone proves nothing: it must come back in the header.
  auto cookie_only =
      http().post("/api/v1/auth/logout", "", "", {{"Cookie", "agora_session=" + s.token + "; agora_csrf=" + s.csrf}});
  EXPECT_TRUE(IsProblem(cookie_only, 403));
  ASSERT_EQ(me({bearer(s.token)}).status, 200) << "a refused logout ended the session";

  auto ok = http().post("/api/v1/auth/logout", "", "", {session_cookie(s.token), {"X-CSRF-Token", s.csrf}});
  EXPECT_EQ(ok.status, 204) << describe(ok);
  EXPECT_TRUE(IsProblem(me({bearer(s.token)}), 401));
}

TEST_F(AccountsApi, PasswordChangeKeepsThisSessionAndEndsTheOthers) {
  const auto id = signup_ok("liam@example.com", "liam_l");
  auto here = login_ok("liam_l");
  auto elsewhere = login_ok("liam@example.com");
  auto r = change_password({bearer(here.token)}, kPassword, kNewPassword);
  ASSERT_EQ(r.status, 204) << describe(r);

  EXPECT_EQ(me({bearer(here.token)}).status, 200);
  EXPECT_TRUE(IsProblem(me({bearer(elsewhere.token)}), 401));
  EXPECT_EQ(db().scalar("SELECT count(*) FROM sessions WHERE user_id = " + std::to_string(id)), "1");
  EXPECT_TRUE(IsProblem(login("liam_l", kPassword), 401));
  EXPECT_EQ(login("liam_l", kNewPassword).status, 200);
}

TEST_F(AccountsApi, PasswordChangeRefusesAWrongCurrentPasswordOrAWeakNewOne) {
  const auto id = signup_ok("mia@example.com", "mia_m");
  auto s = login_ok("mia_m");
  const std::string hash = user_column(id, "password_hash");

  EXPECT_TRUE(
      HasFieldError(change_password({bearer(s.token)}, "wrong-password-123", kNewPassword), 422, "current_password"));
  EXPECT_TRUE(HasFieldError(change_password({bearer(s.token)}, kPassword, "short"), 422, "new_password"));
  EXPECT_TRUE(HasFieldError(change_password({bearer(s.token)}, kPassword, "mia_m-is-my-name"), 422, "new_password"));
  EXPECT_TRUE(HasFieldError(change_password({bearer(s.token)}, kPassword, "1234567890"), 422, "new_password"));
  EXPECT_TRUE(HasFieldError(change_password({bearer(s.token)}, "", kNewPassword), 422, "current_password"));
  EXPECT_EQ(user_column(id, "password_hash"), hash);
  EXPECT_EQ(login("mia_m", kPassword).status, 200);
  EXPECT_TRUE(IsProblem(change_password({}, kPassword, kNewPassword), 401));
}

TEST_F(AccountsApi, CookieAuthenticatedPasswordChangeNeedsTheCsrfToken) {
  const auto id = signup_ok("noah@example.com", "noah_n");
  auto s = login_ok("noah_n");
  const std::string hash = user_column(id, "password_hash");
  EXPECT_TRUE(IsProblem(change_password({session_cookie(s.token)}, kPassword, kNewPassword), 403));
  EXPECT_TRUE(
      IsProblem(change_password({session_cookie(s.token), {"X-CSRF-Token", "forged"}}, kPassword, kNewPassword), 403));
  EXPECT_EQ(user_column(id, "password_hash"), hash) << "a refused change changed the password";
  // Bearer clients need no CSRF token (a cross-site form cannot set headers).
  auto ok = change_password({session_cookie(s.token), {"X-CSRF-Token", s.csrf}}, kPassword, kNewPassword);
  EXPECT_EQ(ok.status, 204) << describe(ok);
  EXPECT_EQ(login("noah_n", kNewPassword).status, 200);
}

TEST_F(AccountsApi, SafeMethodsWithTheCookieNeedNoCsrfToken) {
  signup_ok("olga@example.com", "olga_o");
  auto s = login_ok("olga_o");
  EXPECT_EQ(me({session_cookie(s.token)}).status, 200);
  auto head = http().request("HEAD", "/api/v1/me", {}, {session_cookie(s.token)});
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
}

TEST_F(AccountsApi, EmailVerificationWithTheMailedCodeWorksOnce) {
  const auto id = signup_ok("paul@example.com", "paul_p");
  auto s = login_ok("paul_p");
  EXPECT_EQ(db().count("dev_mailbox"), 0) << "mail is written by the worker, not the request";
  EXPECT_EQ(run_jobs(), 2) << "the verification mail and the sign-up's analytics event";
  // Read through the admin API, as a developer would.
  auto box = http().get("/api/v1/admin/mailbox?to=paul@example.com", {bearer(admin().token)});
  ASSERT_EQ(box.status, 200) << describe(box);
  auto messages = box.object().at("messages").as_array();
  ASSERT_EQ(messages.size(), 1u) << box.body;
  EXPECT_EQ(messages[0].at("to"), "paul@example.com");
  const std::string code = code_in_mail(std::string(messages[0].at("body").as_string()));
  ASSERT_FALSE(code.empty());

  auto r = verify(code);
  ASSERT_EQ(r.status, 200) << describe(r);
  EXPECT_EQ(r.object().at("user").at("email_verified"), true);
  EXPECT_EQ(user_column(id, "email_verified_at IS NOT NULL"), "t");
  EXPECT_EQ(me({bearer(s.token)}).object().at("user").at("email_verified"), true);

  auto again = verify(code);
  ASSERT_TRUE(IsProblem(again, 400));
  EXPECT_EQ(again.object().at("type"), "/problems/invalid-token");
  // Nothing left to verify.
  EXPECT_TRUE(IsProblem(http().post("/api/v1/me/verification-email", "", "", {bearer(s.token)}), 409));
}

TEST_F(AccountsApi, UnknownOrExpiredVerificationCodesAreRefused) {
  const auto id = signup_ok("quinn@example.com", "quinn_q");
  const std::string code = latest_code_for("quinn@example.com");
  std::string altered = code;  // one character changed, never to itself (codes are random)
  altered[0] = altered[0] == 'A' ? 'B' : 'A';
  EXPECT_TRUE(IsProblem(verify(altered), 400));
  EXPECT_TRUE(IsProblem(verify(std::string(200, 'x')), 400));
  db().exec("UPDATE account_tokens SET expires_at = now() - interval '1 minute'");
  auto r = verify(code);
  ASSERT_TRUE(IsProblem(r, 400));
  EXPECT_EQ(r.object().at("type"), "/problems/invalid-token");
  EXPECT_EQ(user_column(id, "email_verified_at IS NULL"), "t");
}

TEST_F(AccountsApi, ResendingTheVerificationMailSendsAFreshCode) {
  signup_ok("rita@example.com", "rita_r");
  auto s = login_ok("rita_r");
  const std::string first = latest_code_for("rita@example.com");
  auto r = http().post("/api/v1/me/verification-email", "", "", {bearer(s.token)});
  ASSERT_EQ(r.status, 202) << describe(r);
  EXPECT_EQ(mails_to("rita@example.com"), 2);
  const std::string second = latest_code_for("rita@example.com");
  EXPECT_NE(first, second);
  EXPECT_EQ(verify(second).status, 200);
  EXPECT_TRUE(IsProblem(http().post("/api/v1/me/verification-email", "", "", {}), 401));
  // Cookie clients need the CSRF token here too.
  EXPECT_TRUE(IsProblem(http().post("/api/v1/me/verification-email", "", "", {session_cookie(s.token)}), 403));
}

TEST_F(AccountsApi, PasswordResetRequestIs202AlsoForUnknownAddressesAndMailsNothingThen) {
  signup_ok("sam@example.com", "sam_s");
  const auto before = db().account_counts();
  auto unknown = request_reset("nobody@example.com");
  ASSERT_EQ(unknown.status, 202) << describe(unknown);
  EXPECT_EQ(db().account_counts(), before);

  auto known = request_reset("SAM@example.com");
  ASSERT_EQ(known.status, 202) << describe(known);
  // Same answer whether or not the account exists.
  EXPECT_EQ(known.body, unknown.body);
  EXPECT_EQ(mails_to("sam@example.com"), 2);  // the verification mail and the reset mail
  EXPECT_EQ(db().scalar("SELECT count(*) FROM account_tokens WHERE purpose = 'reset_password'"), "1");
  EXPECT_TRUE(HasFieldError(request_reset("not-an-email"), 422, "email"));
}

TEST_F(AccountsApi, PasswordResetConfirmWorksOnceAndEndsEverySession) {
  const auto id = signup_ok("tina@example.com", "tina_t");
  auto a = login_ok("tina_t");
  auto b = login_ok("tina@example.com");
  ASSERT_EQ(request_reset("tina@example.com").status, 202);
  const std::string code = latest_code_for("tina@example.com");
  ASSERT_FALSE(code.empty());

  // A weak new password is refused and the code stays usable.
  EXPECT_TRUE(HasFieldError(confirm_reset(code, "short"), 422, "new_password"));
  EXPECT_TRUE(HasFieldError(confirm_reset(code, "tina_t_password"), 422, "new_password"));
  EXPECT_EQ(db().scalar("SELECT used_at IS NULL FROM account_tokens WHERE purpose = 'reset_password'"), "t");
  EXPECT_EQ(me({bearer(a.token)}).status, 200);

  auto ok = confirm_reset(code, kNewPassword);
  ASSERT_EQ(ok.status, 204) << describe(ok);
  EXPECT_TRUE(IsProblem(me({bearer(a.token)}), 401));
  EXPECT_TRUE(IsProblem(me({bearer(b.token)}), 401));
  EXPECT_EQ(db().count("sessions"), 0);
  EXPECT_TRUE(IsProblem(login("tina_t", kPassword), 401));
  EXPECT_EQ(login("tina_t", kNewPassword).status, 200);
  // Receiving the mail proved the address.
  EXPECT_EQ(user_column(id, "email_verified_at IS NOT NULL"), "t");

  auto again = confirm_reset(code, "Yet-Another-Pass-99");
  ASSERT_TRUE(IsProblem(again, 400));
  EXPECT_EQ(again.object().at("type"), "/problems/invalid-token");
  EXPECT_EQ(login("tina_t", kNewPassword).status, 200);
}

TEST_F(AccountsApi, ExpiredResetCodesAreRefused) {
  signup_ok("uma@example.com", "uma_u");
  ASSERT_EQ(request_reset("uma@example.com").status, 202);
  const std::string code = latest_code_for("uma@example.com");
  db().exec("UPDATE account_tokens SET expires_at = now() - interval '1 second' WHERE purpose = 'reset_password'");
  EXPECT_TRUE(IsProblem(confirm_reset(code, kNewPassword), 400));
  EXPECT_EQ(login("uma_u", kPassword).status, 200);
}

TEST_F(AccountsApi, CodesOnlyWorkForTheirPurpose) {
  signup_ok("vera@example.com", "vera_v");
  const std::string verify_code = latest_code_for("vera@example.com");
  ASSERT_EQ(request_reset("vera@example.com").status, 202);
  const std::string reset_code = latest_code_for("vera@example.com");
  ASSERT_NE(verify_code, reset_code);
  EXPECT_TRUE(IsProblem(confirm_reset(verify_code, kNewPassword), 400));
  EXPECT_TRUE(IsProblem(verify(reset_code), 400));
  // Both still work for what they are for.
  EXPECT_EQ(verify(verify_code).status, 200);
  EXPECT_EQ(confirm_reset(reset_code, kNewPassword).status, 204);
}

TEST_F(AccountsApi, PublicProfileShowsNoPrivateFields) {
  const auto id = signup_ok("walt@example.com", "Walt_W");
  for (const std::string name : {"Walt_W", "walt_w"}) {
    auto r = http().get("/api/v1/users/" + name);
    ASSERT_EQ(r.status, 200) << describe(r);
    auto o = r.object();
    EXPECT_EQ(o.at("id").as_int64(), id);
    EXPECT_EQ(o.at("username"), "Walt_W");
    EXPECT_EQ(o.at("role"), "member");
    EXPECT_TRUE(o.at("created_at").is_string());
    EXPECT_FALSE(o.contains("email"));
    EXPECT_EQ(r.body.find("walt@example.com"), std::string::npos);
  }
  EXPECT_TRUE(IsProblem(http().get("/api/v1/users/nobody_here"), 404));
  EXPECT_TRUE(IsProblem(http().get("/api/v1/users/" + std::string(300, 'w')), 404));
  EXPECT_TRUE(IsProblem(http().get("/api/v1/users/%27%20OR%20%271%27%3D%271"), 404));
}

TEST_F(AccountsApi, AResetCodeUsedConcurrentlyWorksExactlyOnce) {
  signup_ok("yara@example.com", "yara_y");
  ASSERT_EQ(request_reset("yara@example.com").status, 202);
  const std::string code = latest_code_for("yara@example.com");
  constexpr int kClients = 6;
  std::vector<int> statuses(kClients);
  std::vector<std::thread> threads;
  threads.reserve(kClients);
  for (int i = 0; i < kClients; ++i)
    threads.emplace_back([&, i] {
      statuses[std::size_t(i)] = confirm_reset(code, "Concurrent-Pass-" + std::to_string(i) + "x").status;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 204), 1);
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 400), kClients - 1);
  const int winner = int(std::find(statuses.begin(), statuses.end(), 204) - statuses.begin());
  EXPECT_EQ(login("yara_y", "Concurrent-Pass-" + std::to_string(winner) + "x").status, 200);
}

TEST_F(AccountsApi, LoginUpgradesHashesMadeWithOtherCosts) {
  const auto id = signup_ok("zoe@example.com", "zoe_z");
  const std::string old_hash = user_column(id, "password_hash");
  ASSERT_NE(old_hash.find("t=1,"), std::string::npos) << old_hash;
  // The same database behind a server configured for a higher cost.
  TestServer stronger(db().url(), [](Config& c) { c.argon2_opslimit = 2; });
  auto r = stronger.client().post_json("/api/v1/auth/login", json::object{{"login", "zoe_z"}, {"password", kPassword}});
  ASSERT_EQ(r.status, 200) << describe(r);
  const std::string new_hash = user_column(id, "password_hash");
  EXPECT_EQ(new_hash.rfind("$argon2id$", 0), 0u) << new_hash;
  EXPECT_NE(new_hash.find("t=2,"), std::string::npos) << new_hash;
  EXPECT_EQ(login("zoe_z").status, 200) << "the upgraded hash no longer verifies";
}

TEST_F(AccountsApi, LoginWithAnyUserAgentBytesWorks) {
  // Header values may carry obs-text (bytes >= 0x80) that are not UTF-8; the
  // session row stores the user agent, and text columns only take UTF-8.
  signup_ok("xena@example.com", "xena_x");
  auto r = login("xena_x", kPassword, {{"User-Agent", "Mozilla/5.0 \xff\xfe caf\xe9"}});
  ASSERT_EQ(r.status, 200) << describe(r);
  auto ok = login("xena_x", kPassword, {{"User-Agent", std::string(2000, 'u')}});
  ASSERT_EQ(ok.status, 200) << describe(ok);
  EXPECT_EQ(db().scalar("SELECT max(length(user_agent)) FROM sessions"), "512");
}

}  // namespace
}  // namespace agora::test
