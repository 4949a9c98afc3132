#include "support/http_client.hpp"

#include "http/message.hpp"
#include "support/openapi_validator.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cctype>
#include <charconv>
#include <sstream>
#include <stdexcept>
#include <variant>

namespace agora::test {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

using agora::http::iequals;

// The spec, read once per process. When it cannot be read (or uses a schema
// keyword the validator lacks), every response reports that instead.
const openapi::OpenApiSpec* spec_or_fail() {
  static const auto loaded = []() -> std::variant<openapi::OpenApiSpec, std::string> {
    try {
      return openapi::OpenApiSpec::load(std::string(AGORA_SOURCE_DIR) + "/docs/openapi.yaml");
    } catch (const std::exception& e) {
      return std::string(e.what());
    }
  }();
  if (const auto* error = std::get_if<std::string>(&loaded)) {
    ADD_FAILURE() << "docs/openapi.yaml cannot be used to check responses: " << *error;
    return nullptr;
  }
  return &std::get<openapi::OpenApiSpec>(loaded);
}

// Fails the running test (whichever thread asks) when `r` is not what the
// spec says `request` may get.
void check_against_spec(const std::optional<openapi::RequestLine>& request, const HttpResponse& r) {
  const auto* spec = spec_or_fail();
  if (!spec) return;
  std::vector<std::string> violations;
  try {
    violations = openapi::check_response(*spec, request, {r.status, &r.headers, r.body});
  } catch (const std::exception& e) {
    violations.push_back(std::string("the spec cannot check this response: ") + e.what());
  }
  if (violations.empty()) return;
  std::ostringstream message;
  message << "response does not match docs/openapi.yaml\n  request:  "
          << (request ? request->method + " " + request->target : std::string("(not a complete request)"))
          << "\n  response: " << r.status << " " << r.content_type() << " " << r.body.substr(0, 400);
  for (const auto& v : violations) message << "\n  - " << v;
  ADD_FAILURE() << message.str();
}

// The request the next response answers, taken off the front of `sent`
// (the bytes written so far). Once the bytes cannot be split into requests
// (garbage, a head not yet complete, a chunked or unannounced body), the
// connection is `lost`: this and later responses count as answering an
// unknown request.
std::optional<openapi::RequestLine> next_request(std::string& sent, bool& lost) {
  auto give_up = [&](std::optional<openapi::RequestLine> request = std::nullopt) {
    sent.clear();
    lost = true;
    return request;
  };
  if (lost) return std::nullopt;
  const auto head_end = sent.find("\r\n\r\n");
  if (head_end == std::string::npos) return give_up();
  const auto line_end = sent.find("\r\n");
  const std::string_view line(sent.data(), line_end);
  const auto sp1 = line.find(' '), sp2 = line.rfind(' ');
  if (sp1 == std::string_view::npos || sp1 == sp2) return give_up();
  const auto method = line.substr(0, sp1), target = line.substr(sp1 + 1, sp2 - sp1 - 1), version = line.substr(sp2 + 1);
  const bool method_ok =
      !method.empty() && std::all_of(method.begin(), method.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
  if (!method_ok || target.empty() || target.front() != '/' || target.find(' ') != std::string_view::npos ||
      (version != "HTTP/1.1" && version != "HTTP/1.0"))
    return give_up();
  openapi::RequestLine request{std::string(method), std::string(target)};

  std::size_t body = 0;
  int lengths = 0;
  bool delimited = true;
  std::size_t at = line_end + 2;
  while (at < head_end) {
    const auto eol = sent.find("\r\n", at);
    const std::string_view field(sent.data() + at, eol - at);
    at = eol + 2;
    const auto colon = field.find(':');
    if (colon == std::string_view::npos) continue;
    const auto name = field.substr(0, colon);
    auto value = field.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
    if (iequals(name, "transfer-encoding")) delimited = false;
    if (iequals(name, "content-length")) {
      ++lengths;
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), body);
      if (ec != std::errc() || end != value.data() + value.size()) delimited = false;
    }
  }
  if (!delimited || lengths > 1 || sent.size() < head_end + 4 + body) return give_up(request);
  sent.erase(0, head_end + 4 + body);
  return request;
}

}  // namespace

std::optional<std::string> HttpResponse::header(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (iequals(k, name)) return v;
  return std::nullopt;
}

std::vector<std::string> HttpResponse::headers_named(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& [k, v] : headers)
    if (iequals(k, name)) out.push_back(v);
  return out;
}

boost::json::value HttpResponse::json() const {
  boost::system::error_code ec;
  auto v = boost::json::parse(body, ec);
  if (ec)
    throw std::runtime_error("response " + std::to_string(status) + " is not JSON (" + ec.message() +
                             "): " + body.substr(0, 500));
  return v;
}

boost::json::object HttpResponse::object() const {
  auto v = json();
  if (!v.is_object())
    throw std::runtime_error("response " + std::to_string(status) + " is not a JSON object: " + body.substr(0, 500));
  return v.as_object();
}

struct RawConnection::Impl {
  asio::io_context ioc{1};
  beast::tcp_stream stream{ioc};
  beast::flat_buffer buffer;
  bool peer_closed = false;  // a read already saw the end of the stream
  std::string sent;          // written bytes not yet matched to a response (see next_request)
  bool lost = false;

