#include "accounts/mail_jobs.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "accounts/repo.hpp"
#include "core/crypto.hpp"
#include "email/job_mail.hpp"

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

void add_mail_jobs(jobs::Registry& registry, const Config& config, email::Mailer& mailer) {
  registry.add(kVerifyMailJob, [&config, &mailer](jobs::JobContext& ctx) -> Task<void> {
    const auto t = target_of(ctx.job);
    auto creds = co_await repo::find_by_id(ctx.tx, t.user_id);
    // Gone, verified meanwhile, or a newer address: this mail has no purpose.
    if (!creds || creds->user.email_verified || creds->user.email != t.email) co_return;
    const auto& user = creds->user;
    const std::string token = crypto::random_token();
    co_await repo::insert_token(ctx.tx, crypto::sha256_hex(token), user.id, kVerifyPurpose, user.email,
                                seconds_of(config.verify_token_ttl));
    const email::Outgoing mail{
        user.email, email::verification_email(email::Links(config.public_url), user.username, token, ""), std::nullopt};
    co_await email::send_for_job(mailer, config, ctx, mail);
  });
  registry.add(kResetMailJob, [&config, &mailer](jobs::JobContext& ctx) -> Task<void> {
    const auto t = target_of(ctx.job);
    auto creds = co_await repo::find_by_id(ctx.tx, t.user_id);
    if (!creds || creds->user.email != t.email) co_return;
    const auto& user = creds->user;
    const std::string token = crypto::random_token();
    co_await repo::insert_token(ctx.tx, crypto::sha256_hex(token), user.id, kResetPurpose, user.email,
                                seconds_of(config.reset_token_ttl));
    const email::Outgoing mail{user.email,
                               email::password_reset_email(email::Links(config.public_url), user.username, token,
                                                           int(config.reset_token_ttl.count()), ""),
                               std::nullopt};
    co_await email::send_for_job(mailer, config, ctx, mail);
  });
}

}  // namespace agora::accounts
