// Rate limits as clients meet them: per client IP across the auth endpoints,
// and failed logins per account, shared through PostgreSQL.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>

#include "db/pool.hpp"
#include "ratelimit/limiter.hpp"
#include "support/api.hpp"
#include "support/run_task.hpp"

namespace agora::test {
namespace {
namespace json = boost::json;

std::pair<std::string, std::string> from_ip(const std::string& ip) { return {"X-Forwarded-For", ip}; }

::testing::AssertionResult IsRateLimited(const HttpResponse& r, int max_retry_after) {
  auto base = IsProblem(r, 429);
  if (!base) return base;
  const auto retry = r.header("Retry-After");
  if (!retry) return ::testing::AssertionFailure() << "429 without Retry-After";
  if (retry->empty() || retry->find_first_not_of("0123456789") != std::string::npos)
    return ::testing::AssertionFailure() << "Retry-After is not a number of seconds: '" << *retry << "'";
  const int seconds = std::stoi(*retry);
  if (seconds < 1 || seconds > max_retry_after)
    return ::testing::AssertionFailure() << "Retry-After " << seconds << " not in [1, " << max_retry_after << "]";
  if (r.object().at("type") != "/problems/rate-limited")
    return ::testing::AssertionFailure() << "type is not rate-limited: " << r.body;
  return ::testing::AssertionSuccess();
}

class IpLimit : public ApiTest {
 protected:
  void configure(Config& c) override {
    c.auth_ip_limit_per_minute = 4;
    c.trust_proxy = true;
  }
};

TEST_F(IpLimit, AuthRequestsFromOneIpAreLimitedAcrossEndpoints) {
  const HeaderList ip = {from_ip("203.0.113.7")};
  EXPECT_EQ(signup("ip1@example.com", "ip_user_1", kPassword, ip).status, 201);
  EXPECT_EQ(login("ip_user_1", "wrong-password-1", ip).status, 401);
  EXPECT_EQ(http().post_json("/api/v1/auth/password-reset", json::object{{"email", "x@example.com"}}, ip).status, 202);
  EXPECT_EQ(login("ip_user_1", kPassword, ip).status, 200);
  // The fifth request in the minute, whatever the endpoint.
  EXPECT_TRUE(IsRateLimited(login("ip_user_1", kPassword, ip), 60));
  EXPECT_TRUE(IsRateLimited(signup("ip2@example.com", "ip_user_2", kPassword, ip), 60));
  EXPECT_TRUE(
      IsRateLimited(http().post_json("/api/v1/auth/password-reset", json::object{{"email", "x@example.com"}}, ip), 60));
  EXPECT_EQ(db().count("users"), 1) << "a rate-limited sign-up created an account";

  // Another client is not affected; the limited one is again after the window.
  EXPECT_EQ(login("ip_user_1", kPassword, {from_ip("203.0.113.8")}).status, 200);
  db().exec("UPDATE rate_limit_counters SET window_start = window_start - interval '61 seconds'");
  EXPECT_EQ(login("ip_user_1", kPassword, ip).status, 200);
}

TEST_F(IpLimit, TheLastForwardedAddressIsTheClient) {
  // The load balancer appends the peer it saw; earlier entries are the client's claims.
  for (int i = 0; i < 4; ++i)
    EXPECT_EQ(login("nobody_" + std::to_string(i), "wrong-password-1",
                    {from_ip("10.9.9." + std::to_string(i) + ", 198.51.100.1")})
                  .status,
              401);
  EXPECT_TRUE(IsRateLimited(login("nobody_x", "wrong-password-1", {from_ip("10.0.0.99, 198.51.100.1")}), 60));
}

TEST_F(IpLimit, HostileForwardedForValuesDoNotBreakRequests) {
  // Only reachable behind a proxy that passes them on, but a 5xx is never right.
  const std::vector<std::string> values = {std::string(3000, '1'), "\xff\xfe", "a b c", ","};
  for (std::size_t i = 0; i < values.size(); ++i) {
    SCOPED_TRACE(i);
    auto r = signup("xff" + std::to_string(i) + "@example.com", "xff_user_" + std::to_string(i), kPassword,
                    {from_ip(values[i])});
    EXPECT_EQ(r.status, 201) << describe(r);
    auto l = login("xff_user_" + std::to_string(i), kPassword, {from_ip(values[i])});
    EXPECT_EQ(l.status, 200) << describe(l);
  }
}

class IpLimitWithoutProxy : public ApiTest {
 protected:
  void configure(Config& c) override { c.auth_ip_limit_per_minute = 3; }
};

TEST_F(IpLimitWithoutProxy, ForwardedForIsIgnoredUnlessTheProxyIsTrusted) {
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(login("nobody", "wrong-password-1", {from_ip("192.0.2." + std::to_string(i))}).status, 401);
  EXPECT_TRUE(IsRateLimited(login("nobody", "wrong-password-1", {from_ip("192.0.2.200")}), 60));
}

class AccountLimit : public ApiTest {
 protected:
  void configure(Config& c) override {
    c.login_account_limit_per_15min = 3;
    c.trust_proxy = true;  // each attempt from its own IP: only the account limit applies
  }
  HttpResponse attempt(const std::string& who, const std::string& password) {
    return login(who, password, {from_ip("198.51.100." + std::to_string(++n_))});
  }
  int n_ = 0;
};

// The device cookie a successful sign-in set (agora_device=…), as a Cookie header.
std::pair<std::string, std::string> device_cookie_of(const HttpResponse& r) {
  for (const auto& c : r.headers_named("set-cookie"))
    if (c.rfind("agora_device=", 0) == 0) return {"Cookie", c.substr(0, c.find(';'))};
  ADD_FAILURE() << "no agora_device cookie in " << describe(r);
  return {"Cookie", ""};
}

TEST_F(AccountLimit, FailedLoginsLockTheLoginNameEvenFromDifferentIps) {
  signup_ok("lock@example.com", "lock_me");
  EXPECT_EQ(attempt("lock_me", "wrong-password-1").status, 401);
  EXPECT_EQ(attempt("LOCK_ME", "wrong-password-2").status, 401);  // the same name, whatever its case
  EXPECT_EQ(attempt("Lock_Me", "wrong-password-3").status, 401);
  // Locked now, even for the right password.
  EXPECT_TRUE(IsRateLimited(attempt("lock_me", kPassword), 15 * 60));
  EXPECT_EQ(db().count("sessions"), 0);
  // Other accounts are not affected.
  signup_ok("free@example.com", "free_user");
  EXPECT_EQ(attempt("free_user", kPassword).status, 200);
  // The window passes.
  db().exec("UPDATE rate_limit_counters SET window_start = window_start - interval '15 minutes'");
  EXPECT_EQ(attempt("lock_me", kPassword).status, 200);
}

TEST_F(AccountLimit, ALockedNameDoesNotTellWhichEmailIsItsAccount) {
  // Before, the budget was the account's: locking the username and then
  // trying an email answered 429 exactly for that account's address.
  signup_ok("mine@example.com", "lock_me");
  signup_ok("other@example.com", "someone_else");
  for (int i = 0; i < 3; ++i) EXPECT_EQ(attempt("lock_me", "wrong-password-1").status, 401);
  ASSERT_TRUE(IsRateLimited(attempt("lock_me", "wrong-password-1"), 15 * 60));
  const auto mine = attempt("mine@example.com", "wrong-password-2");
  const auto other = attempt("other@example.com", "wrong-password-2");
  EXPECT_EQ(mine.status, 401) << describe(mine);
  EXPECT_EQ(other.status, 401) << describe(other);
  EXPECT_EQ(mine.object().at("type"), other.object().at("type"));
  EXPECT_EQ(mine.object().at("detail"), other.object().at("detail"));
}

TEST_F(AccountLimit, TheOwnersBrowserStillSignsInWhileSomeoneElseGuesses) {
  signup_ok("owner@example.com", "owner");
  const auto first = attempt("owner", kPassword);
  ASSERT_EQ(first.status, 200) << describe(first);
  const auto device = device_cookie_of(first);
  // Someone else spends the name's budget…
  for (int i = 0; i < 3; ++i) EXPECT_EQ(attempt("owner", "wrong-password-1").status, 401);
  EXPECT_TRUE(IsRateLimited(attempt("owner", kPassword), 15 * 60));
  // …and the owner's browser, which signed in before, has a budget of its own.
  const auto again = login("owner", kPassword, {from_ip("198.51.100.250"), device});
  EXPECT_EQ(again.status, 200) << describe(again);
  EXPECT_TRUE(again.headers_named("set-cookie").size() >= 2);
  // That budget is limited too: a stolen device cookie is no free pass.
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(login("owner", "wrong-password-2", {from_ip("198.51.100.251"), device}).status, 401);
  EXPECT_TRUE(IsRateLimited(login("owner", kPassword, {from_ip("198.51.100.252"), device}), 15 * 60));
  // A device cookie of another account counts for nothing here.
  signup_ok("thief@example.com", "thief");
  const auto thief_device = device_cookie_of(attempt("thief", kPassword));
  db().exec("UPDATE rate_limit_counters SET window_start = window_start - interval '15 minutes'");
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(login("owner", "wrong-password-3", {from_ip("198.51.100.253"), thief_device}).status, 401);
  EXPECT_TRUE(IsRateLimited(attempt("owner", kPassword), 15 * 60));  // the name's budget was spent
}

TEST_F(AccountLimit, ParallelGuessesGetExactlyTheBudget) {
  // The attempt is counted before the (slow) password check: 20 guesses sent
  // at once get 3 answers of 401, never more.
  signup_ok("burst@example.com", "burst_me");
  std::atomic<int> rejected{0}, limited{0}, other{0};
  std::vector<std::thread> threads;
  threads.reserve(20);
  for (int i = 0; i < 20; ++i)
    threads.emplace_back([&, i] {
      const auto r =
          login("burst_me", "wrong-password-" + std::to_string(i), {from_ip("203.0.113." + std::to_string(i))});
      (r.status == 401 ? rejected : r.status == 429 ? limited : other)++;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(rejected.load(), 3);
  EXPECT_EQ(limited.load(), 17);
  EXPECT_EQ(other.load(), 0);
}

TEST_F(AccountLimit, ASuccessfulLoginResetsTheFailureCount) {
  signup_ok("reset@example.com", "reset_me");
  EXPECT_EQ(attempt("reset_me", "wrong-password-1").status, 401);
  EXPECT_EQ(attempt("reset_me", "wrong-password-2").status, 401);
  EXPECT_EQ(attempt("reset_me", kPassword).status, 200);
  // A full budget of failures again.
  EXPECT_EQ(attempt("reset_me", "wrong-password-3").status, 401);
  EXPECT_EQ(attempt("reset_me", "wrong-password-4").status, 401);
  EXPECT_EQ(attempt("reset_me", "wrong-password-5").status, 401);
  EXPECT_TRUE(IsRateLimited(attempt("reset_me", kPassword), 15 * 60));
}

TEST_F(AccountLimit, UnknownNamesAreLimitedToo) {
  for (int i = 0; i < 3; ++i) EXPECT_EQ(attempt("ghost_user", "wrong-password-1").status, 401);
  EXPECT_TRUE(IsRateLimited(attempt("GHOST_USER", "wrong-password-1"), 15 * 60));
}

TEST_F(AccountLimit, PasswordChangeAttemptsAreLimitedPerAccount) {
  signup_ok("pc@example.com", "pc_user");
  auto s = login_ok("pc_user");
  const json::object body{{"current_password", "wrong-password-1"}, {"new_password", "Another-Secret-77-pass"}};
  for (int i = 0; i < 3; ++i) EXPECT_EQ(http().post_json("/api/v1/me/password", body, {bearer(s.token)}).status, 422);
  EXPECT_TRUE(IsRateLimited(http().post_json("/api/v1/me/password", body, {bearer(s.token)}), 15 * 60));
}

TEST_F(AccountLimit, ResetMailsAreCappedPerAccountWithoutTellingTheClient) {
  signup_ok("flood@example.com", "flood_me");
  for (int i = 0; i < 7; ++i)
    EXPECT_EQ(http()
                  .post_json("/api/v1/auth/password-reset", json::object{{"email", "flood@example.com"}},
                             {from_ip("192.0.2." + std::to_string(i))})
                  .status,
              202);
  EXPECT_EQ(mails_to("flood@example.com"), 1 + 5);  // the verification mail, then at most 5 resets an hour
}

TEST_F(AccountLimit, VerificationMailResendsAreCappedPerAccount) {
  signup_ok("resend@example.com", "resend_me");
  auto s = login_ok("resend_me");
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(http().post("/api/v1/me/verification-email", "", "", {bearer(s.token)}).status, 202) << i;
  EXPECT_TRUE(IsRateLimited(http().post("/api/v1/me/verification-email", "", "", {bearer(s.token)}), 3600));
  EXPECT_EQ(mails_to("resend@example.com"), 1 + 5);
}

// The limiter itself, through the pool.
TEST(Limiter, HitCheckAndResetShareOneCounterPerKey) {
  TestDatabase db;
  boost::asio::io_context ioc;
  db::Pool pool(ioc, db::PoolOptions{db.url(), 2});
  const ratelimit::Rule rule{2, 60};
  auto status_of = [&](Task<void> t) {
    try {
      run_task(ioc, std::move(t));
      return 0;
    } catch (const Problem& p) {
      EXPECT_EQ(p.headers().size(), 1u);
      return p.status();
    }
  };
  EXPECT_EQ(status_of(ratelimit::check(pool, "k", rule)), 0);
  EXPECT_EQ(status_of(ratelimit::hit(pool, "k", rule)), 0);
  EXPECT_EQ(status_of(ratelimit::hit(pool, "k", rule)), 0);
  EXPECT_EQ(status_of(ratelimit::check(pool, "k", rule)), 429);  // at the limit: the next would exceed it
  EXPECT_EQ(status_of(ratelimit::hit(pool, "k", rule)), 429);
  EXPECT_EQ(status_of(ratelimit::hit(pool, "other", rule)), 0);
  run_task(ioc, ratelimit::reset(pool, "k"));
  EXPECT_EQ(status_of(ratelimit::check(pool, "k", rule)), 0);
  EXPECT_EQ(db.scalar("SELECT hits FROM rate_limit_counters WHERE key = 'other'"), "1");
}

}  // namespace
}  // namespace agora::test
