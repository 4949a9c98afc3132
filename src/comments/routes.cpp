#include "comments/routes.hpp"

#include <memory>

#include "accounts/auth.hpp"
#include "content/paging.hpp"
#include "core/json_body.hpp"
#include "posts/routes.hpp"

namespace agora::comments {
namespace {

JsonBody body_of(const http::Request& req) {
  return JsonBody::parse(req.header("content-type").value_or(""), req.body);
}

}  // namespace

void add_routes(http::Router& router, accounts::Service& accounts, const Config& config) {
  auto svc = std::make_shared<Service>(config);
  using communities::Viewer;
  using posts::id_param;

  router.add("POST", "/api/v1/posts/{id}/comments", [&accounts, svc](http::Request& req) -> Task<http::Response> {
    const auto post_id = id_param(req);
    auto who = co_await accounts::require_user(req, accounts);
    auto body = body_of(req);
    auto text = body.required_string("body", 100'000);
    auto parent = body.optional_int("parent_id");
    body.finish();
    auto [id, json] = co_await svc->create(*req.db, Viewer::of(who), post_id, text, parent.value_or(0));
    auto res = http::Response::json(201, std::move(json));
    res.headers.emplace_back("Location", "/api/v1/comments/" + std::to_string(id));
    co_return res;
  });

  router.add("GET", "/api/v1/posts/{id}/comments", [&accounts, svc](http::Request& req) -> Task<http::Response> {
    const auto post_id = id_param(req);
    const auto sort = content::choice_param(req, "sort", {"top", "new", "old"}, "top");
    const int limit = content::page_limit(req, 50, 100);
    const auto after = content::typed_cursor_param(req, {content::CursorField::int32, content::CursorField::id});
    auto who = co_await accounts::optional_user(req, accounts);
    auto v = Viewer::of(who);
    auto json = co_await svc->thread(*req.db, v, post_id, sort, after, limit);
    co_return http::Response::json(200, std::move(json));
  });

  router.add("GET", "/api/v1/comments/{id}", [&accounts, svc](http::Request& req) -> Task<http::Response> {
    const auto id = id_param(req);
    auto who = co_await accounts::optional_user(req, accounts);
    auto v = Viewer::of(who);
    auto json = co_await svc->get(*req.db, v, id);
    co_return http::Response::json(200, std::move(json));
  });

  router.add("GET", "/api/v1/comments/{id}/replies", [&accounts, svc](http::Request& req) -> Task<http::Response> {
    const auto id = id_param(req);
    const auto sort = content::choice_param(req, "sort", {"top", "new", "old"}, "top");
    const int limit = content::page_limit(req, 50, 200);
    const auto after = content::typed_cursor_param(req, {content::CursorField::int32, content::CursorField::id});
    auto who = co_await accounts::optional_user(req, accounts);
    auto v = Viewer::of(who);
    auto json = co_await svc->replies(*req.db, v, id, sort, after, limit);
    co_return http::Response::json(200, std::move(json));
  });

  router.add("PATCH", "/api/v1/comments/{id}", [&accounts, svc](http::Request& req) -> Task<http::Response> {
    const auto id = id_param(req);
    auto who = co_await accounts::require_user(req, accounts);
    auto body = body_of(req);
    auto text = body.required_string("body", 100'000);
    body.finish();
    auto json = co_await svc->edit(*req.db, Viewer::of(who), id, text);
    co_return http::Response::json(200, std::move(json));
  });

  router.add("DELETE", "/api/v1/comments/{id}", [&accounts, svc](http::Request& req) -> Task<http::Response> {
    const auto id = id_param(req);
    auto who = co_await accounts::require_user(req, accounts);
    co_await svc->remove_own(*req.db, Viewer::of(who), id);
    co_return http::Response::no_content();
  });

  for (const char* action : {"remove", "restore"}) {
    router.add("POST", std::string("/api/v1/comments/{id}/") + action,
               [&accounts, svc, action = std::string(action)](http::Request& req) -> Task<http::Response> {
                 const auto id = id_param(req);
                 auto who = co_await accounts::require_user(req, accounts);
                 std::string reason;
                 if (!req.body.empty()) {
                   auto body = body_of(req);
                   reason = body.optional_string("reason", 4000).value_or("");
                   body.finish();
                 }
                 auto json = co_await svc->moderate(*req.db, Viewer::of(who), id, action, reason);
                 co_return http::Response::json(200, std::move(json));
               });
  }
}

}  // namespace agora::comments
