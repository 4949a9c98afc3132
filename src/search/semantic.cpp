#include "search/semantic.hpp"

#include <boost/json/serialize.hpp>
#include <charconv>
#include <cstdio>
#include <unordered_map>

#include "content/paging.hpp"
#include "core/errors.hpp"
#include "core/log.hpp"
#include "embeddings/document.hpp"
#include "search/highlight.hpp"
#include "search/ranking.hpp"
#include "search/related_cache.hpp"
#include "search/text_search.hpp"

namespace agora::search {
namespace {

std::string with_mode(std::string page, const std::string& mode, const std::string& warning) {
  page.pop_back();  // the closing brace
  page += ",\"mode\":\"" + mode + "\"";
  if (!warning.empty()) page += ",\"warning\":" + boost::json::serialize(boost::json::value(warning));
  return page + "}";
}

std::string exact(double score) {
  char buf[32];
  (void)std::snprintf(buf, sizeof buf, "%.17g", score);
  return buf;
}

// The page after `after` (score, id) of a list sorted best first.
std::vector<Hit> page_after(const std::vector<Hit>& ranked, const std::vector<std::string>& after, int limit,
                            bool& more) {
  std::size_t start = 0;
  if (!after.empty()) {
    const double score = std::stod(after[0]);
    const std::int64_t id = std::stoll(after[1]);
    while (start < ranked.size() &&
           (ranked[start].score > score || (ranked[start].score == score && ranked[start].post_id >= id)))
      ++start;
  }
  const auto end = std::min(ranked.size(), start + std::size_t(limit));
  more = end < ranked.size();
  return {ranked.begin() + std::ptrdiff_t(start), ranked.begin() + std::ptrdiff_t(end)};
}

Task<std::string> text_mode(db::Queryable& db, const ModeQuery& q, const std::string& warning) {
  SearchQuery t;
  t.text = q.text;
  t.filters = q.filters;
  t.limit = q.limit;
  // A semantic cursor (score, id) means nothing to the text ranking: start over.
  if (q.mode == "text") t.after = q.after;
  auto page = co_await text_search(db, t);
  co_await add_highlights(db, q.text, page.items);
  co_return with_mode(content::render_page(page.items, page.last_key), "text", warning);
}

// pgvector's text form "[0.1,-0.2,…]" back to numbers.
std::vector<float> parse_vector(std::string_view text) {
  std::vector<float> out;
  std::size_t at = 1;
  while (at < text.size()) {
    float x = 0;
    const auto r = std::from_chars(text.data() + at, text.data() + text.size(), x);
    if (r.ec != std::errc()) throw std::runtime_error("a stored vector is not pgvector's text form");
    out.push_back(x);
    at = std::size_t(r.ptr - text.data()) + 1;  // past the comma (or the closing bracket)
  }
  return out;
}

RelatedCache& related_cache() {
  static RelatedCache cache;
  return cache;
}

constexpr const char* kUnavailable = "Semantic search is unavailable right now; these results match your words only.";

}  // namespace

Task<std::string> search_posts(db::Queryable& db, embeddings::Encoder& encoder, const ModeQuery& q) {
  if (q.mode == "text") co_return co_await text_mode(db, q, "");
  if (!encoder.available()) co_return co_await text_mode(db, q, kUnavailable);
  std::vector<float> vector;
  embeddings::Model model;
  bool failed = false;
  try {
    model = encoder.model();
    vector = co_await encoder.query_vector(q.text);
  } catch (const std::exception& e) {
    log::warn("query embedding failed; answering with text search", {{"error.message", e.what()}});
    failed = true;
  }
  if (failed) co_return co_await text_mode(db, q, kUnavailable);
  std::vector<Hit> ranked = co_await vector_candidates(db, model, vector, q.filters, kMaxCandidates);
  if (q.mode == "hybrid") {
    const auto text = co_await text_candidates(db, q.text, q.filters, kMaxCandidates);
    const std::vector<std::vector<Hit>> lists{text, ranked};
    ranked = fuse(lists);
  }
  bool more = false;
  const auto page = page_after(ranked, q.after, q.limit, more);
  std::vector<std::int64_t> ids;
  ids.reserve(page.size());
  for (const auto& h : page) ids.push_back(h.post_id);
  auto items = json_only(co_await posts_json(db, ids, q.filters));
  co_await add_highlights(db, q.text, items);
  std::vector<std::string> last_key;
  if (more && !page.empty()) last_key = {exact(page.back().score), std::to_string(page.back().post_id)};
  co_return with_mode(content::render_page(items, last_key), q.mode, "");
}

Task<std::string> related_posts(db::Queryable& db, embeddings::Encoder& encoder, std::int64_t post_id,
                                const Filters& viewer, int limit) {
  if (!encoder.available()) co_return std::string("{\"items\":[]}");
  const auto model = encoder.model();
  auto r = co_await db.query(
      "SELECT embedding::text, encode(digest, 'hex') FROM embeddings "
      "WHERE model = $1 AND target_kind = 'post' AND target_id = $2",
      db::Params(model.name, post_id));
  if (r.empty()) co_return std::string("{\"items\":[]}");
  // Guests (most readers) share one list per post and text version: an edit
  // changes the digest and so the key. Signed-in readers may see private
  // communities, so theirs is computed each time. Either way the posts are
  // re-read through the viewer's filters, so a cached id of a post removed
  // since is never shown.
  const bool guest = viewer.viewer_id == 0 && !viewer.viewer_admin;
  const auto key = std::to_string(post_id) + ":" + r.string(0, 1) + ":" + std::to_string(limit);
  std::vector<std::int64_t> ids;
  if (!(guest && related_cache().get(key, ids))) {
    const auto vector = parse_vector(r.text(0, 0));
    Filters f = viewer;
    f.exclude_post = post_id;
    for (const auto& h : co_await vector_candidates(db, model, vector, f, limit)) ids.push_back(h.post_id);
    if (guest) related_cache().put(key, ids);
  }
  std::string out = "{\"items\":[";
  const auto posts = co_await posts_json(db, ids, viewer);
  for (std::size_t i = 0; i < posts.size(); ++i) out += (i ? "," : "") + posts[i].second;
  co_return out + "]}";
}

Task<std::string> similar_posts(db::Queryable& db, embeddings::Encoder& encoder, const std::string& title,
                                const std::string& body, const Filters& viewer, int limit) {
  if (!encoder.available()) co_return std::string("{\"items\":[]}");
  const auto model = encoder.model();
  embeddings::PostText draft;
  draft.title = title;
  draft.body_markdown = body;
  // A draft is being typed: its first chunks say what it is about, quickly.
  std::vector<float> vector;
  try {
    vector = co_await encoder.document_vector(embeddings::post_document(draft), 4);
  } catch (const std::exception& e) {
    // Nothing to fall back to (suggestions are by meaning only): a 503 the
    // compose page can ignore, not a 500.
    throw Unavailable(std::string("the embedder failed: ") + e.what(), 5);
  }
  const auto hits = co_await vector_candidates(db, model, vector, viewer, limit);
  std::vector<std::int64_t> ids;
  std::vector<double> scores;
  for (const auto& h : hits) {
    if (h.score < kSimilarFloor) break;
    ids.push_back(h.post_id);
    scores.push_back(h.score);
  }
  std::unordered_map<std::int64_t, double> score_of;
  for (std::size_t i = 0; i < ids.size(); ++i) score_of[ids[i]] = scores[i];
  const auto posts = co_await posts_json(db, ids, viewer);
  std::string out = "{\"items\":[";
  for (std::size_t i = 0; i < posts.size(); ++i) {
    char score[16];
    (void)std::snprintf(score, sizeof score, "%.4f", score_of[posts[i].first]);
    out += (i ? "," : "") + std::string("{\"post\":") + posts[i].second + ",\"similarity\":" + score + "}";
  }
  co_return out + "]}";
}

}  // namespace agora::search
