#pragma once
// One outgoing email and its MIME form (RFC 5322, RFC 2045–2047). Header
// values are checked here, once, for every sender: a CR or LF in any of
// them is refused, so no value can add a header or start the body.
#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace agora::email {

struct Email {
  std::string from;     // "Display Name <addr@host>" or "addr@host"
  std::string to;       // same forms
  std::string subject;  // UTF-8; non-ASCII is sent as RFC 2047 encoded words
  std::string text_body;
  std::string html_body;  // empty: a text/plain message without an HTML part
  // Further headers (List-Unsubscribe, List-Unsubscribe-Post, …), ASCII.
  std::vector<std::pair<std::string, std::string>> headers;
  // "<…@…>" as sent; empty: render_mime makes one (see make_message_id).
  std::string message_id;
};

// A header value or address that would change the message's structure.
class InvalidEmail : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

struct Address {
  std::string display;  // UTF-8, may be empty
  std::string addr;     // local@domain
};

// Parses "Name <a@b>", "\"Name\" <a@b>" or "a@b". Throws InvalidEmail when
// the address part is not one local@domain without spaces, controls, <, >,
// quotes or commas (one recipient per message, nothing for a parser to split).
Address parse_address(std::string_view text);

// "<job-id.random@host>", host taken from the From address: a receiver that
// sees the same job twice (at-least-once delivery) sees the same id prefix.
std::string make_message_id(std::int64_t job_id, std::string_view from);

// The whole message with CRLF line ends, ready for SMTP DATA. Throws
// InvalidEmail for header injection attempts or malformed addresses.
std::string render_mime(const Email& mail);
std::string render_mime(const Email& mail, std::chrono::system_clock::time_point date);

// Building blocks, exposed for their tests.
// CRLF between lines of at most 76 characters; no line end after the last.
std::string quoted_printable(std::string_view utf8);
std::string encode_header_text(std::string_view utf8, std::size_t first_line_used);  // RFC 2047 when not ASCII
std::string rfc5322_date(std::chrono::system_clock::time_point t);

}  // namespace agora::email
