#pragma once
#include "accounts/service.hpp"
#include "http/router.hpp"
#include "posts/service.hpp"

namespace agora::posts {

void add_routes(http::Router& router, accounts::Service& accounts, const Config& config);

// The {id} path parameter as a positive integer; 404 otherwise (an id that
// cannot exist names no resource).
std::int64_t id_param(const http::Request& req, std::string_view name = "id");

}  // namespace agora::posts
