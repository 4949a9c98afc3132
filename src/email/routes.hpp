#pragma once
// Email routes: one-click unsubscribe (RFC 8058), the signed-in user's email
// preferences, and SES bounce/complaint events delivered by SNS.
#include <memory>

#include "accounts/service.hpp"
#include "core/config.hpp"
#include "email/sns.hpp"
#include "http/router.hpp"

namespace agora::email {

// Production: SNS certificates fetched from AWS and checked against the
// system's CAs (a verifier is made only when AGORA_SES_EVENTS_TOPIC_ARN is set).
// Routes already in `router` are left as they are, so a test that
// registered its own (with its own SNS verifier) first keeps them.
void add_routes(http::Router& router, accounts::Service& accounts, const Config& config);
// With a given SNS verifier (tests sign messages with their own key).
void add_routes(http::Router& router, accounts::Service& accounts, const Config& config,
                const std::shared_ptr<SnsVerifier>& sns);

}  // namespace agora::email
