#include "support/http_client.hpp"

#include "http/message.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cctype>
#include <stdexcept>

namespace agora::test {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

using agora::http::iequals;

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
  beast::error_code result;
  impl_->stream.expires_after(timeout);
  asio::async_write(impl_->stream, asio::buffer(bytes.data(), bytes.size()),
                    [&](beast::error_code ec, std::size_t) { result = ec; });
  impl_->run();
  return !result;
}

HttpResponse RawConnection::read_response(std::chrono::milliseconds timeout, bool head_request) {
  bhttp::response_parser<bhttp::string_body> parser;
  parser.header_limit(1 << 20);
  parser.body_limit(64 << 20);
  parser.skip(head_request);
  beast::error_code result;
  impl_->stream.expires_after(timeout);
  bhttp::async_read(impl_->stream, impl_->buffer, parser,
                    [&](beast::error_code ec, std::size_t) { result = ec; });
  impl_->run();
  if (result == bhttp::error::end_of_stream || result == asio::error::eof || result == asio::error::connection_reset)
    impl_->peer_closed = true;
  if (result) throw std::runtime_error("no complete HTTP response: " + result.message());
  auto& msg = parser.get();
  HttpResponse out;
  out.status = msg.result_int();
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
  return c.read_response(std::chrono::seconds(10), method == "HEAD");
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
