// The HTTP server over real sockets: hostile and malformed input, slow
// clients, keep-alive and pipelining, routing errors, and the headers every
// response carries.
#include "http/server.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <regex>
#include <thread>

#include "support/api.hpp"
#include "support/elapsed.hpp"

namespace agora::test {
namespace {
namespace json = boost::json;
using std::chrono::milliseconds;

constexpr milliseconds kHeaderTimeout{400};
constexpr milliseconds kBodyTimeout{500};
constexpr std::size_t kMaxHeader = 4096;
constexpr std::size_t kMaxBody = 8192;

class HttpServer : public ApiTest {
 protected:
  void configure(Config& c) override {
    c.http_header_timeout = kHeaderTimeout;
    c.http_body_timeout = kBodyTimeout;
    c.http_max_header_bytes = kMaxHeader;
    c.http_max_body_bytes = kMaxBody;
  }
  RawConnection connect() { return RawConnection(server().port()); }
};

// Headers the pipeline adds to every response.
::testing::AssertionResult HasCommonHeaders(const HttpResponse& r) {
  const std::regex hex32("[0-9a-f]{32}");
  const auto id = r.header("X-Request-Id");
  if (!id || id->empty()) return ::testing::AssertionFailure() << "no X-Request-Id: " << describe(r);
  const auto tp = r.header("traceparent");
  if (!tp || !std::regex_match(*tp, std::regex("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}")))
    return ::testing::AssertionFailure() << "no valid traceparent (" << tp.value_or("none") << "): " << describe(r);
  if (r.header("Cache-Control") != "no-store")
    return ::testing::AssertionFailure() << "Cache-Control is not no-store: " << describe(r);
  if (r.header("X-Content-Type-Options") != "nosniff")
    return ::testing::AssertionFailure() << "no X-Content-Type-Options: nosniff: " << describe(r);
  return ::testing::AssertionSuccess();
}

TEST_F(HttpServer, AHugeHeaderIs431) {
  auto c = connect();
  c.send("GET /livez HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(kMaxHeader + 1000, 'b') + "\r\n\r\n");
  auto r = c.read_response();
  EXPECT_TRUE(IsProblem(r, 431));
  EXPECT_TRUE(c.wait_closed(milliseconds(2000)).has_value()) << "connection left open after 431";
  // Many small headers add up the same way.
  auto c2 = connect();
  std::string many = "GET /livez HTTP/1.1\r\nHost: x\r\n";
  for (int i = 0; i < 400; ++i) many += "X-H" + std::to_string(i) + ": v\r\n";
  c2.send(many + "\r\n");
  EXPECT_TRUE(IsProblem(c2.read_response(), 431));
}

TEST_F(HttpServer, GarbageRequestsAre400) {
  for (const std::string& garbage :
       {std::string("GARBAGE\r\n\r\n"), std::string("GET /livez\r\n\r\n"), std::string("GET /livez HTTP/9.9\r\n\r\n"),
        std::string("G\x01T /livez HTTP/1.1\r\nHost: x\r\n\r\n"),
        std::string("GET /livez HTTP/1.1\r\nBad Header Name: x\r\n\r\n"),
        std::string("GET /livez HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n"),
        std::string("POST /livez HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab"),
        std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11) + std::string("\r\n\r\n")}) {
    SCOPED_TRACE(json::serialize(json::string(garbage)));
    auto c = connect();
    c.send(garbage);
    auto r = c.read_response();
    EXPECT_TRUE(IsProblem(r, 400));
    EXPECT_TRUE(c.wait_closed(milliseconds(2000)).has_value());
  }
  // The server is fine afterwards.
  EXPECT_EQ(http().get("/livez").status, 200);
}

TEST_F(HttpServer, ErrorsFromTheConnectionLayerCarryTheCommonHeaders) {
  auto c = connect();
  c.send("GARBAGE\r\n\r\n");
  auto r = c.read_response();
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(HasCommonHeaders(r));
  auto big = connect();
  big.send("GET /livez HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(kMaxHeader + 1000, 'b') + "\r\n\r\n");
  auto r2 = big.read_response();
  EXPECT_EQ(r2.status, 431);
  EXPECT_TRUE(HasCommonHeaders(r2));
}

TEST_F(HttpServer, ASlowHeaderGets408AndTheConnectionIsClosed) {
  auto c = connect();
  const auto started = Clock::now();
  c.send("GET /livez HTTP/1.1\r\nHost: x\r\n");  // and never the blank line
  HttpResponse r;
  try {
    r = c.read_response(milliseconds(3000));
  } catch (const std::exception& e) {
    ADD_FAILURE() << "no 408 response: " << e.what() << " after " << since(started).count() << " ms";
  }
  EXPECT_TRUE(IsProblem(r, 408));
  EXPECT_TRUE(c.wait_closed(milliseconds(1000)).has_value()) << "connection still open after the timeout";
  const auto took = since(started);
  EXPECT_GE(took.count(), kHeaderTimeout.count() - 50);
  EXPECT_LT(took.count(), kHeaderTimeout.count() + 1500);
}

TEST_F(HttpServer, ANewConnectionThatSendsNothingIsClosedAfterTheHeaderTimeout) {
  // A connection that never sends a request is not an idle keep-alive
  // connection: it gets the (short) header timeout, not the idle timeout.
  TestServer s(db().url(), [](Config& c) {
    c.http_header_timeout = milliseconds(300);
    c.http_idle_timeout = milliseconds(1500);
  });
  RawConnection c(s.port());
  const auto took = c.wait_closed(milliseconds(5000));
  ASSERT_TRUE(took.has_value()) << "silent connection never closed";
  EXPECT_GE(took->count(), 250);
  EXPECT_LT(took->count(), 1200) << "closed after the idle timeout, not the header timeout";
  // After a response, the idle timeout applies.
  RawConnection k(s.port());
  k.send(format_request("GET", "/livez", "", {}));
  EXPECT_EQ(k.read_response().status, 200);
  const auto idle = k.wait_closed(milliseconds(5000));
  ASSERT_TRUE(idle.has_value()) << "idle connection never closed";
  EXPECT_GE(idle->count(), 1400);
}

TEST_F(HttpServer, ABodyDribbledSlowerThanTheBodyTimeoutGets408) {
  auto c = connect();
  const std::string body = R"({"login":"someone","password":"something-long"})";
  c.send("POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n\r\n");
  const auto started = Clock::now();
  // One byte every 100 ms: the whole body would take about 5 s.
  std::size_t sent = 0;
  while (sent < body.size() && since(started) < milliseconds(3000)) {
    if (!c.send(body.substr(sent, 1))) break;
    ++sent;
    std::this_thread::sleep_for(milliseconds(100));
  }
  ASSERT_LT(sent, body.size()) << "the server read the whole dribbled body";
  HttpResponse r;
  try {
    r = c.read_response(milliseconds(2000));
  } catch (const std::exception& e) {
    ADD_FAILURE() << "no 408 response: " << e.what() << " after " << since(started).count() << " ms";
  }
  EXPECT_TRUE(IsProblem(r, 408));
  EXPECT_LT(since(started).count(), kBodyTimeout.count() + 2500);
}

TEST_F(HttpServer, KeepAliveServesSeveralRequestsOnOneConnection) {
  auto c = connect();
  for (int i = 0; i < 3; ++i) {
    SCOPED_TRACE(i);
    ASSERT_TRUE(c.send(format_request("GET", "/livez", "", {{"X-Request-Id", "ka-" + std::to_string(i)}})));
    auto r = c.read_response();
    EXPECT_EQ(r.status, 200);
    EXPECT_TRUE(r.keep_alive);
    EXPECT_EQ(r.header("X-Request-Id"), "ka-" + std::to_string(i));
  }
  // A request with a body, then one without, on the same connection.
  ASSERT_TRUE(
      c.send(format_request("POST", "/api/v1/auth/login", R"({"login":"x"})", {{"Content-Type", "application/json"}})));
  EXPECT_EQ(c.read_response().status, 422);
  ASSERT_TRUE(c.send(format_request("GET", "/livez", "", {})));
  EXPECT_EQ(c.read_response().status, 200);
}

TEST_F(HttpServer, PipelinedRequestsAreAnsweredInOrder) {
  auto c = connect();
  std::string both = format_request("GET", "/livez", "", {{"X-Request-Id", "first"}}) +
                     format_request("POST", "/api/v1/auth/login", R"({"login":"x"})",
                                    {{"Content-Type", "application/json"}, {"X-Request-Id", "second"}}) +
                     format_request("GET", "/api/v1/users/nobody_here", "", {{"X-Request-Id", "third"}});
  ASSERT_TRUE(c.send(both));
  auto a = c.read_response();
  auto b = c.read_response();
  auto d = c.read_response();
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(a.header("X-Request-Id"), "first");
  EXPECT_EQ(b.status, 422);
  EXPECT_EQ(b.header("X-Request-Id"), "second");
  EXPECT_EQ(d.status, 404);
  EXPECT_EQ(d.header("X-Request-Id"), "third");
}

TEST_F(HttpServer, ConnectionCloseAndHttp10CloseAfterTheResponse) {
  auto c = connect();
  c.send(format_request("GET", "/livez", "", {{"Connection", "close"}}));
  auto r = c.read_response();
  EXPECT_EQ(r.status, 200);
  EXPECT_FALSE(r.keep_alive);
  EXPECT_TRUE(c.wait_closed(milliseconds(2000)).has_value());

  auto old = connect();
  old.send("GET /livez HTTP/1.0\r\n\r\n");
  auto r10 = old.read_response();
  EXPECT_EQ(r10.status, 200);
  EXPECT_TRUE(old.wait_closed(milliseconds(2000)).has_value());
}

TEST_F(HttpServer, ExpectContinueGets100ThenTheAnswer) {
  auto c = connect();
  const std::string body = R"({"login":"x"})";
  c.send(
      "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nExpect: 100-continue\r\n"
      "Content-Length: " +
      std::to_string(body.size()) + "\r\n\r\n");
  auto cont = c.read_response(milliseconds(3000));
  EXPECT_EQ(cont.status, 100);
  c.send(body);
  EXPECT_EQ(c.read_response().status, 422);
}

TEST_F(HttpServer, BodiesOverTheLimitAre413) {
  // Announced by Content-Length: refused before the body is read.
  auto c = connect();
  c.send("POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " +
         std::to_string(kMaxBody + 1) + "\r\n\r\n{\"login\":");
  EXPECT_TRUE(IsProblem(c.read_response(), 413));
  // Chunked: refused once it grows past the limit.
  auto chunked = connect();
  std::string req =
      "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: "
      "chunked\r\n\r\n";
  for (int i = 0; i < 3; ++i) req += "1000\r\n" + std::string(0x1000, ' ') + "\r\n";
  req += "0\r\n\r\n";
  chunked.send(req);
  EXPECT_TRUE(IsProblem(chunked.read_response(), 413));
  // Exactly at the limit is fine (and then a 4xx for what it says).
  auto at_limit = connect();
  const std::string prefix = R"({"login":"x","password":")";
  std::string body = prefix + std::string(kMaxBody - prefix.size() - 2, 'p') + "\"}";
  ASSERT_EQ(body.size(), kMaxBody);
  at_limit.send(format_request("POST", "/api/v1/auth/login", body, {{"Content-Type", "application/json"}}));
  EXPECT_EQ(at_limit.read_response().status, 422);
}

TEST_F(HttpServer, UnknownRoutesAre404ProblemJson) {
  for (const std::string& target :
       std::vector<std::string>{"/nope", "/api/v1", "/api/v1/users", "/api/v1/users/a/b", "/api/v2/me"}) {
    SCOPED_TRACE(target);
    auto r = http().get(target);
    EXPECT_TRUE(IsProblem(r, 404));
    EXPECT_TRUE(HasCommonHeaders(r));
  }
}

TEST_F(HttpServer, WrongMethodsAre405WithAllow) {
  auto r = http().get("/api/v1/auth/login");
  ASSERT_TRUE(IsProblem(r, 405));
  EXPECT_EQ(r.header("Allow"), "POST");
  auto d = http().request("DELETE", "/api/v1/me");
  ASSERT_TRUE(IsProblem(d, 405));
  EXPECT_EQ(d.header("Allow"), "GET");
  auto p = http().post("/livez", "", "");
  ASSERT_TRUE(IsProblem(p, 405));
  EXPECT_EQ(p.header("Allow"), "GET");
  EXPECT_TRUE(HasCommonHeaders(p));
}

TEST_F(HttpServer, MalformedPathsAre400) {
  for (const std::string& target : std::vector<std::string>{
           "/api/v1/users/%00", "/api/v1/users/a%00b", "/api/v1/users/%ZZ", "/api/v1/users/%", "/api/v1/users/%4",
           "/api/v1/users/%C3%28", "/api/v1/users/%ED%A0%80", "/api/v1/users/%0A", "/livez%00", "/%FF"}) {
    SCOPED_TRACE(target);
    auto r = http().get(target);
    EXPECT_TRUE(IsProblem(r, 400));
    EXPECT_TRUE(HasCommonHeaders(r));
  }
  // Well-formed escapes are decoded before routing.
  EXPECT_EQ(http().get("/%6civez").status, 200);
}

TEST_F(HttpServer, EveryResponseCarriesTheCommonHeaders) {
  signup_ok("hdr@example.com", "hdr_user");
  std::vector<HttpResponse> responses = {
      http().get("/livez"),
      http().get("/readyz"),
      http().get("/metrics"),
      http().get("/api/v1/users/hdr_user"),
      http().get("/api/v1/me"),
      login("hdr_user"),
      login("hdr_user", "wrong-password-1"),
      http().post("/api/v1/auth/signup", "{", "application/json"),
      http().post("/api/v1/auth/signup", "{}", "text/plain"),
      http().post_json("/api/v1/auth/signup", json::object{}),
      http().post("/api/v1/auth/logout", "", "", {bearer(login_ok("hdr_user").token)}),
  };
  for (const auto& r : responses) {
    SCOPED_TRACE(describe(r));
    EXPECT_TRUE(HasCommonHeaders(r));
  }
}

TEST_F(HttpServer, SaneRequestIdsAreEchoedOthersReplaced) {
  EXPECT_EQ(http().get("/livez", {{"X-Request-Id", "abc-123_X.y:z"}}).header("X-Request-Id"), "abc-123_X.y:z");
  const std::regex hex32("[0-9a-f]{32}");
  for (const std::string& bad : {std::string("has space"), std::string(129, 'a'), std::string("<script>"),
                                 std::string("caf\xc3\xa9"), std::string("a\"b")}) {
    SCOPED_TRACE(bad);
    auto r = http().get("/livez", {{"X-Request-Id", bad}});
    const auto id = r.header("X-Request-Id").value_or("");
    EXPECT_TRUE(std::regex_match(id, hex32)) << id;
  }
  // Problem bodies name the request id too.
  auto p = http().get("/nope", {{"X-Request-Id", "trace-me-42"}});
  EXPECT_EQ(p.object().at("request_id"), "trace-me-42");
}

TEST_F(HttpServer, TraceparentContinuesAValidTraceAndStartsOneOtherwise) {
  const std::string trace = "4bf92f3577b34da6a3ce929d0e0e4736", parent = "00f067aa0ba902b7";
  auto r = http().get("/livez", {{"traceparent", "00-" + trace + "-" + parent + "-01"}});
  const auto tp = r.header("traceparent").value_or("");
  ASSERT_EQ(tp.size(), 55u) << tp;
  EXPECT_EQ(tp.substr(0, 36), "00-" + trace + "-");
  EXPECT_NE(tp.substr(36, 16), parent) << "our span must be new";
  EXPECT_EQ(tp.substr(52), "-01");

  for (const std::string& bad : std::vector<std::string>{
           "00-00000000000000000000000000000000-" + parent + "-01", "00-" + trace + "-0000000000000000-01",
           "ff-" + trace + "-" + parent + "-01", "00-" + trace + "-" + parent, "garbage",
           "00-4BF92F3577B34DA6A3CE929D0E0E4736-" + parent + "-01"}) {
    SCOPED_TRACE(bad);
    auto b = http().get("/livez", {{"traceparent", bad}});
    const auto fresh = b.header("traceparent").value_or("");
    ASSERT_EQ(fresh.size(), 55u) << fresh;
    EXPECT_NE(fresh.substr(3, 32), trace);
    EXPECT_NE(fresh.substr(3, 32), "00000000000000000000000000000000");
  }
  // Without one, every request starts its own trace.
  EXPECT_NE(http().get("/livez").header("traceparent"), http().get("/livez").header("traceparent"));
}

TEST_F(HttpServer, ManyConcurrentClientsAreAllServed) {
  constexpr int kClients = 8, kRequests = 10;
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  threads.reserve(kClients);
  for (int i = 0; i < kClients; ++i)
    threads.emplace_back([&] {
      RawConnection c(server().port());
      for (int j = 0; j < kRequests; ++j) {
        if (!c.send(format_request("GET", "/readyz", "", {}))) return;
        try {
          if (c.read_response().status == 200) ++ok;
        } catch (const std::exception&) {
          return;
        }
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), kClients * kRequests);
}

TEST_F(HttpServer, ShutdownClosesIdleKeepAliveConnectionsPromptly) {
  auto c = connect();
  c.send(format_request("GET", "/livez", "", {}));
  ASSERT_EQ(c.read_response().status, 200);
  const auto started = Clock::now();
  std::thread stopper([&] { server().stop(); });
  const auto closed = c.wait_closed(milliseconds(3000));
  stopper.join();
  ASSERT_TRUE(closed.has_value()) << "the idle connection stayed open during shutdown";
  EXPECT_LT(since(started).count(), 2000);
}

}  // namespace
}  // namespace agora::test
