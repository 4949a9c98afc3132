#include "jobs/metrics.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/log.hpp"
#include "core/metrics.hpp"
#include "jobs/pg_queue.hpp"

namespace agora::jobs {

Task<void> publish_queue_gauges(db::Queryable& db) {
  auto& m = metrics::Registry::global();
  for (const auto& q : co_await stats(db)) {
    for (const auto& [state, n] : {std::pair{"ready", q.ready}, std::pair{"delayed", q.delayed},
                                   std::pair{"running", q.running}, std::pair{"dead", q.dead}})
      m.gauge("jobs_queue_depth", "Jobs by queue and state (ready: due now; delayed: waiting for a retry).",
              metrics::labels({{"queue", q.queue}, {"state", state}}))
          .set(double(n));
    m.gauge("jobs_oldest_ready_age_seconds", "Age of the oldest job whose time has come, by queue.",
            metrics::labels({{"queue", q.queue}}))
        .set(q.oldest_ready_seconds);
  }
}

Task<void> queue_metrics_loop(db::Queryable& db, std::chrono::seconds every) {
  for (;;) {
    try {
      co_await publish_queue_gauges(db);
    } catch (const std::exception& e) {
      log::warn("queue gauges not refreshed", {{"error.message", e.what()}});
    }
    boost::asio::steady_timer t(co_await boost::asio::this_coro::executor, every);
    co_await t.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
  }
}

}  // namespace agora::jobs
