#include "email/message.hpp"

#include <sodium.h>

#include <array>
#include <cctype>
#include <cstdio>
#include <ctime>

#include "core/crypto.hpp"

namespace agora::email {
namespace {

constexpr const char* kCrlf = "\r\n";

bool is_ascii_printable(std::string_view s) {
  for (unsigned char c : s)
    if (c < 0x20 || c > 0x7e) return false;
  return true;
}

// CR and LF end a header (or start the body); the other controls have no
// business in a header either. Tab is folding whitespace, so it may stay.
void refuse_controls(std::string_view what, std::string_view value) {
  for (unsigned char c : value)
    if ((c < 0x20 && c != '\t') || c == 0x7f)
      throw InvalidEmail(std::string(what) + " contains a control character (CR, LF or another)");
}

bool valid_addr(std::string_view a) {
  const auto at = a.rfind('@');
  if (a.empty() || a.size() > 254 || at == std::string_view::npos || at == 0 || at + 1 == a.size()) return false;
  if (a.find('@') != at) return false;
  for (unsigned char c : a)
    if (c <= 0x20 || c >= 0x7f || c == '<' || c == '>' || c == '"' || c == ',' || c == '(' || c == ')' || c == ';' ||
        c == '\\' || c == '[' || c == ']' || c == ':')
      return false;
  return true;
}

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

std::string base64(std::string_view bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

// Length of the UTF-8 sequence that starts with `lead` (1 for stray bytes,
// which are sent as they are; the encoded word still cannot break a header).
std::size_t utf8_length(unsigned char lead) {
  if (lead >= 0xf0) return 4;
  if (lead >= 0xe0) return 3;
  if (lead >= 0xc0) return 2;
  return 1;
}

// RFC 2047 B-encoded words of at most 75 characters: 45 bytes of text give
// 60 of base64 plus 12 of "=?UTF-8?B??=". Words end on character boundaries
// (RFC 2047 section 5: a word must hold whole characters).
// The first word shares its line with the header name (`used` columns), so
// it holds less: 4 base64 characters per 3 bytes, within 78 columns.
std::vector<std::string> encoded_words(std::string_view utf8, std::size_t used) {
  std::vector<std::string> words;
  std::size_t i = 0;
  while (i < utf8.size()) {
    const std::size_t budget =
        words.empty()
            ? std::max<std::size_t>(6, std::min<std::size_t>(45, (78 - 12 - std::min<std::size_t>(used, 60)) / 4 * 3))
            : 45;
    std::size_t end = i;
    while (end < utf8.size()) {
      const std::size_t n = std::min(utf8_length(static_cast<unsigned char>(utf8[end])), utf8.size() - end);
      if (end + n - i > budget && end > i) break;
      end += n;
    }
    words.push_back("=?UTF-8?B?" + base64(utf8.substr(i, end - i)) + "?=");
    i = end;
  }
  return words;
}

// Joins words with spaces, folding (CRLF + space) before a word that would
// take the line past 78 characters. `used` is what the line already holds.
std::string fold_words(const std::vector<std::string>& words, std::size_t used, const std::string& separator) {
  std::string out;
  std::size_t col = used;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) {
      if (col + separator.size() + words[i].size() > 78) {
        out += "\r\n ";
        col = 1;
      } else {
        out += separator;
        col += separator.size();
      }
    }
    out += words[i];
    col += words[i].size();
  }
  return out;
}

std::vector<std::string> split_spaces(std::string_view s) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i <= s.size()) {
    const auto sp = s.find(' ', i);
    const auto end = sp == std::string_view::npos ? s.size() : sp;
    out.emplace_back(s.substr(i, end - i));
    i = end + 1;
  }
  return out;
}

