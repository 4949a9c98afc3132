#pragma once
#include "http/pipeline.hpp"
#include "http/router.hpp"

namespace agora::app {

// /livez: the event loop answers. /readyz: not draining, database reachable,
// schema at the version this binary expects. /metrics: Prometheus text.
void add_health_routes(http::Router& router, const http::Pipeline& pipeline);

}  // namespace agora::app
