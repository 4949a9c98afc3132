// Fuzz target: bytes a client sends on one connection, through what
// src/http/server.cpp does with them, without sockets.
//
// The input is the byte stream of a connection (one or more pipelined
// requests). It is read three times:
//   1. As the server reads it: Beast's request_parser with the server's header
//      and body limits (Config defaults), head first, then the body (fixed or
//      chunked), request after request while the connection stays alive. Every
//      complete request becomes an http::Request and goes through
//      http::Pipeline::handle with a Router of representative routes, and the
//      response is serialized as the server writes it.
//   2. The same, parse only, with the bytes arriving a few at a time: the
//      requests parsed must be exactly those of 1, and the connection must end
//      the same way with the same error status (framing cannot depend on how
//      TCP splits the stream).
//   3. Parse only, with the smallest limits the server accepts (1024 bytes
//      each): the requests parsed must be a prefix of those of 1, cut short
//      only by a limit error.
// decode_path, trace_context, request_id and content::cursor_field_valid
// also get the raw input.
//
// Invariants (a violation aborts, which libFuzzer reports as a crash):
//   - no crash, no sanitizer finding, no leak;
//   - every response has a status in 100..599 and never 500, carries
//     X-Request-Id and traceparent, and has an empty body for HEAD;
//   - every JSON or problem+json body is valid JSON;
//   - the response the server would write serializes (prepare_payload does not
//     throw) and parses back to the same status, headers and body;
//   - read errors map to 400, 408, 413 or 431, as reason_for in server.cpp does;
//   - decode_path yields UTF-8 without control characters, trace_context a
//     well-formed W3C trace context, request_id a short plain id;
//   - a cursor field that content::cursor_field_valid accepts is one
//     PostgreSQL accepts as the field's SQL type (bigint, integer, real,
//     double precision), checked on the tokens of the raw input (split at
//     | & = ? / : ; , space and line ends: query values, cursor fields).
//   - metrics labels come from small fixed sets: see kMaxMethodLabels below.
#include <boost/asio/buffer.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/json/parse.hpp>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "content/paging.hpp"
#include "core/config.hpp"
#include "core/crypto.hpp"
#include "core/errors.hpp"
#include "core/json_body.hpp"
#include "core/json_text.hpp"
#include "core/log.hpp"
#include "core/metrics.hpp"
#include "core/utf8.hpp"
#include "http/message.hpp"
#include "http/pipeline.hpp"
#include "http/router.hpp"
#include "invariant.hpp"
#include "live/event_text.hpp"
#include "postgres_input.hpp"
#include "support/run_task.hpp"
#include "uploads/names.hpp"
#include "uploads/validate.hpp"

namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using agora::Problem;
using agora::Task;
using agora::http::Request;
using agora::http::Response;

// ---------------------------------------------------------------- the routes
// A few routes shaped like the real ones (literal and {param} segments),
// whose handlers read what real handlers read, through the same helpers:
// query parameters (content/paging, live/event_text), cookies, headers, JSON
// bodies (JsonBody), upload bodies (uploads::check_upload). Nothing here
// touches a database: where a real handler would query, these answer from
// the request alone.

std::string quoted(std::string_view s) { return agora::json_text::quote(s); }

// typed_cursor_param, then what the query does with the fields: casts each
// to its SQL type. A field the check let through that the cast refuses
// would be a database error, i.e. a 500 for a forged cursor.
std::vector<std::string> sql_cursor(const Request& req, std::initializer_list<agora::content::CursorField> types) {
  auto fields = agora::content::typed_cursor_param(req, types);
  if (fields.empty()) return fields;
  CHECK(fields.size() == types.size(), "typed_cursor_param returned another number of fields");
  std::size_t i = 0;
  for (const auto type : types) {
    CHECK(postgres_accepts(fields[i], type), "typed_cursor_param accepted cursor field '" + fields[i] +
                                                 "' that PostgreSQL refuses as type " + std::to_string(int(type)));
    ++i;
  }
  return fields;
}

