#include "profiles/routes.hpp"

#include "accounts/auth.hpp"
#include "communities/access.hpp"
#include "communities/service.hpp"
#include "content/paging.hpp"
#include "content/rules.hpp"
#include "core/json_body.hpp"
#include "profiles/repo.hpp"
#include "uploads/repo.hpp"

namespace agora::profiles {

bool media_url_shape(const std::string& url) {
  const std::string prefix = "/media/";
  if (url.rfind(prefix, 0) != 0) return false;
  const auto name = url.substr(prefix.size());
  const auto dot = name.find('.');
  if (dot != 64) return false;
  for (std::size_t i = 0; i < 64; ++i) {
    const char c = name[i];
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  const auto ext = name.substr(65);
  return ext == "png" || ext == "jpg" || ext == "gif" || ext == "webp";
}

void add_routes(http::Router& router, accounts::Service& accounts) {
  router.add("GET", "/api/v1/users/{username}", [&](http::Request& req) -> Task<http::Response> {
    auto who = co_await accounts::optional_user(req, accounts);
    auto v = communities::Viewer::of(who);
    auto json = co_await repo::profile(*req.db, std::string(req.param("username")), v.id);
    if (!json) throw Problem::not_found("No user with this name.");
    co_return http::Response::json(200, std::move(*json));
  });

  for (const char* what : {"posts", "comments"}) {
    router.add("GET", std::string("/api/v1/users/{username}/") + what,
               [&accounts, what = std::string(what)](http::Request& req) -> Task<http::Response> {
                 const int limit = content::page_limit(req, 25, 100);
                 const auto after = content::typed_cursor_param(req, {content::CursorField::id});
                 auto who = co_await accounts::optional_user(req, accounts);
                 auto v = communities::Viewer::of(who);
                 const auto author = co_await communities::user_id_of(*req.db, std::string(req.param("username")));
                 repo::Page page;
                 if (what == "posts") page = co_await repo::posts_by(*req.db, author, v.id, v.admin, after, limit);
                 else page = co_await repo::comments_by(*req.db, author, v.id, v.admin, after, limit);
                 co_return http::Response::json(200, content::render_page(page.items, page.last_key));
               });
  }

  router.add("GET", "/api/v1/me/settings", [&](http::Request& req) -> Task<http::Response> {
    auto who = co_await accounts::require_user(req, accounts);
    auto json = co_await repo::settings(*req.db, who.user.id);
    co_return http::Response::json(200, std::move(json));
  });

  router.add("PATCH", "/api/v1/me/settings", [&](http::Request& req) -> Task<http::Response> {
    auto who = co_await accounts::require_user(req, accounts);
    auto body = JsonBody::parse(req.header("content-type").value_or(""), req.body);
    repo::Settings s{body.optional_string("display_name", 1024), body.optional_string("bio", 20'000),
                     body.optional_string("avatar_url", 1024)};
    body.finish();
    const bool clear_avatar = s.avatar_url && s.avatar_url->empty();
    content::FieldRules()
        .line("display_name", s.display_name, 0, 64)
        .text("bio", s.bio, 0, 2000)
        .check(!s.avatar_url || clear_avatar || media_url_shape(*s.avatar_url), "avatar_url",
               "must be the url of an image you uploaded (/media/…), or empty to remove it")
        .enforce();
    if (clear_avatar) s.avatar_url.reset();
    if (s.avatar_url) {
      const bool mine = co_await uploads::owned_by(*req.db, *s.avatar_url, who.user.id);
      if (!mine) throw Problem::validation({{"avatar_url", "must be the url of an image you uploaded"}});
    }
    co_await repo::update_settings(*req.db, who.user.id, s, clear_avatar);
    auto json = co_await repo::settings(*req.db, who.user.id);
    co_return http::Response::json(200, std::move(json));
  });
}

}  // namespace agora::profiles
