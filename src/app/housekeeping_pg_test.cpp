// Housekeeping deletes exactly the rows that have outlived their use.
#include "app/housekeeping.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include "db/pool.hpp"
#include "support/pg_cluster.hpp"
#include "support/run_task.hpp"

namespace agora::test {
namespace {

TEST(Housekeeping, DeletesOnlyExpiredSessionsFinishedTokensAndStaleCounters) {
  TestDatabase db;
  db.exec("INSERT INTO users (email, username, password_hash) VALUES ('a@example.com', 'alice', 'x')");
  const std::string uid = db.scalar("SELECT id FROM users");
  db.exec(
      "INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at) VALUES "
      "('live', " +
      uid +
      ", 'c', now() + interval '1 day'), "
      "('dead', " +
      uid + ", 'c', now() - interval '1 second')");
  db.exec(
      "INSERT INTO account_tokens (token_hash, user_id, purpose, email, expires_at, used_at) VALUES "
      "('fresh', " +
      uid +
      ", 'verify_email', 'a@example.com', now() + interval '1 hour', NULL), "
      "('used-recently', " +
      uid +
      ", 'verify_email', 'a@example.com', now(), now() - interval '1 day'), "
      "('used-long-ago', " +
      uid +
      ", 'verify_email', 'a@example.com', now(), now() - interval '8 days'), "
      "('expired-long-ago', " +
      uid + ", 'reset_password', 'a@example.com', now() - interval '8 days', NULL)");
  db.exec(
      "INSERT INTO rate_limit_counters (key, window_start, hits) VALUES "
      "('ip:auth:1', now(), 3), ('login:name:ghost', now() - interval '2 days', 9)");

  boost::asio::io_context ioc;
  db::Pool pool(ioc, db::PoolOptions{db.url(), 1});
  const auto r = run_task(ioc, app::purge_expired_rows(pool));
  EXPECT_EQ(r.sessions, 1);
  EXPECT_EQ(r.tokens, 2);
  EXPECT_EQ(r.rate_limit_counters, 1);
  EXPECT_EQ(db.scalar("SELECT string_agg(token_hash, ',' ORDER BY token_hash) FROM sessions"), "live");
  EXPECT_EQ(db.scalar("SELECT string_agg(token_hash, ',' ORDER BY token_hash) FROM account_tokens"),
            "fresh,used-recently");
  EXPECT_EQ(db.scalar("SELECT string_agg(key, ',') FROM rate_limit_counters"), "ip:auth:1");
  // A second run finds nothing left to do.
  const auto again = run_task(ioc, app::purge_expired_rows(pool));
  EXPECT_EQ(again.sessions + again.tokens + again.rate_limit_counters, 0);
}

}  // namespace
}  // namespace agora::test
