#include "ai/vocabulary.hpp"

#include <charconv>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "ai/codepoints.hpp"

namespace agora::ai {
namespace {

// A reader for exactly this shape of JSON. Scores are parsed by from_chars,
// which rounds correctly, as JavaScript's JSON.parse does: the segmentation
// compares sums of scores, so a score one unit in the last place off could
// change a tie.
class Reader {
 public:
  explicit Reader(std::string_view s) : s_(s) {}

  std::vector<Piece> vocabulary() {
    std::vector<Piece> out;
    expect('[');
    if (peek() == ']') fail("empty vocabulary");
    do {
      expect('[');
      Piece p;
      p.text = to_code_points(string());
      expect(',');
      p.score = number_or_null();
      expect(']');
      out.push_back(std::move(p));
    } while (accept(','));
    expect(']');
    if (peek() != '\0') fail("trailing characters");
    return out;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw std::runtime_error("vocab.json: " + what + " at byte " + std::to_string(i_));
  }
  void skip_space() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\r' || s_[i_] == '\t')) ++i_;
  }
  char peek() {
    skip_space();
    return i_ < s_.size() ? s_[i_] : '\0';
  }
  bool accept(char c) {
    if (peek() != c) return false;
    ++i_;
    return true;
  }
  void expect(char c) {
    if (!accept(c)) fail(std::string("expected '") + c + "'");
  }
  unsigned hex4() {
    if (i_ + 4 > s_.size()) fail("short \\u escape");
    unsigned v = 0;
    const auto [end, ec] = std::from_chars(s_.data() + i_, s_.data() + i_ + 4, v, 16);
    if (ec != std::errc() || end != s_.data() + i_ + 4) fail("bad \\u escape");
    i_ += 4;
    return v;
  }
  void append_utf8(std::string& out, char32_t cp) { out += to_utf8(std::u32string_view(&cp, 1)); }
  std::string string() {
    expect('"');
    std::string out;
    while (true) {
      if (i_ >= s_.size()) fail("unterminated string");
      const char c = s_[i_++];
      if (c == '"') return out;
      if (c != '\\') {
        out.push_back(c);
        continue;
      }
      if (i_ >= s_.size()) fail("unterminated escape");
      switch (const char e = s_[i_++]) {
        case '"':
        case '\\':
        case '/':
          out.push_back(e);
          break;
        case 'b':
          out.push_back('\b');
          break;
        case 'f':
          out.push_back('\f');
          break;
        case 'n':
          out.push_back('\n');
          break;
        case 'r':
          out.push_back('\r');
          break;
        case 't':
          out.push_back('\t');
          break;
        case 'u': {
          char32_t cp = hex4();
          if (cp >= 0xD800 && cp < 0xDC00 && s_.substr(i_, 2) == "\\u") {
            i_ += 2;
            const char32_t low = hex4();
            if (low < 0xDC00 || low > 0xDFFF) fail("unpaired surrogate");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          }
          append_utf8(out, cp);
          break;
        }
        default:
          fail("bad escape");
      }
    }
  }
  double number_or_null() {
    skip_space();
    if (s_.substr(i_, 4) == "null") {
      i_ += 4;
      return 0;
    }
    double v = 0;
    const auto [end, ec] = std::from_chars(s_.data() + i_, s_.data() + s_.size(), v);
    if (ec != std::errc()) fail("expected a number");
    i_ = static_cast<std::size_t>(end - s_.data());
    return v;
  }

  std::string_view s_;
  std::size_t i_ = 0;
};

}  // namespace

std::vector<Piece> parse_vocabulary(std::string_view json) { return Reader(json).vocabulary(); }

std::vector<Piece> load_vocabulary(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + file.string());
  std::ostringstream text;
  text << in.rdbuf();
  return parse_vocabulary(text.str());
}

}  // namespace agora::ai
