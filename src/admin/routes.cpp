#include "admin/routes.hpp"

#include <boost/json.hpp>
#include <charconv>

#include "accounts/auth.hpp"
#include "admin/stats.hpp"
#include "analytics/rollups.hpp"
#include "db/pool.hpp"
#include "email/mailbox.hpp"
#include "jobs/pg_queue.hpp"

namespace agora::admin {
namespace json = boost::json;
namespace {

// An optional integer query parameter within [lo, hi]; 400 otherwise.
std::optional<std::int64_t> int_param(const http::Request& req, std::string_view name, std::int64_t lo,
                                      std::int64_t hi) {
  auto raw = req.query_param(name);
  if (!raw) return std::nullopt;
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(raw->data(), raw->data() + raw->size(), v);
  if (ec != std::errc() || p != raw->data() + raw->size() || v < lo || v > hi)
    throw Problem::bad_request("Query parameter '" + std::string(name) + "' must be a whole number from " +
                               std::to_string(lo) + " to " + std::to_string(hi) + ".");
  return v;
}

}  // namespace

void add_routes(http::Router& router, accounts::Service& accounts) {
  router.add("GET", "/api/v1/admin/stats", [&](http::Request& req) -> Task<http::Response> {
    co_await accounts::require_role(req, accounts, "admin");
    auto stats = co_await site_stats(*req.db);
    co_return http::Response::json(200, stats_json(stats));
  });

  // The dashboard's charts: activity per day from the analytics rollups.
  router.add("GET", "/api/v1/admin/stats/daily", [&](http::Request& req) -> Task<http::Response> {
    co_await accounts::require_role(req, accounts, "admin");
    const int days = int(int_param(req, "days", 1, 366).value_or(30));
    json::array out;
    for (const auto& d : co_await analytics::daily_series(*req.db, days))
      out.push_back({{"day", d.day},
                     {"active_users", d.active_users},
                     {"signups", d.signups},
                     {"posts", d.posts},
                     {"comments", d.comments},
                     {"votes", d.votes},
                     {"subscriptions", d.subscriptions},
                     {"views", d.views}});
    co_return http::Response::json(200, json::serialize(json::object{{"days", std::move(out)}}));
  });

  // Queue health for the dashboard (the agora_jobs_* gauges, as JSON).
  router.add("GET", "/api/v1/admin/queues", [&](http::Request& req) -> Task<http::Response> {
    co_await accounts::require_role(req, accounts, "admin");
    json::array out;
    for (const auto& q : co_await jobs::stats(*req.db))
      out.push_back({{"queue", q.queue},
                     {"ready", q.ready},
                     {"delayed", q.delayed},
                     {"running", q.running},
                     {"dead", q.dead},
                     {"oldest_ready_seconds", q.oldest_ready_seconds}});
    co_return http::Response::json(200, json::serialize(json::object{{"queues", std::move(out)}}));
  });

  router.add("GET", "/api/v1/admin/mailbox", [&](http::Request& req) -> Task<http::Response> {
    co_await accounts::require_role(req, accounts, "admin");
    const int limit = int(int_param(req, "limit", 1, 200).value_or(50));
    const auto before = int_param(req, "before", 1, INT64_MAX);
    auto to = req.query_param("to");
    auto messages = co_await email::list(*req.db, limit, before, to);
    json::array items;
    for (const auto& m : messages)
      items.push_back(
          {{"id", m.id}, {"to", m.to}, {"subject", m.subject}, {"body", m.body}, {"created_at", m.created_at}});
    json::object out{{"messages", std::move(items)}};
    // Cursor: pass it as ?before= to get the next (older) page.
    if (int(messages.size()) == limit) out["next_cursor"] = std::to_string(messages.back().id);
    else out["next_cursor"] = nullptr;
    co_return http::Response::json(200, json::serialize(out));
  });
}

}  // namespace agora::admin
