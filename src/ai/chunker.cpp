#include "ai/chunker.hpp"

#include <algorithm>

#include "core/utf8.hpp"

namespace agora::ai {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Whitespace runs as one space, none at either end.
std::string collapse(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    if (!is_space(c)) {
      out.push_back(c);
    } else if (!out.empty() && out.back() != ' ') {
      out.push_back(' ');
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// A Markdown list item ("- ", "* ", "+ ", "1. "), heading or quote.
bool starts_block(std::string_view line) {
  for (const std::string_view p : {"- ", "* ", "+ ", "#", "> "}) {
    if (line.starts_with(p)) return true;
  }
  const std::size_t digits = line.find_first_not_of("0123456789");
  return digits > 0 && digits <= 3 && digits != std::string_view::npos && line.substr(digits).starts_with(". ");
}

// Ends a sentence: . ! ? or the ellipsis character.
std::size_t terminal_at(std::string_view s, std::size_t i) {
  if (s[i] == '.' || s[i] == '!' || s[i] == '?') return 1;
  return s.substr(i).starts_with("\u2026") ? 3 : 0;
}
// May follow the terminal before the space: ) ] " ' ” ’ »
std::size_t closer_at(std::string_view s, std::size_t i) {
  if (s[i] == ')' || s[i] == ']' || s[i] == '"' || s[i] == '\'') return 1;
  for (const std::string_view c : {"\u201D", "\u2019", "\u00BB"}) {
    if (s.substr(i).starts_with(c)) return c.size();
  }
  return 0;
}

// Sentences of one collapsed paragraph.
void split_sentences(const std::string& paragraph, std::vector<std::string>& out) {
  std::size_t begin = 0;
  for (std::size_t i = 0; i < paragraph.size();) {
    std::size_t n = terminal_at(paragraph, i);
    if (n == 1 && paragraph[i] == '.' && i > begin &&
        paragraph.find_first_not_of("0123456789", begin) == i) {  // "1. " opens a list item, it ends nothing
      n = 0;
    }
    if (n == 0) {
      ++i;
      continue;
    }
    std::size_t end = i + n;
    while (end < paragraph.size() && (n = closer_at(paragraph, end)) > 0) end += n;
    if (end == paragraph.size() || paragraph[end] == ' ') {
      out.push_back(paragraph.substr(begin, end - begin));
      begin = end + 1;
    }
    i = end;
  }
  if (begin < paragraph.size()) out.push_back(paragraph.substr(begin));
}

// The body's sentences in order. Paragraphs end at blank lines; a line that
// starts a Markdown list item or heading starts a new paragraph too, since
// those lines rarely end with punctuation.
std::vector<std::string> sentences(std::string_view body) {
  std::vector<std::string> out;
  std::string paragraph;
  const auto end_paragraph = [&] {
    const std::string text = collapse(paragraph);
    if (!text.empty()) split_sentences(text, out);
    paragraph.clear();
  };
  while (!body.empty()) {
    const std::size_t nl = body.find('\n');
    const std::string_view line = body.substr(0, nl);
    body = nl == std::string_view::npos ? std::string_view() : body.substr(nl + 1);
    const std::string item = collapse(line);
    if (item.empty() || starts_block(item)) end_paragraph();
    paragraph.append(line).push_back('\n');
  }
  end_paragraph();
  return out;
}

class Packer {
 public:
  Packer(const TokenCounter& count, std::size_t max_tokens, std::size_t max_chunks)
      : count_(count), max_tokens_(max_tokens), max_chunks_(max_chunks) {}

  // A sentence, or the words or characters of one when it is too long.
  void add(const std::string& unit) {
    if (full() || unit.empty()) return;
    if (count_(unit) <= max_tokens_) {
      pack(unit);
      return;
    }
    std::size_t begin = 0;
    while (begin < unit.size()) {
      std::size_t end = unit.find(' ', begin);
      if (end == std::string::npos) end = unit.size();
      const std::string word = unit.substr(begin, end - begin);
      if (count_(word) <= max_tokens_) {
        pack(word);
      } else {
        add_characters(word);
      }
      begin = end + 1;
    }
  }

  std::vector<Chunk> finish() {
    flush();
    return std::move(chunks_);
  }

 private:
  bool full() const { return chunks_.size() >= max_chunks_; }

  // Appends a unit that fits on its own to the current chunk, or starts the
  // next chunk with it.
  void pack(const std::string& unit) {
    if (full()) return;
    if (!current_.empty()) {
      std::string joined = current_ + " " + unit;
      const std::size_t tokens = count_(joined);
      if (tokens <= max_tokens_) {
        current_ = std::move(joined);
        tokens_ = tokens;
        return;
      }
      flush();
      if (full()) return;
    }
    current_ = unit;
    tokens_ = count_(current_);
  }

  // A word too long for a chunk: its longest prefixes that fit, in turn.
  // A token spans at most 16 characters (more only for a run of unknown
  // ones), which bounds the search.
  void add_characters(const std::string& word) {
    std::vector<std::size_t> starts;  // byte offset of each code point, and the end
    for (std::size_t i = 0; i < word.size();) {
      starts.push_back(i);
      const std::size_t n = agora::utf8::sequence_length(word, i);
      i += n == 0 ? 1 : n;
    }
    starts.push_back(word.size());
    std::size_t from = 0;  // in code points
    while (from + 1 < starts.size() && !full()) {
      const std::size_t left = starts.size() - 1 - from;
      std::size_t lo = 1, hi = std::min(left, max_tokens_ * 16);
      while (lo < hi) {  // the longest prefix of at most max_tokens_ tokens
        const std::size_t mid = (lo + hi + 1) / 2;
        if (count_(std::string_view(word).substr(starts[from], starts[from + mid] - starts[from])) <= max_tokens_) {
          lo = mid;
        } else {
          hi = mid - 1;
        }
      }
      pack(word.substr(starts[from], starts[from + lo] - starts[from]));
      from += lo;
    }
  }

  void flush() {
    if (current_.empty()) return;
    chunks_.push_back({std::move(current_), tokens_});
    current_.clear();
    tokens_ = 0;
  }

  const TokenCounter& count_;
  const std::size_t max_tokens_, max_chunks_;
  std::vector<Chunk> chunks_;
  std::string current_;
  std::size_t tokens_ = 0;
};

}  // namespace

std::vector<Chunk> split_into_chunks(std::string_view title, std::string_view body, const TokenCounter& count_tokens,
                                     std::size_t max_tokens, std::size_t max_chunks) {
  Packer packer(count_tokens, max_tokens, max_chunks);
  std::string heading = collapse(title);
  if (!heading.empty()) {
    const bool closed = std::string_view(".!?:;").find(heading.back()) != std::string_view::npos ||
                        heading.ends_with("\u2026") || heading.ends_with("?\"") || heading.ends_with(".\"");
    if (!closed) heading.push_back('.');
    packer.add(heading);
  }
  for (const std::string& s : sentences(body)) packer.add(s);
  return packer.finish();
}

}  // namespace agora::ai
