#pragma once
// Serves the web app's build (AGORA_WEB_DIR) beside the API, when there is
// one: `make run` builds it, so one local URL is the whole site.
#include "core/config.hpp"
#include "http/router.hpp"

namespace agora::web {

// Registers the router's fallback for the build's files and the app's URLs.
// Without a build (AGORA_WEB_DIR=off, or the default folder not built) the
// server answers the API only and says so in its log; a configured folder
// that is not a build stops the server.
void add_routes(http::Router& router, const Config& config);

}  // namespace agora::web