  void run() {
    ioc.restart();
    ioc.run();
  }
};

RawConnection::RawConnection(int port) : impl_(std::make_unique<Impl>()) {
  beast::error_code result;
  impl_->stream.expires_after(std::chrono::seconds(5));
  impl_->stream.async_connect(tcp::endpoint(asio::ip::address_v4::loopback(), std::uint16_t(port)),
                              [&](beast::error_code ec) { result = ec; });
  impl_->run();
  if (result) throw std::runtime_error("cannot connect to port " + std::to_string(port) + ": " + result.message());
}

RawConnection::~RawConnection() {
  beast::error_code ignored;
  impl_->stream.socket().close(ignored);
}

bool RawConnection::send(std::string_view bytes, std::chrono::milliseconds timeout) {
  if (!impl_->lost) impl_->sent.append(bytes);
  beast::error_code result;
  impl_->stream.expires_after(timeout);
  asio::async_write(impl_->stream, asio::buffer(bytes.data(), bytes.size()),
                    [&](beast::error_code ec, std::size_t) { result = ec; });
  impl_->run();
  return !result;
}

HttpResponse RawConnection::read_response(std::chrono::milliseconds timeout, bool head_request) {
  HttpResponse r = read_unchecked(timeout, head_request);
  // An interim 1xx (100 Continue) answers no request yet.
  if (r.status >= 200) check_against_spec(next_request(impl_->sent, impl_->lost), r);
  return r;
}

HttpResponse RawConnection::read_unchecked(std::chrono::milliseconds timeout, bool head_request) {
  bhttp::response_parser<bhttp::string_body> parser;
  parser.header_limit(1 << 20);
  parser.body_limit(64 << 20);
  parser.skip(head_request);
  beast::error_code result;
  impl_->stream.expires_after(timeout);
  bhttp::async_read_header(impl_->stream, impl_->buffer, parser,
                           [&](beast::error_code ec, std::size_t) { result = ec; });
  impl_->run();
  // An event stream never ends: it is returned after its head, unread.
  const bool event_stream =
      !result && std::string_view(parser.get()[bhttp::field::content_type]).starts_with("text/event-stream");
  if (!result && !event_stream && !parser.is_done()) {
    bhttp::async_read(impl_->stream, impl_->buffer, parser, [&](beast::error_code ec, std::size_t) { result = ec; });
    impl_->run();
  }
  if (result == bhttp::error::end_of_stream || result == asio::error::eof || result == asio::error::connection_reset)
    impl_->peer_closed = true;
  if (result) throw std::runtime_error("no complete HTTP response: " + result.message());
  auto& msg = parser.get();
  HttpResponse out;
  out.status = int(msg.result_int());
  for (const auto& f : msg) out.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
  out.body = std::move(msg.body());
  out.keep_alive = msg.keep_alive();
  return out;
}

std::optional<std::chrono::milliseconds> RawConnection::wait_closed(std::chrono::milliseconds timeout) {
  using std::chrono::milliseconds;
  const auto started = Clock::now();
  if (impl_->peer_closed) return milliseconds(0);
  impl_->stream.expires_after(timeout);
  for (;;) {
    beast::error_code result;
    std::size_t n = 0;
    impl_->stream.async_read_some(impl_->buffer.prepare(4096), [&](beast::error_code ec, std::size_t got) {
      result = ec;
      n = got;
    });
    impl_->run();
    impl_->buffer.commit(n);
    if (!result) continue;
    if (result == beast::error::timeout) return std::nullopt;
    // eof, or a reset: either way the server closed it.
    impl_->peer_closed = true;
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
  }
}

std::string RawConnection::read_until_closed(std::chrono::milliseconds timeout) {
  wait_closed(timeout);
  std::string out = beast::buffers_to_string(impl_->buffer.data());
  impl_->buffer.consume(impl_->buffer.size());
  return out;
}

std::string format_request(std::string_view method, std::string_view target, std::string_view body,
                           const HeaderList& headers) {
  std::string out;
  out.append(method).append(" ").append(target).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
  for (const auto& [k, v] : headers) out.append(k).append(": ").append(v).append("\r\n");
  if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH")
    out.append("Content-Length: ").append(std::to_string(body.size())).append("\r\n");
  out.append("\r\n").append(body);
  return out;
}

HttpResponse HttpClient::request(std::string_view method, std::string_view target, std::string_view body,
                                 const HeaderList& headers) const {
  RawConnection c(port_);
  c.send(format_request(method, target, body, headers));
  HttpResponse r = c.read_unchecked(std::chrono::seconds(10), method == "HEAD");
  check_against_spec(openapi::RequestLine{std::string(method), std::string(target)}, r);
  return r;
}

HttpResponse HttpClient::post_json(std::string_view target, const boost::json::value& body,
                                   const HeaderList& headers) const {
  return post(target, boost::json::serialize(body), "application/json", headers);
}

HttpResponse HttpClient::post(std::string_view target, std::string_view body, std::string_view content_type,
                              HeaderList headers) const {
  if (!content_type.empty()) headers.insert(headers.begin(), {"Content-Type", std::string(content_type)});
  return request("POST", target, body, headers);
}

}  // namespace agora::test