// A display name: plain ASCII goes in a quoted string, anything else in
// encoded words (a quoted string may not hold 8-bit text).
std::string render_display(std::string_view display, std::size_t used) {
  if (is_ascii_printable(display)) {
    std::string q = "\"";
    for (char c : display) {
      if (c == '"' || c == '\\') q += '\\';
      q += c;
    }
    return q + "\"";
  }
  return fold_words(encoded_words(display, used), used, " ");
}

std::string render_address(std::string_view text, std::size_t used) {
  const auto a = parse_address(text);
  if (a.display.empty()) return a.addr;
  return render_display(a.display, used) + " <" + a.addr + ">";
}

bool valid_header_name(std::string_view name) {
  if (name.empty() || name.size() > 76) return false;
  for (unsigned char c : name)
    if (!(std::isalnum(c) || c == '-')) return false;
  return true;
}

bool iequal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

// Headers render_mime writes itself; a second one would make the message
// ambiguous (which From does the receiver show?).
bool reserved_header(std::string_view name) {
  for (const char* r : {"From", "To", "Cc", "Bcc", "Subject", "Date", "Message-ID", "MIME-Version", "Sender",
                        "Reply-To", "Return-Path", "Content-Type", "Content-Transfer-Encoding"})
    if (iequal(name, r)) return true;
  return false;
}

bool valid_message_id(std::string_view id) {
  if (id.size() < 5 || id.size() > 250 || id.front() != '<' || id.back() != '>') return false;
  return valid_addr(id.substr(1, id.size() - 2));
}

std::string part(std::string_view type, std::string_view body) {
  return std::string("Content-Type: ") + std::string(type) +
         "; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" + quoted_printable(body);
}

}  // namespace

Address parse_address(std::string_view text) {
  refuse_controls("address", text);
  Address a;
  const auto lt = text.rfind('<');
  if (lt == std::string_view::npos) {
    a.addr = trim(text);
  } else {
    const auto gt = text.find('>', lt);
    if (gt == std::string_view::npos || !trim(text.substr(gt + 1)).empty())
      throw InvalidEmail("address has an unclosed or trailing '<…>'");
    a.addr = std::string(text.substr(lt + 1, gt - lt - 1));
    a.display = trim(text.substr(0, lt));
    if (a.display.size() >= 2 && a.display.front() == '"' && a.display.back() == '"') {
      std::string unquoted;
      for (std::size_t i = 1; i + 1 < a.display.size(); ++i) {
        if (a.display[i] == '\\' && i + 2 < a.display.size()) ++i;
        unquoted += a.display[i];
      }
      a.display = unquoted;
    }
  }
  if (!valid_addr(a.addr)) throw InvalidEmail("not a single email address: " + a.addr);
  return a;
}

std::string make_message_id(std::int64_t job_id, std::string_view from) {
  const auto a = parse_address(from);
  return "<" + std::to_string(job_id) + "." + crypto::random_hex(8) + a.addr.substr(a.addr.rfind('@')) + ">";
}

std::string quoted_printable(std::string_view utf8) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(utf8.size() + utf8.size() / 8);
  std::size_t i = 0;
  while (i <= utf8.size()) {
    // One source line, whatever its line end (\r\n, \n or \r).
    std::size_t end = i;
    while (end < utf8.size() && utf8[end] != '\r' && utf8[end] != '\n') ++end;
    const auto line = utf8.substr(i, end - i);
    std::size_t col = 0;
    for (std::size_t k = 0; k < line.size(); ++k) {
      const auto c = static_cast<unsigned char>(line[k]);
      const bool last = k + 1 == line.size();
      // Trailing whitespace would be stripped in transit (RFC 2045 6.7 rule 3).
      bool encode = c == '=' || c > 0x7e || (c < 0x20 && c != '\t') || (last && (c == ' ' || c == '\t'));
      std::size_t width = encode ? 3 : 1;
      // A soft break ("=") takes one column: 75 + "=" = 76. The line's last
      // character needs no soft break after it, so it may use column 76.
      if (col + width > (last ? 76 : 75)) {
        out += "=\r\n";
        col = 0;
      }
      // A '.' opening a line is encoded so no transport's dot handling can touch it.
      if (col == 0 && c == '.') {
        encode = true;
        width = 3;
      }
      if (encode) {
        out += '=';
        out += hex[c >> 4];
        out += hex[c & 15];
      } else {
        out += char(c);
      }
      col += width;
    }
    // The last line gets no line end of its own: in a multipart body the
    // CRLF before the next boundary belongs to the boundary (RFC 2046 5.1.1),
    // so a body that ends with a line break keeps it, and one that does not,
    // does not gain one.
    if (end >= utf8.size()) break;
    out += kCrlf;
    i = end + ((utf8[end] == '\r' && end + 1 < utf8.size() && utf8[end + 1] == '\n') ? 2 : 1);
  }
  return out;
}

