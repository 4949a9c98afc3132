#include "ai/nfkc.hpp"

#include <algorithm>
#include <iterator>
#include <span>

#include "ai/nfkc_data.hpp"

namespace agora::ai {
namespace {

namespace data = nfkc_data;

// Hangul syllables decompose and compose by arithmetic (Unicode 3.12).
constexpr char32_t kSBase = 0xAC00, kLBase = 0x1100, kVBase = 0x1161, kTBase = 0x11A7;
constexpr char32_t kLCount = 19, kVCount = 21, kTCount = 28, kNCount = kVCount * kTCount, kSCount = kLCount * kNCount;

bool is_syllable(char32_t cp) { return cp >= kSBase && cp < kSBase + kSCount; }

std::span<const data::SingleRun> singles() { return {data::kSingles, data::kSinglesSize}; }
std::span<const data::Multi> multis() { return {data::kMulti, data::kMultiSize}; }
std::span<const data::ClassRun> classes() { return {data::kClasses, data::kClassesSize}; }
std::span<const data::Pair> pairs() { return {data::kPairs, data::kPairsSize}; }

// Appends the full compatibility decomposition of `cp`.
void decompose(char32_t cp, std::u32string& out) {
  if (is_syllable(cp)) {
    const char32_t s = cp - kSBase;
    out.push_back(kLBase + s / kNCount);
    out.push_back(kVBase + (s % kNCount) / kTCount);
    if (s % kTCount != 0) out.push_back(kTBase + s % kTCount);
    return;
  }
  const auto runs = singles();
  const auto run =
      std::lower_bound(runs.begin(), runs.end(), cp, [](const data::SingleRun& r, char32_t c) { return r.last < c; });
  if (run != runs.end() && run->first <= cp) {
    out.push_back(run->target + (cp - run->first));
    return;
  }
  const auto many = multis();
  const auto m =
      std::lower_bound(many.begin(), many.end(), cp, [](const data::Multi& e, char32_t c) { return e.cp < c; });
  if (m != many.end() && m->cp == cp) {
    out.append(data::kPool + m->offset, m->length);
    return;
  }
  out.push_back(cp);
}

// The class rank of `cp`: 0 for starters.
unsigned combining_class(char32_t cp) {
  if (cp < 0x300) return 0;  // nothing below U+0300 combines
  const auto runs = classes();
  const auto run =
      std::lower_bound(runs.begin(), runs.end(), cp, [](const data::ClassRun& r, char32_t c) { return r.last < c; });
  return run != runs.end() && run->first <= cp ? run->rank : 0;
}

// The primary composite of first + second, or 0 when there is none.
char32_t compose(char32_t first, char32_t second) {
  if (first >= kLBase && first < kLBase + kLCount && second >= kVBase && second < kVBase + kVCount) {
    return kSBase + ((first - kLBase) * kVCount + (second - kVBase)) * kTCount;
  }
  if (is_syllable(first) && (first - kSBase) % kTCount == 0 && second > kTBase && second < kTBase + kTCount) {
    return first + (second - kTBase);
  }
  const auto all = pairs();
  const auto p = std::lower_bound(all.begin(), all.end(), std::pair{first, second}, [](const data::Pair& e, auto key) {
    return e.first < key.first || (e.first == key.first && e.second < key.second);
  });
  return p != all.end() && p->first == first && p->second == second ? p->composite : 0;
}

// Canonical ordering: each run of non-starters sorted by class, stably.
void reorder(std::u32string& s) {
  for (std::size_t i = 1; i < s.size(); ++i) {
    const unsigned c = combining_class(s[i]);
    if (c == 0) continue;
    for (std::size_t j = i; j > 0 && combining_class(s[j - 1]) > c; --j) std::swap(s[j - 1], s[j]);
  }
}

// Canonical composition (the algorithm of Unicode's sample code): a mark
// composes with the last starter unless a character in between blocks it
// (a starter, or a mark of the same or a higher class).
std::u32string recompose(const std::u32string& d) {
  std::u32string out;
  if (d.empty()) return out;
  out.reserve(d.size());
  out.push_back(d[0]);
  std::size_t starter = 0;
  constexpr unsigned kNoStarter = 256;  // the text begins with a mark: nothing to compose with yet
  unsigned last_class = combining_class(d[0]) == 0 ? 0 : kNoStarter;
  for (std::size_t i = 1; i < d.size(); ++i) {
    const char32_t ch = d[i];
    const unsigned ch_class = combining_class(ch);
    const char32_t composite = last_class == kNoStarter ? 0 : compose(out[starter], ch);
    if (composite != 0 && (last_class < ch_class || last_class == 0)) {
      out[starter] = composite;
      continue;
    }
    if (ch_class == 0) starter = out.size();
    last_class = ch_class;
    out.push_back(ch);
  }
  return out;
}

}  // namespace

std::u32string nfkc(std::u32string_view text) {
  // ASCII and the C1 controls are their own NFKC: most text stops here.
  if (std::all_of(text.begin(), text.end(), [](char32_t c) { return c < 0xA0; })) return std::u32string(text);
  std::u32string d;
  d.reserve(text.size());
  for (const char32_t cp : text) decompose(cp, d);
  reorder(d);
  return recompose(d);
}

}  // namespace agora::ai
