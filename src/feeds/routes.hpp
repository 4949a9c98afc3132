#pragma once
#include "accounts/service.hpp"
#include "http/router.hpp"

namespace agora::feeds {

void add_routes(http::Router& router, accounts::Service& accounts);

}  // namespace agora::feeds
