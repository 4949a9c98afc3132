#pragma once
// POST /api/v1/uploads (raw image bytes as the body) and GET /media/{name}.
#include <string_view>

#include "accounts/service.hpp"
#include "core/config.hpp"
#include "http/router.hpp"

namespace agora::uploads {

void add_routes(http::Router& router, accounts::Service& accounts, const Config& config);

// True when an If-None-Match header value matches the strong ETag `etag`
// (with its quotes), by the weak comparison RFC 9110 §13.1.2 prescribes.
bool etag_matches(std::string_view if_none_match, std::string_view etag);

}  // namespace agora::uploads
