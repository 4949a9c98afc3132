#pragma once
// The account emails (verification, password reset) as jobs. The request
// only enqueues "mail user N"; the worker makes the one-time token when it
// sends, so no usable secret is ever stored in the jobs table, and a token
// exists only for a mail that was actually written.
#include "accounts/model.hpp"
#include "core/config.hpp"
#include "email/mailer.hpp"
#include "jobs/job.hpp"
#include "jobs/registry.hpp"

namespace agora::accounts {

inline constexpr const char* kVerifyPurpose = "verify_email";
inline constexpr const char* kResetPurpose = "reset_password";
inline constexpr const char* kVerifyMailJob = "email.verify";
inline constexpr const char* kResetMailJob = "email.password_reset";

// A job of `kind` for `user` at their current address.
jobs::NewJob mail_job(const char* kind, const User& user, const std::string& trace_id);

void add_mail_jobs(jobs::Registry& registry, const Config& config, email::Mailer& mailer);

}  // namespace agora::accounts
