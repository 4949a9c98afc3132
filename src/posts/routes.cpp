#include "posts/routes.hpp"

#include <memory>

#include <boost/json/serialize.hpp>

#include "accounts/auth.hpp"
#include "content/markdown.hpp"
#include "content/paging.hpp"
#include "content/rules.hpp"
#include "core/json_body.hpp"
#include "ratelimit/limiter.hpp"

namespace agora::posts {
namespace {

JsonBody body_of(const http::Request& req) {
  return JsonBody::parse(req.header("content-type").value_or(""), req.body);
}

// Moderator actions that take an optional reason and nothing else.
std::string reason_of(const http::Request& req) {
  if (req.body.empty()) return {};
  auto body = body_of(req);
  auto reason = body.optional_string("reason", 4000).value_or("");
  body.finish();
  return reason;
}

bool flag_of(const http::Request& req, const char* field) {
  auto body = body_of(req);
  auto v = body.optional_bool(field);
  if (!v) body.required_string(field);  // reports "is required" or the type error
  body.finish();
  return v.value_or(false);
}

}  // namespace

std::int64_t id_param(const http::Request& req, std::string_view name) {
  std::int64_t id = 0;
  if (!content::parse_id(req.param(name), id)) throw Problem::not_found("No resource with this id.");
  return id;
}

void add_routes(http::Router& router, accounts::Service& accounts, const Config& config) {
  auto svc = std::make_shared<Service>(config);
  using communities::Viewer;

  router.add("POST", "/api/v1/communities/{slug}/posts", [&accounts, svc](http::Request& req) -> Task<http::Response> {
    auto who = co_await accounts::require_user(req, accounts);
    auto body = body_of(req);
    PostInput in{body.required_string("title", 4000), body.optional_string("body", 200'000),
                 body.optional_string_array("tags", 64, 256)};
    body.finish();
    std::string slug(req.param("slug"));
    for (auto& ch : slug) ch = char(std::tolower(static_cast<unsigned char>(ch)));
    auto [id, json] = co_await svc->create(*req.db, Viewer::of(who), slug, in);
    auto res = http::Response::json(201, std::move(json));
    res.headers.emplace_back("Location", "/api/v1/posts/" + std::to_string(id));
    co_return res;
  });

  // POST /api/v1/markdown/preview {body}: the compose page's preview, by the
  // renderer and rules a stored body goes through, so what people see before
  // posting is what they get. Signed-in only and bounded: rendering costs CPU.
  router.add("POST", "/api/v1/markdown/preview", [&accounts](http::Request& req) -> Task<http::Response> {
    auto who = co_await accounts::require_user(req, accounts);
    auto body = body_of(req);
    std::optional<std::string> text = body.required_string("body", 200'000);
    body.finish();
    content::FieldRules rules;
    rules.text("body", text, 0, 40000).markdown("body", text);
    rules.enforce();
    co_await ratelimit::hit(*req.db, "user:preview:" + std::to_string(who.user.id), {300, 600});
    const auto rendered = co_await content::render_for_write(*text, "body");
    co_return http::Response::json(200, "{\"html\":" + boost::json::serialize(boost::json::value(rendered.html)) + "}");
  });

  router.add("GET", "/api/v1/posts/{id}", [&accounts, svc](http::Request& req) -> Task<http::Response> {
    const auto id = id_param(req);
    auto who = co_await accounts::optional_user(req, accounts);
    auto v = Viewer::of(who);
    auto json = co_await svc->get(*req.db, v, id);
    co_return http::Response::json(200, std::move(json));
  });

  router.add("PATCH", "/api/v1/posts/{id}", [&accounts, svc](http::Request& req) -> Task<http::Response> {
    const auto id = id_param(req);
    auto who = co_await accounts::require_user(req, accounts);
    auto body = body_of(req);
    auto title = body.optional_string("title", 4000);
    auto text = body.optional_string("body", 200'000);
    auto tags = body.optional_string_array("tags", 64, 256);
    body.finish();
    auto json = co_await svc->edit(*req.db, Viewer::of(who), id, title, text, tags);
    co_return http::Response::json(200, std::move(json));
  });

  router.add("DELETE", "/api/v1/posts/{id}", [&accounts, svc](http::Request& req) -> Task<http::Response> {
    const auto id = id_param(req);
    auto who = co_await accounts::require_user(req, accounts);
    co_await svc->remove_own(*req.db, Viewer::of(who), id);
    co_return http::Response::no_content();
  });

  router.add("GET", "/api/v1/posts/{id}/revisions", [&accounts, svc](http::Request& req) -> Task<http::Response> {
    const auto id = id_param(req);
    const int limit = content::page_limit(req, 20, 100);
    const auto after = content::typed_cursor_param(req, {content::CursorField::id});
    auto who = co_await accounts::optional_user(req, accounts);
    auto v = Viewer::of(who);
    auto json = co_await svc->revisions(*req.db, v, id, after, limit);
    co_return http::Response::json(200, std::move(json));
  });

  for (const char* action : {"remove", "restore"}) {
    router.add("POST", std::string("/api/v1/posts/{id}/") + action,
               [&accounts, svc, action = std::string(action)](http::Request& req) -> Task<http::Response> {
                 const auto id = id_param(req);
                 auto who = co_await accounts::require_user(req, accounts);
                 const auto reason = reason_of(req);
                 auto json = co_await svc->moderate(*req.db, Viewer::of(who), id, action, reason);
                 co_return http::Response::json(200, std::move(json));
               });
  }
  for (auto [path, field, on, off] :
       {std::tuple{"lock", "locked", "lock", "unlock"}, std::tuple{"pin", "pinned", "pin", "unpin"}}) {
    router.add("POST", std::string("/api/v1/posts/{id}/") + path,
               [&accounts, svc, field = std::string(field), on = std::string(on),
                off = std::string(off)](http::Request& req) -> Task<http::Response> {
                 const auto id = id_param(req);
                 auto who = co_await accounts::require_user(req, accounts);
                 const bool flag = flag_of(req, field.c_str());
                 const std::string action = flag ? on : off;
                 auto json = co_await svc->moderate(*req.db, Viewer::of(who), id, action, "");
                 co_return http::Response::json(200, std::move(json));
               });
  }
}

}  // namespace agora::posts
