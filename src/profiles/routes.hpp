#pragma once
#include "accounts/service.hpp"
#include "http/router.hpp"

namespace agora::profiles {

void add_routes(http::Router& router, accounts::Service& accounts);

// "/media/<sha256 hex>.<png|jpg|gif|webp>": the only avatar URLs accepted.
bool media_url_shape(const std::string& url);

}  // namespace agora::profiles
