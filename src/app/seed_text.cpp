#include "app/seed_text.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace agora::app::seeding {
namespace {

constexpr std::array<std::string_view, 48> kAdjectives = {
    "brave",  "calm",  "clever", "curious", "eager", "fancy", "gentle", "happy", "jolly",  "kind",   "lively", "lucky",
    "mellow", "merry", "nimble", "noble",   "proud", "quick", "quiet",  "rapid", "shy",    "silent", "silly",  "smart",
    "steady", "sunny", "swift",  "tidy",    "witty", "zesty", "amber",  "azure", "bold",   "bright", "cosmic", "crisp",
    "dusty",  "fuzzy", "golden", "hidden",  "icy",   "misty", "rusty",  "sandy", "silver", "stormy", "velvet", "wild"};

constexpr std::array<std::string_view, 48> kNouns = {
    "otter",  "falcon",  "badger", "comet",   "river",  "maple",   "cedar",  "harbor", "meadow", "pixel",
    "robot",  "tiger",   "panda",  "koala",   "heron",  "lynx",    "walrus", "raven",  "beacon", "canyon",
    "dune",   "ember",   "fjord",  "glacier", "grove",  "island",  "lagoon", "mesa",   "nebula", "orbit",
    "pebble", "quartz",  "reef",   "sparrow", "summit", "thistle", "tundra", "vertex", "willow", "zephyr",
    "atlas",  "bramble", "cipher", "delta",   "echo",   "fable",   "garnet", "hollow"};

constexpr std::array<std::string_view, 60> kTopics = {
    "programming", "gardening", "cooking",   "cycling",    "astronomy",   "photography", "chess",      "music",
    "movies",      "books",     "travel",    "fitness",    "history",     "science",     "gaming",     "design",
    "robotics",    "linux",     "databases", "networking", "security",    "ai",          "math",       "physics",
    "biology",     "climate",   "coffee",    "tea",        "baking",      "hiking",      "running",    "sailing",
    "woodworking", "knitting",  "painting",  "poetry",     "languages",   "economics",   "startups",   "careers",
    "parenting",   "pets",      "birds",     "space",      "electronics", "retro",       "anime",      "football",
    "basketball",  "tennis",    "climbing",  "camping",    "fishing",     "writing",     "philosophy", "architecture",
    "cars",        "trains",    "aviation",  "diy"};

constexpr std::array<std::string_view, 240> kWords = {
    "the",       "a",           "and",       "of",          "to",        "in",         "is",        "it",
    "that",      "for",         "on",        "with",        "as",        "this",       "was",       "but",
    "be",        "at",          "by",        "not",         "are",       "from",       "or",        "have",
    "an",        "they",        "which",     "you",         "one",       "we",         "all",       "there",
    "can",       "more",        "when",      "some",        "what",      "about",      "would",     "like",
    "just",      "time",        "people",    "think",       "really",    "good",       "new",       "first",
    "way",       "much",        "also",      "because",     "most",      "only",       "even",      "well",
    "still",     "work",        "make",      "know",        "better",    "every",      "after",     "before",
    "never",     "always",      "often",     "maybe",       "probably",  "actually",   "problem",   "question",
    "answer",    "idea",        "project",   "system",      "data",      "code",       "design",    "result",
    "example",   "reason",      "change",    "version",     "feature",   "issue",      "test",      "build",
    "release",   "update",      "support",   "performance", "memory",    "network",    "server",    "client",
    "database",  "query",       "index",     "cache",       "latency",   "throughput", "model",     "search",
    "vector",    "embedding",   "community", "post",        "comment",   "thread",     "vote",      "reply",
    "garden",    "recipe",      "kitchen",   "oven",        "flour",     "butter",     "bread",     "soup",
    "mountain",  "trail",       "river",     "lake",        "forest",    "weather",    "rain",      "snow",
    "camera",    "lens",        "light",     "shadow",      "colour",    "picture",    "frame",     "sky",
    "planet",    "star",        "telescope", "orbit",       "moon",      "galaxy",     "rocket",    "engine",
    "bike",      "wheel",       "road",      "city",        "street",    "train",      "station",   "ticket",
    "book",      "chapter",     "story",     "author",      "history",   "century",    "language",  "word",
    "music",     "song",        "guitar",    "piano",       "album",     "concert",    "movie",     "scene",
    "simple",    "complex",     "quick",     "slow",        "large",     "small",      "old",       "modern",
    "useful",    "strange",     "common",    "rare",        "clear",     "hard",       "easy",      "cheap",
    "expensive", "interesting", "important", "different",   "similar",   "great",      "tiny",      "huge",
    "found",     "tried",       "built",     "wrote",       "read",      "learned",    "noticed",   "measured",
    "fixed",     "broke",       "moved",     "started",     "finished",  "shared",     "tested",    "compared",
    "today",     "yesterday",   "tomorrow",  "recently",    "finally",   "again",      "together",  "instead",
    "however",   "although",    "therefore", "meanwhile",   "otherwise", "perhaps",    "certainly", "honestly",
    "twice",     "three",       "four",      "hundred",     "thousand",  "million",    "percent",   "minutes",
    "hours",     "days",        "weeks",     "years",       "friends",   "neighbours", "team",      "family"};

template <std::size_t N>
constexpr bool all_filled(const std::array<std::string_view, N>& words) {
  for (auto w : words)
    if (w.empty()) return false;
  return true;
}
static_assert(all_filled(kAdjectives) && all_filled(kNouns) && all_filled(kTopics) && all_filled(kWords),
              "a word list has fewer entries than its declared size");

template <std::size_t N>
std::string_view pick(Rng& rng, const std::array<std::string_view, N>& words) {
  return words[rng.below(N)];
}

// Word frequencies in real text are Zipf-like: the head of the list (short
// function words) is drawn far more often than the tail.
std::string_view word(Rng& rng) {
  const double u = rng.real();
  const auto i = std::size_t(double(kWords.size()) * u * u * u);
  return kWords[std::min(i, kWords.size() - 1)];
}

std::string capitalized(std::string_view w) {
  std::string s(w);
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = char(s[0] - 'a' + 'A');
  return s;
}

}  // namespace