// What accounts/auth.cpp does with credentials, without the session lookup.
void authenticate(const Request& req, bool required) {
  if (auto h = req.header("authorization")) {
    if (!(h->size() > 7 && agora::http::iequals(h->substr(0, 7), "bearer ")))
      throw Problem::unauthorized("Use 'Authorization: Bearer <token>'.");
    return;
  }
  if (req.cookie("agora_session")) {
    // Cookie sessions need the CSRF header on unsafe methods.
    const bool safe = req.method == "GET" || req.method == "HEAD" || req.method == "OPTIONS";
    if (!safe) {
      auto csrf = req.cookie("agora_csrf");
      auto sent = req.header("x-csrf-token");
      if (!csrf || !sent || *csrf != *sent) throw Problem::forbidden("Missing or wrong CSRF token.");
    }
    return;
  }
  if (required) throw Problem::unauthorized();
}

std::int64_t path_id(const Request& req, std::string_view name) {
  std::int64_t id = 0;
  if (!agora::content::parse_id(req.param(name), id)) throw Problem::not_found("No such post.");
  return id;
}

const agora::Config& fuzz_config() {
  static const agora::Config c = [] {
    agora::Config c;
    c.access_log = false;
    return c;
  }();
  return c;
}

agora::http::Router make_router() {
  using agora::http::Router;
  Router r;
  r.add("GET", "/livez", [](Request&) -> Task<Response> { co_return Response::text(200, "ok\n"); });

  r.add("GET", "/api/v1/feed", [](Request& req) -> Task<Response> {
    const auto scope = agora::content::choice_param(req, "scope", {"all", "home", "community"}, "all");
    const auto sort = agora::content::choice_param(req, "sort", {"hot", "new", "top"}, "hot");
    const int limit = agora::content::page_limit(req, 25, 100);
    using agora::content::CursorField;
    const auto key = sort == "new" ? CursorField::micros : sort == "top" ? CursorField::int32 : CursorField::float8;
    const auto after = sql_cursor(req, {key, CursorField::id});
    auto community = req.query_param("community");
    if (scope == "community" && (!community || community->empty()))
      throw Problem::bad_request("scope=community needs the 'community' query parameter (its slug).");
    if (scope != "community" && community)
      throw Problem::bad_request("The 'community' query parameter goes with scope=community.");
    authenticate(req, scope == "home");
    std::vector<std::string> items{quoted(sort), std::to_string(limit), quoted(community.value_or(""))};
    co_return Response::json(200, agora::content::render_page(items, after));
  });

  r.add("GET", "/api/v1/communities/{slug}/posts", [](Request& req) -> Task<Response> {
    const auto sort = agora::content::choice_param(req, "sort", {"hot", "new", "top"}, "hot");
    const int limit = agora::content::page_limit(req, 25, 100);
    using agora::content::CursorField;
    const auto after = sql_cursor(req, {CursorField::int32, CursorField::id});
    authenticate(req, false);
    std::vector<std::string> items{quoted(req.param("slug")), quoted(sort), std::to_string(limit)};
    if (auto ua = req.header("user-agent")) items.push_back(quoted(*ua));
    co_return Response::json(200, agora::content::render_page(items, after));
  });

  r.add("POST", "/api/v1/communities/{slug}/posts", [](Request& req) -> Task<Response> {
    authenticate(req, true);
    auto body = agora::JsonBody::parse(req.header("content-type").value_or(""), req.body);
    auto title = body.required_string("title", 300);
    auto text = body.optional_string("body", 40'000);
    auto tags = body.optional_string_array("tags", 5, 32);
    auto nsfw = body.optional_bool("nsfw");
    auto flair = body.optional_int("flair");
    body.finish();
    const std::int64_t id = std::int64_t(title.size() + (text ? text->size() : 0) + (tags ? tags->size() : 0)) +
                            (nsfw.value_or(false) ? 1 : 0) + (flair ? 2 : 0) + 1;
    auto res = Response::json(201, "{\"id\":" + std::to_string(id) + ",\"title\":" + quoted(title) + "}");
    res.headers.emplace_back("Location", "/api/v1/posts/" + std::to_string(id));
    co_return res;
  });

  r.add("GET", "/api/v1/users/{username}", [](Request& req) -> Task<Response> {
    const auto name = req.param("username");
    if (name.size() > 32 || agora::utf8::length(name) < 3) throw Problem::not_found("No such user.");
    const std::string etag = "\"u" + std::to_string(name.size()) + "\"";
    if (auto inm = req.header("if-none-match"); inm && *inm == etag) {
      Response res{304, {}, {}, {}};
      res.headers.emplace_back("ETag", etag);
      co_return res;
    }
    auto res = Response::json(200, "{\"username\":" + quoted(name) + "}");
    res.headers.emplace_back("ETag", etag);
    co_return res;
  });

  r.add("PUT", "/api/v1/posts/{id}/votes/{direction}", [](Request& req) -> Task<Response> {
    path_id(req, "id");
    authenticate(req, true);
    const auto dir = req.param("direction");
    if (dir != "up" && dir != "down") throw Problem::not_found("Votes are up or down.");
    co_return Response::no_content();
  });
  r.add("DELETE", "/api/v1/posts/{id}/votes/{direction}", [](Request& req) -> Task<Response> {
    path_id(req, "id");
    authenticate(req, true);
    co_return Response::no_content();
  });

  // Event streams need the socket; this one answers with what it would resume from.
  r.add("GET", "/api/v1/posts/{id}/events", [](Request& req) -> Task<Response> {
    const auto id = path_id(req, "id");
    const auto last = agora::live::last_event_id(req);
    co_return Response::json(200, "{\"post\":" + std::to_string(id) +
                                      ",\"after\":" + (last ? std::to_string(*last) : std::string("null")) + "}");
  });

  // As search/routes.cpp: the cursor is (rank as real, id as bigint).
  r.add("GET", "/api/v1/search", [](Request& req) -> Task<Response> {
    auto q = req.query_param("q");
    if (!q || q->empty() || agora::utf8::length(*q) > 256)
      throw Problem::bad_request("Query parameter 'q' is required (1 to 256 characters).");
    const auto type = agora::content::choice_param(req, "type", {"posts", "comments"}, "posts");
    const int limit = agora::content::page_limit(req, 20, 100);
    using agora::content::CursorField;
    const auto after = sql_cursor(req, {CursorField::float4, CursorField::id});
    std::vector<std::string> items{quoted(*q), quoted(type), std::to_string(limit)};
    co_return Response::json(200, agora::content::render_page(items, after));
  });

  r.add(
      "POST", "/api/v1/uploads",
      [](Request& req) -> Task<Response> {
        authenticate(req, true);
        const auto& c = fuzz_config();
        const auto info = agora::uploads::check_upload(req.header("content-type"), req.body,
                                                       {c.upload_max_bytes, c.upload_max_pixels});
        const agora::uploads::MediaName name{agora::crypto::sha256_hex(req.body), info.type};
        const auto back = agora::uploads::parse_media_url(name.url());
        CHECK(back && back->sha256 == name.sha256 && back->type == name.type, "media url does not parse back");
        auto res = Response::json(201, "{\"url\":" + quoted(name.url()) + ",\"width\":" + std::to_string(info.width) +
                                           ",\"height\":" + std::to_string(info.height) + "}");
        res.headers.emplace_back("Location", name.url());
        co_return res;
      },
      // As the real route: megabytes are read only for a signed-in caller.
      agora::http::RouteOptions{.max_body_bytes = fuzz_config().upload_max_bytes,
                                .before_body = [](Request& req) -> Task<Response> {
                                  authenticate(req, true);
                                  co_return Response::no_content();
                                }});

  r.add("GET", "/media/{name}", [](Request& req) -> Task<Response> {
    const auto name = agora::uploads::parse_file_name(req.param("name"));
    if (!name) throw Problem::not_found("No such media file.");
    const std::string etag = "\"" + name->sha256 + "\"";
    Response res;
    if (auto inm = req.header("if-none-match"); inm && inm->find(etag) != std::string_view::npos) {
      res.status = 304;
      res.content_type.clear();
    } else {
      res.status = 200;
      res.content_type = std::string(agora::uploads::media_type(name->type));
      res.body = std::string(16, 'x');
    }
    res.headers.emplace_back("Cache-Control", "public, max-age=31536000, immutable");
    res.headers.emplace_back("ETag", etag);
    co_return res;
  });
  return r;
}

// ---------------------------------------------------------------- the pipeline

boost::asio::io_context& ioc() {
  static boost::asio::io_context io{1};
  return io;
}

const agora::http::Router& router() {
  static const agora::http::Router r = make_router();
  return r;
}

agora::http::Pipeline& pipeline() {
  static agora::http::Pipeline p(router(), fuzz_config());
  return p;
}

// ---------------------------------------------------------------- the input as a socket
// A SyncReadStream over the fuzz input that hands out at most `chunk` bytes
// per read, as a socket would hand out what has arrived.
class InputStream {
 public:
  InputStream(std::string_view data, std::size_t chunk) : data_(data), chunk_(chunk) {}

  template <class MutableBufferSequence>
  std::size_t read_some(const MutableBufferSequence& buffers, boost::system::error_code& ec) {
    if (pos_ == data_.size()) {
      ec = boost::asio::error::eof;
      return 0;
    }
    const std::size_t want = std::min(chunk_, data_.size() - pos_);
    const std::size_t n = boost::asio::buffer_copy(buffers, boost::asio::buffer(data_.data() + pos_, want));
    pos_ += n;
    ec = {};
    return n;
  }
  template <class MutableBufferSequence>
  std::size_t read_some(const MutableBufferSequence& buffers) {
    boost::system::error_code ec;
    const std::size_t n = read_some(buffers, ec);
    if (ec) throw boost::system::system_error(ec);
    return n;
  }

 private:
  std::string_view data_;
  std::size_t chunk_;
  std::size_t pos_ = 0;
};

// A request as parsed, for comparing the passes.
struct Parsed {
  std::string method, target;
  unsigned version = 0;
  std::vector<std::pair<std::string, std::string>> fields;
  std::string body;
  bool keep_alive = false;
  bool operator==(const Parsed&) const = default;
};

// How the server ends a connection's read loop.
enum class End { closed, keep_alive_off, read_error, too_large, refused, request_cap };

const char* end_name(End e) {
  switch (e) {
    case End::closed:
      return "closed by the client";
    case End::keep_alive_off:
      return "not kept alive";
    case End::read_error:
      return "read error";
    case End::too_large:
      return "413 (Content-Length over the route's limit)";
    case End::refused:
      return "refused before the body";
    case End::request_cap:
      return "request cap of this target";
  }
  return "?";
}

struct Limits {
  std::size_t header_bytes, body_bytes;
};

// The status server.cpp's reason_for gives a read error.
int status_for(const beast::error_code& ec) {
  if (ec == bhttp::error::header_limit) return 431;
  if (ec == bhttp::error::body_limit) return 413;
  if (ec == beast::error::timeout) return 408;
  return 400;
}

bool is_limit_error(const beast::error_code& ec) {
  return ec == bhttp::error::header_limit || ec == bhttp::error::body_limit;
}

// Pipelined requests handled per input at most (the connection's own loop is
// unbounded; this keeps one input's run time bounded).
constexpr int kMaxRequests = 16;

// The server's Request from a parsed head (the body comes later).
Request request_from_head(const bhttp::request_parser<bhttp::string_body>::value_type& head, bool trust_proxy) {
  Request req;
  req.method = std::string(head.method_string());
  req.target = std::string(head.target());
  for (const auto& f : head) req.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
  req.client_ip = "192.0.2.1";
  if (trust_proxy) {
    // As server.cpp: the ALB appends the peer it saw; the last entry is the one we trust.
    if (auto xff = req.header("x-forwarded-for")) {
      auto last = xff->substr(xff->rfind(',') == std::string_view::npos ? 0 : xff->rfind(',') + 1);
      while (!last.empty() && last.front() == ' ') last.remove_prefix(1);
      if (!last.empty()) req.client_ip = std::string(last);
    }
  }
  return req;
}

// What the server does after a request was read in full (pass 1 only).
void handle(Request& req, const Parsed& p);
// What it does when the route refused the request after its head (pass 1 only).
void check_refusal(const Response& res, const Request& req, unsigned version);

// The read loop of Server::Impl::session: head, admission by the route,
// body within the route's limit, then the pipeline and the write (only when
// `serve`; the other passes only parse). Returns why the loop ended, with the
// last read error.
End read_requests(std::string_view data, std::size_t chunk, Limits limits, bool trust_proxy, bool serve,
                  std::vector<Parsed>& out, beast::error_code& last_ec) {
  InputStream stream(data, chunk);
  beast::flat_buffer buffer;
  for (int n = 0; n < kMaxRequests; ++n) {
    if (buffer.size() == 0) {
      beast::error_code ec;
      const std::size_t got = stream.read_some(buffer.prepare(8192), ec);
      if (ec) return End::closed;
      buffer.commit(got);
    }
    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(std::uint32_t(limits.header_bytes));
    parser.body_limit(limits.body_bytes);
    beast::error_code ec;
    bhttp::read_header(stream, buffer, parser, ec);
    if (ec == bhttp::error::end_of_stream) return End::closed;
    if (ec) {
      last_ec = ec;
      const int status = status_for(ec);
      CHECK(status == 400 || status == 413 || status == 431, "unexpected read error status");
      return End::read_error;
    }
    CHECK(parser.is_header_done(), "read_header returned without a head");
    const auto& head = parser.get();

    // The route decides how much body it takes, and may refuse the request
    // before a byte of the body is read.
    Request req = request_from_head(head, trust_proxy);
    auto admission = agora::test::run_task(ioc(), pipeline().admit(req));
    CHECK(admission.max_body_bytes > 0, "a route takes no body at all");
    const std::size_t max_body = std::min(admission.max_body_bytes, limits.body_bytes);
    if (admission.response) {
      if (serve) check_refusal(*admission.response, req, head.version());
      return End::refused;
    }
    if (parser.content_length() && *parser.content_length() > max_body) return End::too_large;
    parser.body_limit(max_body);
    if (!parser.is_done()) {
      // The server answers 100 Continue first; this only exercises the check.
      (void)bhttp::token_list(head[bhttp::field::expect]).exists("100-continue");
      bhttp::read(stream, buffer, parser, ec);
      if (ec) {
        last_ec = ec;
        return End::read_error;
      }
    }
    CHECK(parser.is_done(), "read returned before the message was complete");
    auto msg = parser.release();
    Parsed p;
    p.method = std::string(msg.method_string());
    p.target = std::string(msg.target());
    p.version = msg.version();
    for (const auto& f : msg) p.fields.emplace_back(std::string(f.name_string()), std::string(f.value()));
    p.body = msg.body();
    p.keep_alive = msg.keep_alive();
    out.push_back(p);
    if (serve) {
      req.body = std::move(msg.body());
      handle(req, p);
    }
    if (!p.keep_alive) return End::keep_alive_off;
  }
  return End::request_cap;
}

// ---------------------------------------------------------------- checks

bool is_hex(std::string_view s) {
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

void check_trace(const agora::http::TraceContext& t) {
  CHECK(t.trace_id.size() == 32 && is_hex(t.trace_id), "trace id is not 32 lower-case hex digits");
  CHECK(t.trace_id.find_first_not_of('0') != std::string::npos, "trace id is all zeros");
  CHECK(t.span_id.size() == 16 && is_hex(t.span_id), "span id is not 16 lower-case hex digits");
  CHECK(t.parent_id.empty() || (t.parent_id.size() == 16 && is_hex(t.parent_id)), "bad parent id");
  CHECK(t.flags.size() == 2 && is_hex(t.flags), "bad trace flags");
  CHECK(t.header().size() == 55, "traceparent header is not 55 characters");
}

bool plain_id(std::string_view s) {
  if (s.empty() || s.size() > 128) return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' || c == ':')) return false;
  return true;
}

void check_request_id(std::optional<std::string_view> sent) {
  const std::string id = agora::http::request_id(sent);
  CHECK(plain_id(id), "request id is not plain");
  if (sent && plain_id(*sent)) CHECK(id == *sent, "a plain client request id was not kept");
}

void check_decode_path(std::string_view raw) {
  const auto out = agora::http::decode_path(raw);
  if (!out) return;
  CHECK(agora::utf8::valid(*out), "decode_path returned invalid UTF-8");
  for (unsigned char c : *out) CHECK(c >= 0x20 && c != 0x7F, "decode_path returned a control character");
  CHECK(out->size() <= raw.size(), "decode_path grew its input");
  if (raw.find('%') == std::string_view::npos) CHECK(*out == raw, "decode_path changed a path without escapes");
}

// A cursor field that passes the check must reach SQL as a value of its
// type: anything else is a cast error in the query (a 500), which is what
// the check exists to prevent.
void check_cursor_fields(std::string_view input) {
  using agora::content::CursorField;
  std::size_t tokens = 0;
  while (!input.empty() && tokens++ < 64) {
    const auto bar = input.find_first_of("|&=?/:;, \r\n");
    const std::string_view field = input.substr(0, std::min<std::size_t>(bar, 64));
    input = bar == std::string_view::npos ? std::string_view() : input.substr(bar + 1);
    if (field.find('\0') != std::string_view::npos) continue;
    for (const auto type :
         {CursorField::id, CursorField::int32, CursorField::micros, CursorField::float4, CursorField::float8})
      if (agora::content::cursor_field_valid(field, type))
        CHECK(postgres_accepts(field, type), "cursor field '" + std::string(field) + "' passes the check for type " +
                                                 std::to_string(int(type)) + " but PostgreSQL refuses it");
  }
}

bool valid_json(std::string_view body) {
  boost::system::error_code ec;
  boost::json::parse(body, ec);
  return !ec;
}

std::optional<std::string_view> response_header(const Response& res, std::string_view name) {
  for (const auto& [k, v] : res.headers)
    if (agora::http::iequals(k, name)) return std::string_view(v);
  return std::nullopt;
}

// Serializes the response exactly as the server's session does, then parses
// the bytes back as a client would.
void check_wire(const Response& res, const Request& req, unsigned version, bool keep_alive) {
  bhttp::response<bhttp::string_body> out{bhttp::status(res.status), version};
  if (!res.content_type.empty()) out.set(bhttp::field::content_type, res.content_type);
  for (const auto& [k, v] : res.headers) out.insert(k, v);
  out.body() = res.body;
  out.keep_alive(keep_alive);
  try {
    out.prepare_payload();  // throws for a body on 1xx/204/304: the server would drop the connection
  } catch (const std::exception& e) {
    fail(std::string("the server cannot serialize this response: ") + e.what() + " (status " +
         std::to_string(res.status) + ")");
  }
  if (req.method == "HEAD") out.body().clear();

  bhttp::response_serializer<bhttp::string_body> sr{out};
  std::string wire;
  beast::error_code ec;
  do {
    sr.next(ec, [&](beast::error_code&, const auto& buffers) {
      wire += beast::buffers_to_string(buffers);
      sr.consume(beast::buffer_bytes(buffers));
    });
    CHECK(!ec, "serializing the response failed: " + ec.message());
  } while (!sr.is_done());

  bhttp::response_parser<bhttp::string_body> back;
  back.header_limit(1u << 20);
  back.body_limit(boost::none);
  back.eager(true);
  if (req.method == "HEAD" || res.status == 204 || res.status == 304 || res.status < 200) back.skip(true);
  back.put(boost::asio::buffer(wire), ec);
  if (!ec && !back.is_done()) back.put_eof(ec);
  CHECK(!ec && back.is_done(), "the serialized response does not parse back: " + ec.message());
  const auto& m = back.get();
  CHECK(m.result_int() == unsigned(res.status), "status changed on the wire");
  if (req.method != "HEAD") CHECK(m.body() == res.body, "body changed on the wire");
  for (const auto& [k, v] : res.headers) {
    bool found = false;
    for (auto [it, end] = m.equal_range(k); it != end; ++it)
      if (it->value() == v) found = true;
    CHECK(found, "response header " + k + " did not survive serialization");
  }
}

// ---------------------------------------------------------------- the server's next steps

// Metrics labels: route, method and status of http_requests_total (and the
// latency histogram). Each must come from a small fixed set, or any client
// can grow the registry (and /metrics, and Prometheus) without bound by
// sending new values. The route is checked per request (a pattern of the
// router, or "unmatched"); the methods and the series are counted in the
// registry every 256 inputs, a cumulative check: the input it stops on is
// not the cause on its own (replay the corpus directory to reproduce).
constexpr std::size_t kMaxMethodLabels = 16;     // HTTP's usual methods and "other", with room
constexpr std::size_t kMaxRequestSeries = 4000;  // routes x methods x statuses, with room

struct LabelCounts {
  std::size_t series = 0;
  std::set<std::string> methods;
};

LabelCounts request_labels() {
  const std::string text = agora::metrics::Registry::global().render();
  LabelCounts out;
  const std::string_view series = "\nhttp_requests_total{", key = "method=\"";
  for (std::size_t pos = 0; (pos = text.find(series, pos)) != std::string::npos; ++pos) {
    ++out.series;
    const std::size_t eol = text.find('\n', pos + 1);
    const std::size_t m = text.find(key, pos);
    if (m == std::string::npos || m > eol) continue;
    std::string value;
    for (std::size_t i = m + key.size(); i < eol && text[i] != '"'; ++i) {
      if (text[i] == '\\' && i + 1 < eol) ++i;  // Prometheus escapes \\, \" and \n
      value.push_back(text[i]);
    }
    out.methods.insert(value);
  }
  return out;
}

bool is_route_label(std::string_view route) {
  if (route == "unmatched") return true;
  for (const auto& r : router().routes())
    if (r.pattern == route) return true;
  return false;
}

// AGORA_FUZZ_VERBOSE=1: one line per request handled, to see what an input does.
const bool g_verbose = std::getenv("AGORA_FUZZ_VERBOSE") != nullptr;

// What every response the pipeline gives must satisfy.
void check_response(const Response& res, const Request& req) {
  CHECK(res.status >= 100 && res.status <= 599, "status out of range: " + std::to_string(res.status));
  CHECK(res.status != 500, "the pipeline answered 500 (an exception other than Problem escaped a handler)");
  CHECK(!res.stream, "no route here streams");
  const auto rid = response_header(res, "X-Request-Id");
  CHECK(rid && *rid == req.request_id && plain_id(*rid), "X-Request-Id missing or not the request's id");
  const auto tp = response_header(res, "traceparent");
  CHECK(tp && tp->size() == 55, "traceparent missing or malformed");
  if (req.method == "HEAD") CHECK(res.body.empty(), "HEAD response with a body");
  if (!res.body.empty() && (res.content_type == "application/json" || res.content_type == "application/problem+json"))
    CHECK(valid_json(res.body), "response body is not valid JSON: " + res.body.substr(0, 200));
}

void check_refusal(const Response& res, const Request& req, unsigned version) {
  if (g_verbose)
    std::fprintf(stderr, "  %s %s -> %d before its body\n", req.method.c_str(), req.target.substr(0, 120).c_str(),
                 res.status);
  CHECK(res.status >= 400 && res.status <= 499, "a route refused a head with " + std::to_string(res.status));
  check_response(res, req);
  CHECK(is_route_label(req.route), "route label '" + req.route + "' is not a pattern of the router");
  check_wire(res, req, version, /*keep_alive=*/false);
}

void handle(Request& req, const Parsed& p) {
  // The pieces the pipeline uses, on this request's own values.
  check_request_id(req.header("x-request-id"));
  check_trace(agora::http::trace_context(req.header("traceparent")));
  const std::string raw_path = req.target.substr(0, req.target.find('?'));
  check_decode_path(raw_path);

  Response res = agora::test::run_task(ioc(), pipeline().handle(req));

  if (g_verbose)
    std::fprintf(stderr, "  %s %s -> %d %s\n", req.method.c_str(), req.target.substr(0, 120).c_str(), res.status,
                 req.route.c_str());
  check_response(res, req);
  CHECK(is_route_label(req.route), "route label '" + req.route + "' is not a pattern of the router");
  if (!agora::http::decode_path(raw_path)) CHECK(res.status == 400, "undecodable path not answered 400");
  else CHECK(req.path == *agora::http::decode_path(raw_path), "the pipeline's path is not decode_path's");

  const bool keep_alive = p.keep_alive && !pipeline().draining();
  check_wire(res, req, p.version, keep_alive);
}

std::uint64_t g_runs = 0;

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  agora::crypto::init();
  agora::log::set_level("error");  // the pipeline logs 500s at error level: keep those visible
  (void)pipeline();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto& config = fuzz_config();
  const Limits server{config.http_max_header_bytes, config.http_max_body_bytes};

  // The helpers on raw bytes (not only what Beast lets through).
  check_decode_path(input.substr(0, 4096));
  check_trace(agora::http::trace_context(input.substr(0, 55)));
  check_request_id(input.substr(0, 130));
  check_cursor_fields(input.substr(0, 2048));

  // 1. As the server reads it, each request through the pipeline.
  const bool trust_proxy = (size & 1) != 0;
  std::vector<Parsed> first;
  beast::error_code first_ec;
  const End first_end = read_requests(input, 8192, server, trust_proxy, /*serve=*/true, first, first_ec);

  if (g_verbose)
    std::fprintf(stderr, "  connection ends: %s%s%s\n", end_name(first_end), first_ec ? ", " : "",
                 first_ec ? first_ec.message().c_str() : "");

  // 2. The same bytes a few at a time: the same requests, the same ending.
  std::vector<Parsed> second;
  beast::error_code second_ec;
  const std::size_t chunk = 1 + (size ? data[size - 1] % 7 : 0);
  const End second_end = read_requests(input, chunk, server, trust_proxy, /*serve=*/false, second, second_ec);
  CHECK(first == second, "the requests parsed depend on how the bytes arrive");
  // Which error Beast names may depend on how much it has seen (a bad method
  // in a complete line, a partial message at the end of a short read); the
  // answer the server gives for it may not.
  CHECK(first_end == second_end && (first_end != End::read_error || status_for(first_ec) == status_for(second_ec)),
        "the connection ends differently depending on how the bytes arrive: " + first_ec.message() + " vs " +
            second_ec.message());

  // 3. The smallest limits the server accepts: a prefix, cut by a limit.
  std::vector<Parsed> third;
  beast::error_code third_ec;
  const End third_end = read_requests(input, 8192, {1024, 1024}, trust_proxy, /*serve=*/false, third, third_ec);
  CHECK(third.size() <= first.size(), "lower limits parsed more requests");
  for (std::size_t i = 0; i < third.size(); ++i) CHECK(third[i] == first[i], "lower limits changed a request");
  if (third.size() < first.size())
    CHECK(third_end == End::too_large || (third_end == End::read_error && is_limit_error(third_ec)),
          "lower limits cut the connection short without a limit error: " + third_ec.message());

  if (++g_runs % 256 == 0) {
    const LabelCounts labels = request_labels();
    std::string some;
    for (const auto& m : labels.methods) some += (some.empty() ? "" : ", ") + m.substr(0, 20);
    CHECK(labels.methods.size() <= kMaxMethodLabels,
          "http_requests_total has " + std::to_string(labels.methods.size()) + " method labels (" +
              some.substr(0, 300) + "): clients choose the method label, so the metrics registry grows without bound");
    CHECK(labels.series <= kMaxRequestSeries,
          "http_requests_total has " + std::to_string(labels.series) + " series: a label takes client-chosen values");
  }
  return 0;
}
