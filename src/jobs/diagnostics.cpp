#include "jobs/diagnostics.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>

namespace agora::jobs {

void add_diagnostics(Registry& registry) {
  registry.add("diagnostics.touch", [](JobContext& ctx) -> Task<void> {
    std::int64_t sleep_ms = 0;
    bool fail = false;
    try {
      const auto p = boost::json::parse(ctx.job.payload).as_object();
      if (const auto* v = p.if_contains("sleep_ms"); v && v->is_int64())
        sleep_ms = std::clamp<std::int64_t>(v->as_int64(), 0, 60'000);
      if (const auto* v = p.if_contains("fail"); v && v->is_bool()) fail = v->as_bool();
    } catch (const std::exception& e) {
      throw PermanentFailure(std::string("malformed diagnostics payload: ") + e.what());
    }
    co_await ctx.tx.query(
        "INSERT INTO job_diagnostics (job_id, runs) VALUES ($1, 1) "
        "ON CONFLICT (job_id) DO UPDATE SET runs = job_diagnostics.runs + 1, done_at = now()",
        db::Params(ctx.job.id));
    if (sleep_ms > 0) {
      boost::asio::steady_timer t(co_await boost::asio::this_coro::executor, std::chrono::milliseconds(sleep_ms));
      co_await t.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
    }
    if (fail)
      throw std::runtime_error("diagnostics job asked to fail (attempt " + std::to_string(ctx.job.attempt) + ")");
  });
}

}  // namespace agora::jobs
