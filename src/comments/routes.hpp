#pragma once
#include "accounts/service.hpp"
#include "comments/service.hpp"
#include "http/router.hpp"

namespace agora::comments {

void add_routes(http::Router& router, accounts::Service& accounts, const Config& config);

}  // namespace agora::comments