std::string username(Rng& rng, std::int64_t n) {
  std::string s(pick(rng, kAdjectives));
  s += '_';
  s += pick(rng, kNouns);
  s += '_';
  s += std::to_string(n);
  return s;
}

std::string display_name(Rng& rng) {
  return capitalized(pick(rng, kAdjectives)) + " " + capitalized(pick(rng, kNouns));
}

std::string community_slug(std::int64_t n) {
  const std::string topic(kTopics[std::size_t(n) % kTopics.size()]);
  return n < std::int64_t(kTopics.size()) ? topic : topic + "-" + std::to_string(n / std::int64_t(kTopics.size()));
}

std::string community_name(std::int64_t n) {
  const std::string name = capitalized(kTopics[std::size_t(n) % kTopics.size()]);
  return n < std::int64_t(kTopics.size()) ? name : name + " " + std::to_string(n / std::int64_t(kTopics.size()) + 1);
}

std::vector<std::string> community_tags(Rng& rng) {
  std::vector<std::string> tags;
  const int n = int(rng.between(3, 7));
  for (int i = 0; i < n; ++i) {
    std::string t(kWords[40 + rng.below(kWords.size() - 40)]);  // past the function words
    if (std::find(tags.begin(), tags.end(), t) == tags.end()) tags.push_back(std::move(t));
  }
  return tags;
}

std::string sentence(Rng& rng, int min_words, int max_words) {
  const int n = int(rng.between(min_words, max_words));
  std::string s;
  for (int i = 0; i < n; ++i) {
    if (i) s += (i > 3 && rng.chance(0.08)) ? ", " : " ";
    s += i == 0 ? capitalized(word(rng)) : std::string(word(rng));
  }
  s += rng.chance(0.12) ? '?' : '.';
  return s;
}

std::string title(Rng& rng) {
  std::string t = sentence(rng, 4, 12);
  if (t.back() == '.') t.pop_back();  // titles rarely end with a full stop
  return t;
}

std::string paragraphs(Rng& rng, int count, int min_sentences, int max_sentences) {
  std::string out;
  for (int p = 0; p < count; ++p) {
    if (p) out += "\n\n";
    const int n = int(rng.between(min_sentences, max_sentences));
    for (int i = 0; i < n; ++i) {
      if (i) out += ' ';
      out += sentence(rng, 5, 18);
    }
  }
  return out;
}

std::string post_body(Rng& rng) {
  if (rng.chance(0.1)) return {};  // a title-only post
  std::string body = paragraphs(rng, int(rng.between(1, 4)), 1, 4);
  if (rng.chance(0.2)) {
    body += "\n\n";
    const int items = int(rng.between(2, 5));
    for (int i = 0; i < items; ++i) body += "- " + sentence(rng, 3, 8) + "\n";
  }
  if (rng.chance(0.15)) body += "\n\n**" + capitalized(word(rng)) + "** " + sentence(rng, 4, 10);
  return body;
}

std::string comment_body(Rng& rng) { return paragraphs(rng, rng.chance(0.2) ? 2 : 1, 1, 3); }

std::string paragraphs_html(const std::string& markdown) {
  std::string html;
  html.reserve(markdown.size() + 16);
  std::size_t start = 0;
  while (start <= markdown.size()) {
    auto end = markdown.find("\n\n", start);
    if (end == std::string::npos) end = markdown.size();
    html += "<p>";
    html.append(markdown, start, end - start);
    html += "</p>\n";
    start = end + 2;
  }
  return html;
}

}  // namespace agora::app::seeding
