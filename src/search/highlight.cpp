#include "search/highlight.hpp"

#include <boost/json.hpp>
#include <unordered_map>

#include "content/plain_text.hpp"

namespace agora::search {
namespace json = boost::json;
namespace {

// Stored titles and bodies cannot hold control characters (content rules),
// but the markers must never come from the text itself.
std::string without_markers(std::string s) {
  std::erase_if(s, [](char c) { return c == kMatchStart || c == kMatchEnd; });
  return s;
}

}  // namespace

void mark_cuts(std::vector<Run>& runs, std::string_view whole) {
  std::string shown;
  for (const auto& r : runs) shown += r.text;
  if (shown.empty() || shown == whole) return;
  const auto first_gap = shown.find(kPassageGap);
  const auto last_gap = shown.rfind(kPassageGap);
  const std::string_view head = std::string_view(shown).substr(0, first_gap);
  const std::string_view tail = last_gap == std::string::npos
                                    ? std::string_view(shown)
                                    : std::string_view(shown).substr(last_gap + kPassageGap.size());
  if (!whole.starts_with(head)) runs.insert(runs.begin(), Run{"… ", false});
  if (!whole.ends_with(tail)) runs.push_back(Run{" …", false});
  // Merge what the inserts put next to runs of the same kind.
  std::vector<Run> merged;
  for (auto& r : runs) {
    if (!merged.empty() && merged.back().match == r.match) merged.back().text += r.text;
    else merged.push_back(std::move(r));
  }
  runs = std::move(merged);
}

namespace {

json::array runs_json(const std::vector<Run>& runs) {
  json::array out;
  for (const auto& r : runs) out.push_back(json::object{{"text", r.text}, {"match", r.match}});
  return out;
}

// Titles and short bodies (up to the 280 characters of a feed's excerpt):
// all of it, every match marked. Longer bodies: up to two passages of at
// most 30 words around the densest matches (the start of the text when
// nothing matches).
constexpr const char* kTitleOptions = "HighlightAll=true, StartSel=\x01, StopSel=\x02";
constexpr const char* kBodyOptions =
    "MaxFragments=2, MaxWords=30, MinWords=12, StartSel=\x01, StopSel=\x02, FragmentDelimiter=\" … \"";
static_assert(std::string_view(kBodyOptions).find(kPassageGap) != std::string_view::npos);

}  // namespace

std::vector<Run> runs_of(std::string_view marked) {
  std::vector<Run> out;
  bool match = false;
  std::size_t at = 0;
  const auto emit = [&](std::size_t end) {
    if (end == at) return;
    const auto piece = marked.substr(at, end - at);
    if (!out.empty() && out.back().match == match) out.back().text += piece;
    else out.push_back({std::string(piece), match});
  };
  for (std::size_t i = 0; i < marked.size(); ++i) {
    if (marked[i] != kMatchStart && marked[i] != kMatchEnd) continue;
    emit(i);
    match = marked[i] == kMatchStart;
    at = i + 1;
  }
  emit(marked.size());
  return out;
}

Task<void> add_highlights(db::Queryable& db, const std::string& query, std::vector<std::string>& items) {
  if (items.empty()) co_return;
  std::vector<json::object> posts;
  json::array ids;
  for (const auto& item : items) {
    posts.push_back(json::parse(item).as_object());
    ids.push_back(posts.back().at("id"));
  }
  auto stored = co_await db.query(
      "SELECT id, body_md FROM posts WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb)::bigint)",
      db::Params(json::serialize(ids)));
  std::unordered_map<std::int64_t, int> row_of;
  for (int i = 0; i < stored.rows(); ++i) row_of[stored.int64(i, 0)] = i;
  // Texts in pairs (title as shown, body as plain text), highlighted in one round trip.
  json::array texts;
  std::vector<std::string> bodies;
  for (const auto& p : posts) {
    const auto it = row_of.find(p.at("id").to_number<std::int64_t>());
    texts.emplace_back(without_markers(std::string(p.at("title").as_string())));
    if (it == row_of.end()) bodies.emplace_back();
    else bodies.push_back(content::one_line(without_markers(content::plain_text(stored.string(it->second, 1)))));
    texts.emplace_back(bodies.back());
  }
  auto marked = co_await db.query(
      "SELECT ts_headline('english', x.t, websearch_to_tsquery('english', $1), "
      "CASE WHEN x.n % 2 = 1 OR char_length(x.t) <= 280 THEN $3 ELSE $4 END) "
      "FROM jsonb_array_elements_text($2::jsonb) WITH ORDINALITY x(t, n) ORDER BY x.n",
      db::Params(query, json::serialize(texts), std::string(kTitleOptions), std::string(kBodyOptions)));
  for (std::size_t i = 0; i < posts.size(); ++i) {
    const auto title = runs_of(marked.string(int(2 * i), 0));
    auto excerpt = runs_of(marked.string(int(2 * i + 1), 0));
    mark_cuts(excerpt, bodies[i]);
    posts[i]["highlight"] = json::object{{"title", runs_json(title)}, {"excerpt", runs_json(excerpt)}};
    items[i] = json::serialize(posts[i]);
  }
}

}  // namespace agora::search
