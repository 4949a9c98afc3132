#include "accounts/mail_jobs.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "accounts/repo.hpp"
#include "core/crypto.hpp"
#include "email/mailbox.hpp"

namespace agora::accounts {
namespace {

struct Target {
  std::int64_t user_id = 0;
  std::string email;
};

Target target_of(const jobs::Job& job) {
  try {
    const auto v = boost::json::parse(job.payload).as_object();
    return {v.at("user_id").as_int64(), std::string(v.at("email").as_string())};
  } catch (const std::exception& e) {
    throw jobs::PermanentFailure("malformed " + job.kind + " payload: " + e.what());
  }
}

std::int64_t seconds_of(std::chrono::minutes m) { return std::chrono::duration_cast<std::chrono::seconds>(m).count(); }

}  // namespace

jobs::NewJob mail_job(const char* kind, const User& user, const std::string& trace_id) {
  jobs::NewJob job{.kind = kind, .trace_id = trace_id};
  job.payload = boost::json::serialize(boost::json::object{{"user_id", user.id}, {"email", user.email}});
  job.ordering_key = "user:" + std::to_string(user.id);
  return job;
}

void add_mail_jobs(jobs::Registry& registry, const Config& config) {
  registry.add(kVerifyMailJob, [&config](jobs::JobContext& ctx) -> Task<void> {
    const auto t = target_of(ctx.job);
    auto creds = co_await repo::find_by_id(ctx.tx, t.user_id);
    // Gone, verified meanwhile, or a newer address: this mail has no purpose.
    if (!creds || creds->user.email_verified || creds->user.email != t.email) co_return;
    const auto& user = creds->user;
    const std::string token = crypto::random_token();
    co_await repo::insert_token(ctx.tx, crypto::sha256_hex(token), user.id, kVerifyPurpose, user.email,
                                seconds_of(config.verify_token_ttl));
    co_await email::send(ctx.tx, user.email, "Confirm your email address for Agora",
                         "Hello " + user.username + ",\n\nconfirm this address with the code below (valid for " +
                             std::to_string(config.verify_token_ttl.count()) + " minutes):\n\n" + token +
                             "\n\nPOST it as {\"token\": \"…\"} to /api/v1/auth/verify-email.\n"
                             "If you did not sign up, ignore this message.\n",
                         ctx.job.id);
  });
  registry.add(kResetMailJob, [&config](jobs::JobContext& ctx) -> Task<void> {
    const auto t = target_of(ctx.job);
    auto creds = co_await repo::find_by_id(ctx.tx, t.user_id);
    if (!creds || creds->user.email != t.email) co_return;
    const auto& user = creds->user;
    const std::string token = crypto::random_token();
    co_await repo::insert_token(ctx.tx, crypto::sha256_hex(token), user.id, kResetPurpose, user.email,
                                seconds_of(config.reset_token_ttl));
    co_await email::send(ctx.tx, user.email, "Reset your Agora password",
                         "Hello " + user.username +
                             ",\n\nsomeone asked to reset the password of this account. "
                             "If it was you, use this code within " +
                             std::to_string(config.reset_token_ttl.count()) + " minutes:\n\n" + token +
                             "\n\nPOST it with your new password as {\"token\": \"…\", \"new_password\": \"…\"} to "
                             "/api/v1/auth/password-reset/confirm.\nIf it was not you, ignore this message.\n",
                         ctx.job.id);
  });
}

}  // namespace agora::accounts
