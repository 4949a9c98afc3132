#include "notifications/routes.hpp"

#include "accounts/auth.hpp"
#include "content/paging.hpp"
#include "core/json_body.hpp"
#include "notifications/repo.hpp"
#include "posts/routes.hpp"

namespace agora::notifications {

void add_routes(http::Router& router, accounts::Service& accounts) {
  router.add("GET", "/api/v1/notifications", [&](http::Request& req) -> Task<http::Response> {
    const int limit = content::page_limit(req, 25, 100);
    const auto after = content::typed_cursor_param(req, {content::CursorField::id});
    const auto unread = content::choice_param(req, "unread", {"true", "false"}, "false") == "true";
    auto who = co_await accounts::require_user(req, accounts);
    auto page = co_await repo::list(*req.db, who.user.id, unread, after, limit);
    co_return http::Response::json(200, content::render_page(page.items, page.last_key));
  });

  router.add("GET", "/api/v1/notifications/unread-count", [&](http::Request& req) -> Task<http::Response> {
    auto who = co_await accounts::require_user(req, accounts);
    const auto n = co_await repo::unread_count(*req.db, who.user.id);
    co_return http::Response::json(200, "{\"unread\":" + std::to_string(n) + "}");
  });

  router.add(
      "POST", "/api/v1/notifications/{id}/read",
      [&](http::Request& req) -> Task<http::Response> {
        const auto id = posts::id_param(req);
        auto who = co_await accounts::require_user(req, accounts);
        const bool mine = co_await repo::mark_read(*req.db, who.user.id, id);
        if (!mine) throw Problem::not_found("No notification with this id.");
        co_return http::Response::no_content();
      },
      http::RouteOptions{.open_to_suspended = true});

  router.add(
      "POST", "/api/v1/notifications/read-all",
      [&](http::Request& req) -> Task<http::Response> {
        auto who = co_await accounts::require_user(req, accounts);
        std::int64_t up_to = 0;
        if (!req.body.empty()) {
          auto body = JsonBody::parse(req.header("content-type").value_or(""), req.body);
          auto v = body.optional_int("up_to_id");
          body.finish();
          if (v && *v < 0) throw Problem::validation({{"up_to_id", "must not be negative"}});
          up_to = v.value_or(0);
        }
        const auto n = co_await repo::mark_all_read(*req.db, who.user.id, up_to);
        co_return http::Response::json(200, "{\"marked\":" + std::to_string(n) + "}");
      },
      http::RouteOptions{.open_to_suspended = true});
}

}  // namespace agora::notifications
