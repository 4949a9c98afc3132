#include "feeds/routes.hpp"

#include "accounts/auth.hpp"
#include "communities/access.hpp"
#include "content/paging.hpp"
#include "feeds/query.hpp"

namespace agora::feeds {

void add_routes(http::Router& router, accounts::Service& accounts) {
  // GET /api/v1/feed?scope=all|home|community&community=slug&sort=hot|new|top&t=…&cursor=…&limit=…
  router.add("GET", "/api/v1/feed", [&](http::Request& req) -> Task<http::Response> {
    FeedQuery q;
    q.scope = content::choice_param(req, "scope", {"all", "home", "community"}, "all");
    q.sort = content::choice_param(req, "sort", {"hot", "new", "top"}, "hot");
    q.window = content::choice_param(req, "t", {"day", "week", "month", "year", "all"}, "all");
    q.limit = content::page_limit(req, 25, 100);
    // The first cursor field is the sort key: microseconds (new), score
    // (top) or the hot rank.
    const auto key = q.sort == "new"   ? content::CursorField::micros
                     : q.sort == "top" ? content::CursorField::int32
                                       : content::CursorField::float8;
    q.after = content::typed_cursor_param(req, {key, content::CursorField::id});
    auto community = req.query_param("community");
    if (q.scope == "community" && (!community || community->empty()))
      throw Problem::bad_request("scope=community needs the 'community' query parameter (its slug).");
    if (q.scope != "community" && community)
      throw Problem::bad_request("The 'community' query parameter goes with scope=community.");

    auto who = co_await accounts::optional_user(req, accounts);
    auto v = communities::Viewer::of(who);
    if (q.scope == "home" && !v.signed_in()) throw Problem::unauthorized("The home feed needs a signed-in user.");
    q.viewer_id = v.id;
    q.viewer_admin = v.admin;
    if (q.scope == "community") {
      std::string slug = *community;
      for (auto& c : slug) c = char(std::tolower(static_cast<unsigned char>(c)));
      auto c = co_await communities::readable_community(*req.db, slug, v);
      q.community_id = c.id;
    }
    auto page = co_await feed(*req.db, q);
    co_return http::Response::json(200, content::render_page(page.items, page.last_key));
  });
}

}  // namespace agora::feeds
