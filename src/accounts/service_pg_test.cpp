// accounts::Service directly, as `agora admin create-user` uses it.
#include "accounts/service.hpp"

#include <gtest/gtest.h>

#include "accounts/password.hpp"
#include "db/standalone.hpp"
#include "support/pg_cluster.hpp"
#include "support/test_server.hpp"

namespace agora::test {
namespace {

class AccountsService : public ::testing::Test {
 protected:
  AccountsService() : config_(test_config(db_.url())), hashing_(1), accounts_(config_, hashing_) {}

  accounts::User create(const accounts::SignupInput& in, const std::string& role) {
    accounts::User user;
    db::with_pool(config_, [&](db::Pool& pool) -> Task<void> {
      user = co_await accounts_.create_user(pool, in, role, /*verified=*/true);
    });
    return user;
  }
  // The Problem create() throws, or a default one (status 0) if none.
  Problem problem_of(const accounts::SignupInput& in, const std::string& role) {
    try {
      create(in, role);
    } catch (const Problem& p) {
      return p;
    }
    return Problem(0, "", "");
  }
  static bool names(const Problem& p, const std::string& field) {
    for (const auto& e : p.errors())
      if (e.field == field) return true;
    return false;
  }

  TestDatabase db_;
  Config config_;
  BlockingPool hashing_;
  accounts::Service accounts_;
};

TEST_F(AccountsService, CreateUserMakesAVerifiedAdminWithoutMail) {
  const auto user = create({"root@example.com", "first_admin", "Admin-Password-2024"}, "admin");
  EXPECT_GT(user.id, 0);
  EXPECT_EQ(user.role, "admin");
  EXPECT_TRUE(user.email_verified);
  EXPECT_EQ(user.username, "first_admin");
  const std::string id = std::to_string(user.id);
  EXPECT_EQ(db_.scalar("SELECT role FROM users WHERE id = " + id), "admin");
  EXPECT_EQ(db_.scalar("SELECT email_verified_at IS NOT NULL FROM users WHERE id = " + id), "t");
  const std::string hash = db_.scalar("SELECT password_hash FROM users WHERE id = " + id);
  EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u) << hash;
  EXPECT_TRUE(accounts::verify_password(hash, "Admin-Password-2024"));
  EXPECT_FALSE(accounts::verify_password(hash, "Admin-Password-2025"));
  // Already verified: no verification mail, no token.
  EXPECT_EQ(db_.count("dev_mailbox"), 0);
  EXPECT_EQ(db_.count("account_tokens"), 0);

  const auto mod = create({"mod@example.com", "a_moderator", "Trusted-Pass-99"}, "moderator");
  EXPECT_EQ(mod.role, "moderator");
}

TEST_F(AccountsService, CreateUserRefusesInvalidInputWith422) {
  auto p = problem_of({"not-an-email", "x", "short"}, "admin");
  EXPECT_EQ(p.status(), 422);
  EXPECT_TRUE(names(p, "email"));
  EXPECT_TRUE(names(p, "username"));
  EXPECT_TRUE(names(p, "password"));
  // The same rules as sign-up: reserved names, weak passwords.
  EXPECT_EQ(problem_of({"root@example.com", "admin", "Admin-Password-2024"}, "admin").status(), 422);
  EXPECT_EQ(problem_of({"root@example.com", "boss_user", "1234567890"}, "admin").status(), 422);
  EXPECT_EQ(db_.count("users"), 0);
}

TEST_F(AccountsService, CreateUserRefusesDuplicatesWith409) {
  create({"dup@example.com", "dup_user", "Admin-Password-2024"}, "admin");
  auto p = problem_of({"DUP@example.com", "other_user", "Admin-Password-2024"}, "member");
  EXPECT_EQ(p.status(), 409);
  EXPECT_TRUE(names(p, "email"));
  EXPECT_EQ(db_.count("users"), 1);
}

TEST_F(AccountsService, AnUnknownRoleIsRefusedByTheDatabase) {
  // Only the CLI picks roles, from a fixed list; the CHECK constraint is the backstop.
  EXPECT_THROW(create({"odd@example.com", "odd_user", "Admin-Password-2024"}, "superuser"), std::exception);
  EXPECT_EQ(db_.count("users"), 0);
}

}  // namespace
}  // namespace agora::test
