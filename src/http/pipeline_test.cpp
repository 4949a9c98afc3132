#include "http/pipeline.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include "core/crypto.hpp"
#include "core/metrics.hpp"

namespace agora::http {
namespace {

Response run(Pipeline& p, Request& req) {
  boost::asio::io_context ioc;
  auto f = boost::asio::co_spawn(ioc, p.handle(req), boost::asio::use_future);
  ioc.run();
  return f.get();
}

std::string header(const Response& r, std::string_view name) {
  for (const auto& [k, v] : r.headers)
    if (iequals(k, name)) return v;
  return {};
}

class PipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    crypto::init();
    config.access_log = false;
    router.add("GET", "/hello/{name}", [](Request& r) -> Task<Response> {
      co_return Response::json(200, "{\"name\":\"" + std::string(r.param("name")) + "\"}");
    });
    router.add("GET", "/boom", [](Request&) -> Task<Response> {
      throw std::runtime_error("secret internal detail");
      co_return Response{};
    });
    router.add("GET", "/down", [](Request&) -> Task<Response> {
      throw Unavailable("db down", 2);
      co_return Response{};
    });
  }
  Config config;
  Router router;
};

TEST_F(PipelineTest, RoutesWithDecodedParameters) {
  Pipeline p(router, config);
  Request req{.method = "GET", .target = "/hello/J%C3%BCrgen?x=1"};
  auto res = run(p, req);
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.body, "{\"name\":\"J\xC3\xBCrgen\"}");
  EXPECT_EQ(req.query, "x=1");
  EXPECT_EQ(header(res, "Cache-Control"), "no-store");
}

TEST_F(PipelineTest, UnknownPathIs404ProblemJson) {
  Pipeline p(router, config);
  Request req{.method = "GET", .target = "/nope"};
  auto res = run(p, req);
  EXPECT_EQ(res.status, 404);
  EXPECT_EQ(res.content_type, "application/problem+json");
  EXPECT_NE(res.body.find("\"status\":404"), std::string::npos);
}

TEST_F(PipelineTest, WrongMethodIs405WithAllow) {
  Pipeline p(router, config);
  Request req{.method = "DELETE", .target = "/hello/x"};
  auto res = run(p, req);
  EXPECT_EQ(res.status, 405);
  EXPECT_EQ(header(res, "Allow"), "GET");
}

TEST_F(PipelineTest, MalformedPathEncodingIs400) {
  Pipeline p(router, config);
  for (const char* target : {"/hello/%zz", "/hello/%C3", "/hello/%00", "/hello/%"}) {
    Request req{.method = "GET", .target = target};
    EXPECT_EQ(run(p, req).status, 400) << target;
  }
}

TEST_F(PipelineTest, HandlerFailureIs500WithoutLeakingDetails) {
  Pipeline p(router, config);
  Request req{.method = "GET", .target = "/boom"};
  auto res = run(p, req);
  EXPECT_EQ(res.status, 500);
  EXPECT_EQ(res.body.find("secret"), std::string::npos);
}

TEST_F(PipelineTest, UnavailableDependencyIs503WithRetryAfter) {
  Pipeline p(router, config);
  Request req{.method = "GET", .target = "/down"};
  auto res = run(p, req);
  EXPECT_EQ(res.status, 503);
  EXPECT_EQ(header(res, "Retry-After"), "2");
}

TEST_F(PipelineTest, KeepsPlainRequestIdAndReplacesHostileOnes) {
  Pipeline p(router, config);
  Request req{.method = "GET", .target = "/hello/a", .headers = {{"X-Request-Id", "abc-123"}}};
  EXPECT_EQ(header(run(p, req), "X-Request-Id"), "abc-123");
  Request bad{.method = "GET", .target = "/hello/a", .headers = {{"X-Request-Id", "<script>"}}};
  const auto id = header(run(p, bad), "X-Request-Id");
  EXPECT_EQ(id.size(), 32u);
}

TEST(TraceContext, ContinuesAValidTraceparent) {
  crypto::init();
  auto t = trace_context("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
  EXPECT_EQ(t.trace_id, "4bf92f3577b34da6a3ce929d0e0e4736");
  EXPECT_EQ(t.parent_id, "00f067aa0ba902b7");
  EXPECT_EQ(t.span_id.size(), 16u);
  EXPECT_NE(t.span_id, t.parent_id);
  EXPECT_EQ(t.header().substr(0, 36), "00-4bf92f3577b34da6a3ce929d0e0e4736-");
}

TEST(TraceContext, StartsANewTraceForInvalidInput) {
  crypto::init();
  for (const char* bad : {"", "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
                          "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
                          "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "garbage"}) {
    auto t = trace_context(std::string_view(bad));
    EXPECT_EQ(t.trace_id.size(), 32u);
    EXPECT_NE(t.trace_id, "4bf92f3577b34da6a3ce929d0e0e4736") << bad;
    EXPECT_TRUE(t.parent_id.empty());
  }
}

}  // namespace
}  // namespace agora::http

namespace agora::http {
namespace {

// Issue 10: the raw method became a Prometheus label, so `curl -X ANYTHING`
// grew memory and /metrics without bound.
TEST_F(PipelineTest, HostileMethodsAre501AndShareOneMetricLabel) {
  Pipeline p(router, config);
  for (const char* method : {"ANYTHING", "BREW", "get", "PROPFIND", "X-1"}) {
    Request req{.method = method, .target = "/hello/x"};
    auto res = run(p, req);
    EXPECT_EQ(res.status, 501) << method;
    EXPECT_EQ(res.content_type, "application/problem+json");
  }
  const auto text = metrics::Registry::global().render();
  EXPECT_EQ(text.find("ANYTHING"), std::string::npos);
  EXPECT_EQ(text.find("PROPFIND"), std::string::npos);
  EXPECT_NE(text.find("method=\"other\""), std::string::npos);
  // Unmatched paths share one route label too.
  Request req{.method = "GET", .target = "/no/such/path/for/metrics-" + std::string(40, 'z')};
  EXPECT_EQ(run(p, req).status, 404);
  EXPECT_EQ(metrics::Registry::global().render().find("metrics-zzzz"), std::string::npos);
}

TEST_F(PipelineTest, EveryResponseCarriesHsts) {
  Pipeline p(router, config);
  for (const char* target : {"/hello/x", "/nope", "/boom"}) {
    Request req{.method = "GET", .target = target};
    EXPECT_EQ(header(run(p, req), "Strict-Transport-Security"), "max-age=31536000; includeSubDomains") << target;
  }
}

}  // namespace
}  // namespace agora::http
