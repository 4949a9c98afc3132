#include "analytics/events.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>

#include "jobs/enqueue.hpp"

namespace agora::analytics {

Task<void> record(db::Queryable& tx, const Event& event, const std::string& trace_id) {
  const auto now_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch());
  boost::json::object payload{{"name", event.name}, {"amount", event.amount}, {"at_ms", std::int64_t(now_ms.count())}};
  if (event.user_id) payload["user_id"] = event.user_id;
  if (event.community_id) payload["community_id"] = event.community_id;
  // Named: GCC 12 destroys a designated-initializer temporary in a co_await twice.
  const jobs::NewJob job{.kind = "analytics.event", .payload = boost::json::serialize(payload), .trace_id = trace_id};
  co_await jobs::enqueue(tx, job);
}

void add_jobs(jobs::Registry& registry) {
  registry.add("analytics.event", [](jobs::JobContext& ctx) -> Task<void> {
    boost::json::object e;
    try {
      e = boost::json::parse(ctx.job.payload).as_object();
    } catch (const std::exception& ex) {
      throw jobs::PermanentFailure(std::string("malformed analytics event: ") + ex.what());
    }
    auto optional_id = [&](const char* key) -> std::optional<std::int64_t> {
      if (auto* v = e.if_contains(key); v && v->is_int64()) return v->as_int64();
      return std::nullopt;
    };
    const auto* name = e.if_contains("name");
    const auto at = optional_id("at_ms");
    if (!name || !name->is_string() || !at) throw jobs::PermanentFailure("analytics event without name or time");
    // The CHECK on name refuses unknown events (the job then dead-letters).
    co_await ctx.tx.query(
        "INSERT INTO analytics_events (job_id, name, user_id, community_id, amount, occurred_at) "
        "VALUES ($1, $2, $3, $4, $5, to_timestamp($6::double precision / 1000)) ON CONFLICT DO NOTHING",
        db::Params(ctx.job.id, std::string(name->as_string()), optional_id("user_id"), optional_id("community_id"),
                   optional_id("amount").value_or(1), *at));
  });
}

}  // namespace agora::analytics
