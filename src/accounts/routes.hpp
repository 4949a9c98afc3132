#pragma once
#include "accounts/service.hpp"
#include "http/router.hpp"

namespace agora::accounts {

// /api/v1/auth/*, /api/v1/me*, /api/v1/users/{username}
void add_routes(http::Router& router, Service& accounts, const Config& config);

}  // namespace agora::accounts
