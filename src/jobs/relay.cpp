#include "jobs/relay.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <map>
#include <set>

#include "core/log.hpp"
#include "core/metrics.hpp"
#include "db/listener.hpp"
#include "jobs/pg_queue.hpp"

namespace agora::jobs {
namespace asio = boost::asio;

namespace {

// Any constant both relays agree on; the transaction releases it.
constexpr std::int64_t kRelayLock = 0x61676f7261'01;  // "agora" + 1

}  // namespace

Task<int> relay_once(db::Pool& pool, const Sqs& sqs, int limit) {
  auto tx = co_await pool.begin();
  auto lock = co_await tx.query("SELECT pg_try_advisory_xact_lock($1)", db::Params(kRelayLock));
  if (!lock.boolean(0, 0)) co_return 0;
  auto r = co_await tx.query(
      "SELECT id, queue, kind, payload::text, coalesce(trace_id, ''), attempts, max_attempts, '' FROM jobs "
      "WHERE state = 'ready' AND run_at <= now() ORDER BY id LIMIT $1 FOR UPDATE",
      db::Params(limit));
  // Per queue, in id order; a queue stops at its first failed entry so
  // nothing overtakes an earlier row (it is sent again next turn).
  std::map<std::string, std::vector<Job>> by_queue;
  for (auto& j : jobs_of(r)) by_queue[j.queue].push_back(std::move(j));
  std::vector<std::int64_t> sent;
  for (auto& [queue, list] : by_queue) {
    const auto& url = sqs.queues.url(queue);
    bool stopped = false;
    for (std::size_t at = 0; at < list.size() && !stopped; at += 10) {
      std::vector<aws::SendEntry> entries;
      for (std::size_t k = at; k < std::min(list.size(), at + 10); ++k) {
        aws::SendEntry e;
        e.id = std::to_string(list[k].id);
        e.body = message_body(list[k]);
        e.attributes = {{"kind", list[k].kind}};
        if (!list[k].trace_id.empty()) e.attributes["trace_id"] = list[k].trace_id;
        entries.push_back(std::move(e));
      }
      const auto result = co_await sqs.client->send_batch(url, entries);
      std::set<std::string> ok;
      for (const auto& s : result.successful) ok.insert(s.id);
      for (const auto& e : entries) {
        if (!ok.count(e.id)) {
          stopped = true;
          break;
        }
        sent.push_back(std::stoll(e.id));
      }
      for (const auto& f : result.failed)
        log::warn("relay: SQS refused a message; it stays in the outbox",
                  {{"job.id", f.id}, {"error.code", f.code}, {"error.message", f.message}});
    }
  }
  if (sent.empty()) co_return 0;
  std::string ids = "{";
  for (std::size_t i = 0; i < sent.size(); ++i) ids += (i ? "," : "") + std::to_string(sent[i]);
  ids += "}";
  co_await tx.query("UPDATE jobs SET state = 'relayed', finished_at = now() WHERE id = ANY($1::bigint[])",
                    db::Params(ids));
  co_await tx.commit();
  metrics::Registry::global().counter("relay_messages_total", "Outbox rows sent to SQS.").inc(double(sent.size()));
  co_return int(sent.size());
}

Task<void> relay_loop(db::Pool& pool, const Sqs& sqs, std::string conninfo, std::chrono::milliseconds connect_timeout) {
  auto ex = co_await asio::this_coro::executor;
  std::unique_ptr<db::Listener> listener;
  auto backoff = std::chrono::milliseconds(100);
  for (;;) {
    int relayed = 0;
    bool failed = false;
    try {
      relayed = co_await relay_once(pool, sqs);
      backoff = std::chrono::milliseconds(100);
    } catch (const std::exception& e) {
      log::warn("relay turn failed; rows stay in the outbox", {{"error.message", e.what()}});
      failed = true;
    }
    if (failed) {  // SQS or the database is away: back off, lose nothing
      asio::steady_timer pause(ex, backoff);
      co_await pause.async_wait(asio::as_tuple(asio::use_awaitable));
      backoff = std::min(backoff * 2, std::chrono::milliseconds(5000));
      continue;
    }
    if (relayed > 0) continue;  // there may be more
    // Idle: wait for a NOTIFY (or a second, for delayed rows and a lost listener).
    bool lost = false;
    try {
      if (!listener) listener = co_await db::Listener::connect(conninfo, "agora_jobs", connect_timeout);
      co_await listener->next(std::chrono::steady_clock::now() + std::chrono::seconds(1));
    } catch (const std::exception& e) {
      log::warn("relay wake-ups lost the database; polling", {{"error.message", e.what()}});
      lost = true;
    }
    if (lost) {
      listener.reset();
      asio::steady_timer pause(ex, std::chrono::seconds(1));
      co_await pause.async_wait(asio::as_tuple(asio::use_awaitable));
    }
  }
}

}  // namespace agora::jobs
