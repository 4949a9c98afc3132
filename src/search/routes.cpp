#include "search/routes.hpp"

#include "accounts/auth.hpp"
#include "communities/access.hpp"
#include "content/paging.hpp"
#include "core/json_body.hpp"
#include "core/utf8.hpp"
#include "posts/routes.hpp"
#include "ratelimit/limiter.hpp"
#include "search/semantic.hpp"
#include "search/text_search.hpp"
#include "search/time_param.hpp"

namespace agora::search {
namespace {

Filters viewer_filters(const communities::Viewer& v) {
  Filters f;
  f.viewer_id = v.id;
  f.viewer_admin = v.admin;
  return f;
}

// community=slug and author=username: 404 when there is no such (readable) one.
Task<void> add_named_filters(http::Request& req, const communities::Viewer& v, Filters& f) {
  if (auto slug = req.query_param("community")) {
    std::string s = *slug;
    for (auto& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
    auto c = co_await communities::readable_community(*req.db, s, v);
    f.community_id = c.id;
  }
  if (auto author = req.query_param("author")) {
    if (author->empty() || author->size() > 64) throw Problem::not_found("No user with this name.");
    auto r = co_await req.db->query("SELECT id FROM users WHERE lower(username) = lower($1)", db::Params(*author));
    if (r.empty()) throw Problem::not_found("No user with this name.");
    f.author_id = r.int64(0, 0);
  }
  f.since = time_param(req, "since");
  f.until = time_param(req, "until");
}

}  // namespace

void add_routes(http::Router& router, accounts::Service& accounts, embeddings::Encoder& encoder) {
  // GET /api/v1/search?q=…&mode=hybrid|semantic|text&type=posts|comments
  //   &community=slug&author=name&since=…&until=…&cursor=…&limit=…
  router.add("GET", "/api/v1/search", [&](http::Request& req) -> Task<http::Response> {
    auto text = req.query_param("q");
    if (!text || utf8::length(*text) > 256 || text->find_first_not_of(" \t\r\n\f\v") == std::string::npos)
      throw Problem::bad_request("Query parameter 'q' is required (1 to 256 characters, not only spaces).");
    const auto type = content::choice_param(req, "type", {"posts", "comments"}, "posts");
    auto mode = content::choice_param(req, "mode", {"hybrid", "semantic", "text"}, "hybrid");
    if (type == "comments") {
      if (req.query_param("mode") && mode != "text")
        throw Problem::bad_request("Semantic and hybrid search cover posts; search comments with mode=text.");
      mode = "text";
    }
    const int limit = content::page_limit(req, 20, 100);
    auto who = co_await accounts::optional_user(req, accounts);
    auto v = communities::Viewer::of(who);
    Filters f = viewer_filters(v);
    co_await add_named_filters(req, v, f);
    if (type == "comments") {
      SearchQuery q;
      q.text = *text;
      q.type = type;
      q.filters = f;
      q.limit = limit;
      q.after = content::typed_cursor_param(req, {content::CursorField::float4, content::CursorField::id});
      auto page = co_await text_search(*req.db, q);
      co_return http::Response::json(200, content::render_page(page.items, page.last_key));
    }
    ModeQuery q;
    q.text = *text;
    q.mode = mode;
    q.filters = f;
    q.limit = limit;
    q.after = content::typed_cursor_param(
        req, {mode == "text" ? content::CursorField::float4 : content::CursorField::float8, content::CursorField::id});
    co_return http::Response::json(200, co_await search_posts(*req.db, encoder, q));
  });

  // GET /api/v1/posts/{id}/related?limit=…: posts nearest in meaning.
  router.add("GET", "/api/v1/posts/{id}/related", [&](http::Request& req) -> Task<http::Response> {
    const auto id = posts::id_param(req, "id");
    const int limit = content::page_limit(req, 5, 20);
    auto who = co_await accounts::optional_user(req, accounts);
    auto v = communities::Viewer::of(who);
    auto p = co_await communities::readable_post(*req.db, id, v);
    if (p.state != "visible") co_return http::Response::json(200, "{\"items\":[]}");
    co_return http::Response::json(200, co_await related_posts(*req.db, encoder, id, viewer_filters(v), limit));
  });

  // POST /api/v1/posts/similar {title, body?, limit?}: existing posts like a
  // draft, for the compose page's duplicate suggestions.
  router.add("POST", "/api/v1/posts/similar", [&](http::Request& req) -> Task<http::Response> {
    auto who = co_await accounts::require_user(req, accounts);
    auto v = communities::Viewer::of(who);
    auto body = JsonBody::parse(req.header("content-type").value_or(""), req.body);
    auto title = body.required_string("title", 4000);
    auto text = body.optional_string("body", 200'000).value_or("");
    auto limit = body.optional_int("limit").value_or(5);
    body.finish();
    std::vector<FieldError> errors;
    if (utf8::length(title) > 300) errors.push_back({"title", "must be at most 300 characters"});
    if (utf8::length(text) > 40'000) errors.push_back({"body", "must be at most 40000 characters"});
    if (limit < 1 || limit > 20) errors.push_back({"limit", "must be 1 to 20"});
    if (!errors.empty()) throw Problem::validation(std::move(errors));
    // A model run per call: bounded per user (a composer calls it as they type, debounced).
    co_await ratelimit::hit(*req.db, "user:similar:" + std::to_string(v.id), {120, 600});
    co_return http::Response::json(
        200, co_await similar_posts(*req.db, encoder, title, text, viewer_filters(v), int(limit)));
  });
}

}  // namespace agora::search
