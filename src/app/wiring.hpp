#pragma once
// Every route `agora serve` exposes, registered in one place so the
// integration tests serve exactly the API production serves.
#include "accounts/service.hpp"
#include "core/config.hpp"
#include "http/pipeline.hpp"
#include "http/router.hpp"

namespace agora::app {

void add_all_routes(http::Router& router, const http::Pipeline& pipeline, accounts::Service& accounts,
                    const Config& config);

}  // namespace agora::app
