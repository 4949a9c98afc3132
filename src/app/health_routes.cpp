#include "app/health_routes.hpp"

#include "core/metrics.hpp"
#include "db/migrate.hpp"

namespace agora::app {

void add_health_routes(http::Router& router, const http::Pipeline& pipeline) {
  router.add("GET", "/livez",
             [](http::Request&) -> Task<http::Response> { co_return http::Response::json(200, R"({"status":"ok"})"); });

  router.add("GET", "/readyz", [&pipeline](http::Request& req) -> Task<http::Response> {
    if (pipeline.draining())
      throw Problem(503, "draining", "Shutting down", "This replica is draining; send traffic elsewhere.");
    const auto& all = db::embedded_migrations();
    const std::string expected = all.empty() ? "" : all.back().version;
    const std::string applied = co_await db::applied_version(*req.db);  // Unavailable → 503
    if (applied < expected)
      throw Problem(503, "schema-behind", "Schema not migrated",
                    "Database schema is at '" + applied + "', this build needs '" + expected + "': run agora migrate.");
    co_return http::Response::json(200, R"({"status":"ready","schema":")" + applied + "\"}");
  });

  router.add("GET", "/metrics", [](http::Request&) -> Task<http::Response> {
    co_return http::Response::text(200, metrics::Registry::global().render(),
                                   "text/plain; version=0.0.4; charset=utf-8");
  });
}

}  // namespace agora::app
