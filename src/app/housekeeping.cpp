#include "app/housekeeping.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "accounts/auth.hpp"
#include "accounts/repo.hpp"
#include "admin/stats.hpp"
#include "analytics/events.hpp"
#include "core/log.hpp"
#include "core/metrics.hpp"
#include "jobs/pg_queue.hpp"
#include "posts/repo.hpp"
#include "posts/views.hpp"
#include "ratelimit/limiter.hpp"

namespace agora::app {

Task<HousekeepingReport> purge_expired_rows(db::Queryable& db) {
  HousekeepingReport r;
  r.sessions = co_await accounts::repo::purge_expired_sessions(db);
  r.tokens = co_await accounts::repo::purge_finished_tokens(db);
  r.devices = co_await accounts::repo::purge_stale_devices(db, accounts::kDeviceCookieDays);
  r.rate_limit_counters = co_await ratelimit::purge_stale(db);
  co_return r;
}

void add_housekeeping_job(jobs::Registry& registry) {
  registry.add("schedule.housekeeping", [](jobs::JobContext& ctx) -> Task<void> {
    const auto r = co_await purge_expired_rows(ctx.tx);
    const auto jobs_purged = co_await jobs::purge_finished(ctx.tx, std::chrono::hours(24 * 7));
    // Direct-upload permissions nobody completed (their staging objects
    // expire by the bucket's lifecycle rule).
    const auto direct_uploads =
        (co_await ctx.tx.query("DELETE FROM direct_uploads WHERE expires_at < now() - interval '1 hour'")).affected();
    auto& deleted = metrics::Registry::global();
    for (const auto& [table, n] :
         {std::pair{"sessions", r.sessions}, std::pair{"account_tokens", r.tokens},
          std::pair{"trusted_devices", r.devices}, std::pair{"rate_limit_counters", r.rate_limit_counters},
          std::pair{"jobs", jobs_purged}, std::pair{"direct_uploads", direct_uploads}})
      deleted
          .counter("housekeeping_rows_deleted_total", "Expired rows deleted by housekeeping.",
                   metrics::labels({{"table", table}}))
          .inc(double(n));
    log::info("housekeeping done", {{"deleted.sessions", r.sessions},
                                    {"deleted.account_tokens", r.tokens},
                                    {"deleted.trusted_devices", r.devices},
                                    {"deleted.rate_limit_counters", r.rate_limit_counters},
                                    {"deleted.jobs", jobs_purged},
                                    {"trace_id", ctx.job.trace_id}});
  });
}

Task<void> view_flush_loop(db::Queryable& db, std::chrono::milliseconds every) {
  auto executor = co_await boost::asio::this_coro::executor;
  for (;;) {
    boost::asio::steady_timer timer(executor, every);
    co_await timer.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
    auto views = posts::ViewCounter::global().take();
    try {
      co_await posts::repo::add_views(db, views);
      std::int64_t total = 0;
      for (const auto& [post, n] : views) total += n;
      // A named event: GCC 12 destroys a braced temporary in a co_await twice.
      const analytics::Event event{.name = "view", .amount = total};
      if (total > 0) co_await analytics::record(db, event, "");
    } catch (const std::exception& e) {
      log::warn("view counts not saved", {{"error.message", e.what()}, {"posts", std::int64_t(views.size())}});
    }
  }
}

Task<void> business_metrics_loop(db::Queryable& db, std::chrono::seconds every) {
  auto executor = co_await boost::asio::this_coro::executor;
  for (;;) {
    try {
      const auto stats = co_await admin::site_stats(db);
      admin::publish_gauges(stats);
    } catch (const std::exception& e) {
      log::warn("site statistics not refreshed", {{"error.message", e.what()}});
    }
    boost::asio::steady_timer timer(executor, every);
    co_await timer.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
  }
}

}  // namespace agora::app
