#pragma once
#include "accounts/service.hpp"
#include "embeddings/encoder.hpp"
#include "http/router.hpp"

namespace agora::search {

// GET /api/v1/search, GET /api/v1/posts/{id}/related, POST /api/v1/posts/similar.
void add_routes(http::Router& router, accounts::Service& accounts, embeddings::Encoder& encoder);

}  // namespace agora::search
