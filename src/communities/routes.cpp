#include "communities/routes.hpp"

#include "accounts/auth.hpp"
#include "communities/service.hpp"
#include "content/paging.hpp"
#include "core/json_body.hpp"
#include "core/json_text.hpp"

namespace agora::communities {
namespace {

JsonBody body_of(const http::Request& req) {
  return JsonBody::parse(req.header("content-type").value_or(""), req.body);
}

std::string slug_of(const http::Request& req) {
  std::string s(req.param("slug"));
  for (auto& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

void add_routes(http::Router& router, accounts::Service& accounts, const Config& config) {
  router.add("POST", "/api/v1/communities", [&](http::Request& req) -> Task<http::Response> {
    auto who = co_await accounts::require_user(req, accounts);
    auto body = body_of(req);
    CommunityInput in{body.required_string("slug", 256), body.required_string("name", 1024),
                      body.optional_string("description", 100'000), body.optional_string("rules", 100'000),
                      body.optional_string("visibility", 64)};
    body.finish();
    auto json = co_await create(*req.db, config, Viewer::of(who), in);
    auto res = http::Response::json(201, json);
    res.headers.emplace_back("Location", "/api/v1/communities/" + in.slug);
    co_return res;
  });

  router.add("GET", "/api/v1/communities", [&](http::Request& req) -> Task<http::Response> {
    const auto sort = content::choice_param(req, "sort", {"members", "new"}, "members");
    const int limit = content::page_limit(req, 25, 100);
    const auto after = content::typed_cursor_param(req, {content::CursorField::int32, content::CursorField::id});
    auto who = co_await accounts::optional_user(req, accounts);
    auto v = Viewer::of(who);
    auto page = co_await repo::list(*req.db, v.id, v.admin, sort, after, limit);
    co_return http::Response::json(200, content::render_page(page.items, page.last_key));
  });

  router.add("GET", "/api/v1/communities/{slug}", [&](http::Request& req) -> Task<http::Response> {
    auto who = co_await accounts::optional_user(req, accounts);
    auto v = Viewer::of(who);
    auto json = co_await get(*req.db, v, slug_of(req));
    co_return http::Response::json(200, std::move(json));
  });

  router.add("PATCH", "/api/v1/communities/{slug}", [&](http::Request& req) -> Task<http::Response> {
    auto who = co_await accounts::require_user(req, accounts);
    auto body = body_of(req);
    repo::Changes changes{body.optional_string("name", 1024), body.optional_string("description", 100'000),
                          body.optional_string("rules", 100'000), body.optional_string("visibility", 64)};
    body.finish();
    auto json = co_await update(*req.db, Viewer::of(who), slug_of(req), changes);
    co_return http::Response::json(200, std::move(json));
  });

  router.add("POST", "/api/v1/communities/{slug}/join", [&](http::Request& req) -> Task<http::Response> {
    auto who = co_await accounts::require_user(req, accounts);
    auto role = co_await join(*req.db, Viewer::of(who), slug_of(req));
    co_return http::Response::json(200, "{\"role\":" + json_text::quote(role) + "}");
  });

  router.add(
      "POST", "/api/v1/communities/{slug}/leave",
      [&](http::Request& req) -> Task<http::Response> {
        auto who = co_await accounts::require_user(req, accounts);
        co_await leave(*req.db, Viewer::of(who), slug_of(req));
        co_return http::Response::no_content();
      },
      http::RouteOptions{.open_to_suspended = true});

  router.add("GET", "/api/v1/communities/{slug}/members", [&](http::Request& req) -> Task<http::Response> {
    const int limit = content::page_limit(req, 50, 200);
    const auto after = content::typed_cursor_param(req, {content::CursorField::id});
    auto who = co_await accounts::optional_user(req, accounts);
    auto v = Viewer::of(who);
    auto c = co_await readable_community(*req.db, slug_of(req), v);
    auto page = co_await repo::members(*req.db, c.id, after, limit);
    co_return http::Response::json(200, content::render_page(page.items, page.last_key));
  });

  router.add("PUT", "/api/v1/communities/{slug}/members/{username}", [&](http::Request& req) -> Task<http::Response> {
    auto who = co_await accounts::require_user(req, accounts);
    auto body = body_of(req);
    auto role = body.required_string("role", 64);
    body.finish();
    co_await set_member(*req.db, Viewer::of(who), slug_of(req), std::string(req.param("username")), role);
    co_return http::Response::no_content();
  });

  router.add("DELETE", "/api/v1/communities/{slug}/members/{username}",
             [&](http::Request& req) -> Task<http::Response> {
               auto who = co_await accounts::require_user(req, accounts);
               co_await remove_member(*req.db, Viewer::of(who), slug_of(req), std::string(req.param("username")));
               co_return http::Response::no_content();
             });
}

}  // namespace agora::communities
