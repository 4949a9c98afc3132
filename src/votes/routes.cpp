#include "votes/routes.hpp"

#include "accounts/auth.hpp"
#include "core/json_body.hpp"
#include "posts/routes.hpp"
#include "votes/service.hpp"

namespace agora::votes {
namespace {

int value_of(const http::Request& req) {
  auto body = JsonBody::parse(req.header("content-type").value_or(""), req.body);
  auto v = body.optional_int("value");
  if (!v) body.required_string("value");  // "is required" / "must be …" in one 422
  body.finish();
  if (*v < -1 || *v > 1) throw Problem::validation({{"value", "must be 1 (up), -1 (down) or 0 (withdraw)"}});
  return int(*v);
}

http::Response tally_json(const repo::Tally& t) {
  return http::Response::json(
      200, "{\"score\":" + std::to_string(t.score) + ",\"upvotes\":" + std::to_string(t.upvotes) +
               ",\"downvotes\":" + std::to_string(t.downvotes) + ",\"my_vote\":" + std::to_string(t.my_vote) + "}");
}

}  // namespace

void add_routes(http::Router& router, accounts::Service& accounts, const Config& config) {
  using communities::Viewer;

  router.add("POST", "/api/v1/posts/{id}/vote", [&](http::Request& req) -> Task<http::Response> {
    const auto id = posts::id_param(req);
    auto who = co_await accounts::require_user(req, accounts);
    const int value = value_of(req);
    auto tally = co_await vote_post(*req.db, config, Viewer::of(who), id, value);
    co_return tally_json(tally);
  });

  router.add("POST", "/api/v1/comments/{id}/vote", [&](http::Request& req) -> Task<http::Response> {
    const auto id = posts::id_param(req);
    auto who = co_await accounts::require_user(req, accounts);
    const int value = value_of(req);
    auto tally = co_await vote_comment(*req.db, config, Viewer::of(who), id, value);
    co_return tally_json(tally);
  });
}

}  // namespace agora::votes
