#include "search/routes.hpp"

#include "accounts/auth.hpp"
#include "communities/access.hpp"
#include "content/paging.hpp"
#include "core/utf8.hpp"
#include "search/text_search.hpp"

namespace agora::search {

void add_routes(http::Router& router, accounts::Service& accounts) {
  // GET /api/v1/search?q=…&type=posts|comments&community=slug&cursor=…&limit=…
  router.add("GET", "/api/v1/search", [&](http::Request& req) -> Task<http::Response> {
    SearchQuery q;
    auto text = req.query_param("q");
    if (!text || text->empty() || utf8::length(*text) > 256)
      throw Problem::bad_request("Query parameter 'q' is required (1 to 256 characters).");
    q.text = *text;
    q.type = content::choice_param(req, "type", {"posts", "comments"}, "posts");
    q.limit = content::page_limit(req, 20, 100);
    q.after = content::typed_cursor_param(req, {content::CursorField::float4, content::CursorField::id});
    auto who = co_await accounts::optional_user(req, accounts);
    auto v = communities::Viewer::of(who);
    q.viewer_id = v.id;
    q.viewer_admin = v.admin;
    if (auto slug = req.query_param("community")) {
      std::string s = *slug;
      for (auto& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
      auto c = co_await communities::readable_community(*req.db, s, v);
      q.community_id = c.id;
    }
    auto page = co_await text_search(*req.db, q);
    co_return http::Response::json(200, content::render_page(page.items, page.last_key));
  });
}

}  // namespace agora::search
