#pragma once
#include "accounts/service.hpp"
#include "http/router.hpp"

namespace agora::admin {

// /api/v1/admin/*: admin-only views.
void add_routes(http::Router& router, accounts::Service& accounts);

}  // namespace agora::admin
