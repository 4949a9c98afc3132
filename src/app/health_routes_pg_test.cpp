// /livez, /readyz and /metrics against a real database.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "db/migrate.hpp"
#include "support/api.hpp"

namespace agora::test {
namespace {

class HealthTest : public ApiTest {};

TEST_F(HealthTest, LivezAnswersOk) {
  auto r = http().get("/livez");
  ASSERT_EQ(r.status, 200) << describe(r);
  EXPECT_EQ(r.object().at("status"), "ok");
}

TEST_F(HealthTest, ReadyzIsReadyOnAMigratedDatabase) {
  auto r = http().get("/readyz");
  ASSERT_EQ(r.status, 200) << describe(r);
  auto o = r.object();
  EXPECT_EQ(o.at("status"), "ready");
  EXPECT_EQ(o.at("schema").as_string(), db::embedded_migrations().back().version);
}

TEST_F(HealthTest, ReadyzFailsWhenTheNewestMigrationIsMissing) {
  db().exec("DELETE FROM schema_migrations WHERE version = (SELECT max(version) FROM schema_migrations)");
  auto r = http().get("/readyz");
  ASSERT_TRUE(IsProblem(r, 503));
  EXPECT_EQ(r.object().at("type"), "/problems/schema-behind");
}

TEST(HealthEmptyDatabase, ReadyzIs503WhenTheSchemaIsNotMigrated) {
  TestDatabase empty(TestDatabase::Empty{});
  TestServer server(empty.url());
  auto r = server.client().get("/readyz");
  ASSERT_TRUE(IsProblem(r, 503));
  EXPECT_EQ(r.object().at("type"), "/problems/schema-behind");
  EXPECT_NE(r.object().at("detail").as_string().find(db::embedded_migrations().back().version), std::string::npos)
      << r.body;
  // Liveness does not depend on the database.
  EXPECT_EQ(server.client().get("/livez").status, 200);
}

TEST(HealthNoDatabase, ReadyzIs503WithRetryAfterWhenTheDatabaseIsUnreachable) {
  TestServer server("host=/nonexistent/agora-test-socket port=5432 dbname=nothing user=agora");
  auto r = server.client().get("/readyz");
  ASSERT_TRUE(IsProblem(r, 503));
  EXPECT_EQ(r.object().at("type"), "/problems/unavailable");
  const auto retry = r.header("Retry-After");
  ASSERT_TRUE(retry.has_value());
  EXPECT_GE(std::stoi(*retry), 1);
  EXPECT_EQ(server.client().get("/livez").status, 200);
}

TEST_F(HealthTest, MetricsCountRequestsByRouteAndShowThePool) {
  ASSERT_EQ(http().get("/livez").status, 200);
  ASSERT_EQ(http().get("/readyz").status, 200);
  ASSERT_EQ(http().get("/api/v1/users/nobody_here").status, 404);
  ASSERT_EQ(http().get("/no/such/route").status, 404);

  auto r = http().get("/metrics");
  ASSERT_EQ(r.status, 200) << describe(r);
  EXPECT_EQ(r.content_type().rfind("text/plain", 0), 0u) << r.content_type();
  const std::string& m = r.body;
  EXPECT_NE(m.find("# TYPE http_requests_total counter"), std::string::npos) << m;
  EXPECT_NE(m.find(R"(http_requests_total{route="/livez",method="GET",status="200"})"), std::string::npos) << m;
  EXPECT_NE(m.find(R"(http_requests_total{route="/readyz",method="GET",status="200"})"), std::string::npos) << m;
  // The pattern, not the path: one series however many users exist.
  EXPECT_NE(m.find(R"(http_requests_total{route="/api/v1/users/{username}",method="GET",status="404"})"),
            std::string::npos)
      << m;
  EXPECT_EQ(m.find("nobody_here"), std::string::npos) << "a path leaked into a label";
  EXPECT_NE(m.find(R"(http_requests_total{route="unmatched",method="GET",status="404"})"), std::string::npos) << m;
  EXPECT_NE(m.find("http_request_duration_seconds_bucket{route=\"/livez\""), std::string::npos) << m;
  EXPECT_NE(m.find(R"(db_pool_connections{state="open"})"), std::string::npos) << m;
  EXPECT_NE(m.find(R"(db_pool_connections{state="idle"})"), std::string::npos) << m;
}

}  // namespace
}  // namespace agora::test