std::string encode_header_text(std::string_view utf8, std::size_t first_line_used) {
  refuse_controls("header", utf8);
  // Text that merely looks like an encoded word ("=?…") is encoded too, so
  // readers show it as written.
  if (is_ascii_printable(utf8) && utf8.find("=?") == std::string_view::npos)
    return fold_words(split_spaces(utf8), first_line_used, " ");
  // Encoded words separated by folding white space are joined without the
  // space by readers (RFC 2047 section 6.2), so one text may span several.
  return fold_words(encoded_words(utf8, first_line_used), first_line_used, " ");
}

std::string rfc5322_date(std::chrono::system_clock::time_point t) {
  const std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  static constexpr std::array<const char*, 7> days{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> months{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char buf[64];
  (void)std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", days.at(std::size_t(tm.tm_wday)),
                      tm.tm_mday, months.at(std::size_t(tm.tm_mon)), tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                      tm.tm_sec);
  return buf;
}

std::string render_mime(const Email& mail) { return render_mime(mail, std::chrono::system_clock::now()); }

std::string render_mime(const Email& mail, std::chrono::system_clock::time_point date) {
  const std::string message_id = mail.message_id.empty() ? make_message_id(0, mail.from) : mail.message_id;
  if (!valid_message_id(message_id)) throw InvalidEmail("Message-ID must look like <left@right>");
  std::string out;
  out += "From: " + render_address(mail.from, 6) + kCrlf;
  out += "To: " + render_address(mail.to, 4) + kCrlf;
  out += "Subject: " + encode_header_text(mail.subject, 9) + kCrlf;
  out += "Date: " + rfc5322_date(date) + kCrlf;
  out += "Message-ID: " + message_id + kCrlf;
  out += "MIME-Version: 1.0\r\n";
  for (const auto& [name, value] : mail.headers) {
    if (!valid_header_name(name)) throw InvalidEmail("not a header name: " + name);
    if (reserved_header(name)) throw InvalidEmail(name + " is written by render_mime itself");
    refuse_controls(name, value);
    if (!is_ascii_printable(value) || name.size() + 2 + value.size() > 998)
      throw InvalidEmail(name + " must be printable ASCII of at most 998 characters per line");
    out += name + ": " + value + kCrlf;
  }
  if (mail.html_body.empty()) {
    out += part("text/plain", mail.text_body);
    // SMTP DATA ends on a line of its own.
    if (out.size() < 2 || out.compare(out.size() - 2, 2, kCrlf) != 0) out += kCrlf;
    return out;
  }
  // "=_" cannot occur in quoted-printable text, so no body line can look
  // like the boundary.
  const std::string boundary = "=_agora_" + crypto::random_hex(12);
  out += "Content-Type: multipart/alternative;\r\n boundary=\"" + boundary + "\"\r\n\r\n";
  out += "--" + boundary + kCrlf + part("text/plain", mail.text_body) + kCrlf;
  out += "--" + boundary + kCrlf + part("text/html", mail.html_body) + kCrlf;
  out += "--" + boundary + "--\r\n";
  return out;
}

}  // namespace agora::email
