#pragma once
#include "accounts/service.hpp"
#include "core/config.hpp"
#include "http/router.hpp"

namespace agora::communities {

void add_routes(http::Router& router, accounts::Service& accounts, const Config& config);

}  // namespace agora::communities
