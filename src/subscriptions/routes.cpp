#include "subscriptions/routes.hpp"

#include "analytics/events.hpp"

#include "accounts/auth.hpp"
#include "communities/access.hpp"
#include "communities/service.hpp"
#include "content/paging.hpp"
#include "content/rules.hpp"
#include "core/json_body.hpp"
#include "core/json_text.hpp"
#include "posts/routes.hpp"
#include "subscriptions/repo.hpp"

namespace agora::subscriptions {
namespace {

std::string level_of(const http::Request& req) {
  std::optional<std::string> level;
  if (!req.body.empty()) {
    auto body = JsonBody::parse(req.header("content-type").value_or(""), req.body);
    level = body.optional_string("level", 64);
    body.finish();
  }
  content::FieldRules().one_of("level", level, {"all", "replies", "muted"}).enforce();
  return level.value_or("replies");
}

http::Response level_json(const std::string& level) {
  return http::Response::json(200, "{\"level\":" + json_text::quote(level) + "}");
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// What a subscription points at, after the read check: 404 when the viewer
// cannot see it (a private community, a post in one).
Task<std::int64_t> target_of(http::Request& req, const std::string& kind, const communities::Viewer& v) {
  if (kind == "community") {
    auto c = co_await communities::readable_community(*req.db, lower(req.param("slug")), v);
    co_return c.id;
  }
  if (kind == "post") {
    auto p = co_await communities::readable_post(*req.db, posts::id_param(req), v);
    co_return p.post_id;
  }
  const auto id = co_await communities::user_id_of(*req.db, std::string(req.param("username")));
  if (id == v.id) throw Problem::conflict("You cannot follow yourself.");
  co_return id;
}

}  // namespace

void add_routes(http::Router& router, accounts::Service& accounts) {
  for (auto [kind, path] : {std::pair{"community", "/api/v1/communities/{slug}/subscription"},
                            std::pair{"post", "/api/v1/posts/{id}/subscription"},
                            std::pair{"user", "/api/v1/users/{username}/subscription"}}) {
    router.add("PUT", path, [&accounts, kind = std::string(kind)](http::Request& req) -> Task<http::Response> {
      auto who = co_await accounts::require_user(req, accounts);
      const auto level = level_of(req);
      auto v = communities::Viewer::of(who);
      const auto target = co_await target_of(req, kind, v);
      auto tx = co_await req.db->begin();
      co_await repo::upsert(tx, v.id, kind, target, level);
      const analytics::Event event{.name = "subscription", .user_id = v.id};
      co_await analytics::record(tx, event, v.trace_id);
      co_await tx.commit();
      co_return level_json(level);
    });
    router.add(
        "DELETE", path,
        [&accounts, kind = std::string(kind)](http::Request& req) -> Task<http::Response> {
          auto who = co_await accounts::require_user(req, accounts);
          auto v = communities::Viewer::of(who);
          const auto target = co_await target_of(req, kind, v);
          co_await repo::remove(*req.db, v.id, kind, target);
          co_return http::Response::no_content();
        },
        http::RouteOptions{.open_to_suspended = true});
  }

  router.add("GET", "/api/v1/me/subscriptions", [&](http::Request& req) -> Task<http::Response> {
    const auto kind = content::choice_param(req, "kind", {"community", "post", "user"}, "community");
    const int limit = content::page_limit(req, 50, 200);
    const auto after = content::typed_cursor_param(req, {content::CursorField::id});
    auto who = co_await accounts::require_user(req, accounts);
    auto page = co_await repo::list(*req.db, who.user.id, kind, after, limit);
    co_return http::Response::json(200, content::render_page(page.items, page.last_key));
  });
}

}  // namespace agora::subscriptions
