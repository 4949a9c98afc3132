#include "ai/tokenizer.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>

#include "ai/codepoints.hpp"
#include "ai/nfkc.hpp"

namespace agora::ai {
namespace {

constexpr char32_t kWordBoundary = U'\u2581';  // "▁"

}  // namespace

Tokenizer::Tokenizer(std::vector<Piece> vocabulary) : pieces_(std::move(vocabulary)) {
  if (pieces_.size() <= static_cast<std::size_t>(kReserved) || pieces_[kUnknown].text.empty()) {
    throw std::invalid_argument(
        "vocabulary: expected reserved ids 0..5 (an unknown piece first) and pieces after them");
  }
  utf16_length_.reserve(pieces_.size());
  for (const Piece& p : pieces_) {
    std::int32_t n = 0;
    for (const char32_t c : p.text) n += c >= 0x10000 ? 2 : 1;
    utf16_length_.push_back(n);
  }
  // Built with maps, then flattened into sorted vectors for lookups.
  std::vector<std::map<char32_t, std::int32_t>> building(1);
  trie_.resize(1);
  for (std::size_t id = kReserved; id < pieces_.size(); ++id) {
    const Piece& p = pieces_[id];
    if (p.text.empty()) continue;  // the reference's trie marks nothing for an empty piece
    std::int32_t node = 0;
    for (const char32_t c : p.text) {
      auto [it, added] = building[node].try_emplace(c, static_cast<std::int32_t>(trie_.size()));
      if (added) {
        building.emplace_back();
        trie_.emplace_back();
      }
      node = it->second;
    }
    trie_[node].id = static_cast<std::int32_t>(id);  // a repeated piece: the last one wins, as in the reference
    trie_[node].score = p.score;
  }
  for (std::size_t n = 0; n < trie_.size(); ++n) trie_[n].children.assign(building[n].begin(), building[n].end());
}

std::int32_t Tokenizer::child(std::int32_t node, char32_t c) const {
  const auto& kids = trie_[node].children;
  const auto it = std::lower_bound(kids.begin(), kids.end(), c,
                                   [](const std::pair<char32_t, std::int32_t>& k, char32_t v) { return k.first < v; });
  return it != kids.end() && it->first == c ? it->second : -1;
}

std::vector<std::int32_t> Tokenizer::encode(std::string_view utf8) const {
  const std::u32string normalized = nfkc(to_code_points(utf8));
  if (normalized.empty()) return {};
  std::u32string symbols;
  symbols.reserve(normalized.size() + 1);
  symbols.push_back(kWordBoundary);
  for (const char32_t c : normalized) symbols.push_back(c == U' ' ? kWordBoundary : c);
  const std::size_t n = symbols.size();

  // Every candidate (start, end, id, score), found start by start.
  struct Candidate {
    std::size_t start, end;
    std::int32_t id;
    double score;
  };
  std::vector<Candidate> found;
  found.reserve(n * 4);
  for (std::size_t start = 0; start < n; ++start) {
    bool any = false;
    std::int32_t node = 0;
    for (std::size_t end = start; end < n && (node = child(node, symbols[end])) >= 0; ++end) {
      if (trie_[node].id < 0) continue;
      found.push_back({start, end + 1, trie_[node].id, trie_[node].score});
      any = true;
    }
    if (!any) found.push_back({start, start + 1, kUnknown, 0.0});
  }
  // The reference visits them by end position, and by start (ascending)
  // within one end: a counting sort by end keeps the start order.
  std::vector<std::size_t> first(n + 2, 0);
  for (const Candidate& c : found) ++first[c.end + 1];
  for (std::size_t e = 1; e < first.size(); ++e) first[e] += first[e - 1];
  std::vector<const Candidate*> by_end(found.size());
  for (const Candidate& c : found) by_end[first[c.end]++] = &c;

  std::vector<double> best(n + 1, 0.0);
  std::vector<std::int32_t> words(n + 1, kUnknown);
  for (const Candidate* c : by_end) {
    const double score = c->score + best[c->start];
    if (best[c->end] == 0 || score >= best[c->end]) {
      best[c->end] = score;
      words[c->end] = c->id;
    }
  }

  std::vector<std::int32_t> ids;
  for (auto at = static_cast<std::ptrdiff_t>(n); at > 0; at -= utf16_length_[words[at]]) {
    const std::int32_t id = words[at];
    if (id == kUnknown && !ids.empty() && ids.back() == kUnknown) continue;  // one id for a run of unknowns
    ids.push_back(id);
  }
  std::reverse(ids.begin(), ids.end());
  return ids;
}

}  // namespace agora::ai
