#pragma once
// The live-update streams (Server-Sent Events), fed by one Hub per process.
#include "accounts/service.hpp"
#include "core/config.hpp"
#include "http/router.hpp"

namespace agora::live {

void add_routes(http::Router& router, accounts::Service& accounts, const Config& config);

}  // namespace agora::live
