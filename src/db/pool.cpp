#include "db/pool.hpp"

#include "core/json_text.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <deque>
#include <vector>

#include "core/log.hpp"
#include "core/metrics.hpp"
#include "db/connection.hpp"

namespace agora::db {
namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

struct Waiter {
  explicit Waiter(asio::io_context& ioc) : timer(ioc) {}
  asio::steady_timer timer;
  std::unique_ptr<Connection> handed;  // set when a released connection is given to us
  bool woken = false;                  // a slot freed up: try connecting again
};

struct Pool::Impl : std::enable_shared_from_this<Pool::Impl> {
  Impl(asio::io_context& i, PoolOptions o) : ioc(i), options(std::move(o)) {}

  asio::io_context& ioc;
  PoolOptions options;
  std::vector<std::unique_ptr<Connection>> idle;
  std::deque<Waiter*> waiters;
  int total = 0;                                  // idle + in use + connecting
  int writes = 0;                                 // write shares taken (take_write_share)
  std::deque<asio::steady_timer*> write_waiters;  // woken (cancelled) when a share is given back
  bool closed = false;
  Clock::time_point last_connect_failure{};
  std::string last_failure_message;

  Task<std::unique_ptr<Connection>> acquire() {
    const auto deadline = Clock::now() + options.acquire_timeout;
    for (;;) {
      if (closed) throw Unavailable("database pool is closed");
      while (!idle.empty()) {
        auto c = std::move(idle.back());
        idle.pop_back();
        if (c->healthy() && !c->server_closed_while_idle()) co_return c;
        --total;  // dropped: the server went away while it sat idle
      }
      if (total < options.max_size) co_return co_await open_new();
      Waiter w(ioc);
      w.timer.expires_at(deadline);
      waiters.push_back(&w);
      co_await w.timer.async_wait(asio::as_tuple(asio::use_awaitable));
      std::erase(waiters, &w);
      if (w.handed) co_return std::move(w.handed);
      if (!w.woken && Clock::now() >= deadline) {
        metrics::Registry::global()
            .counter("db_pool_acquire_timeouts_total", "Requests that found no free connection in time.")
            .inc();
        throw Unavailable("database pool exhausted: no connection within the acquire timeout");
      }
    }
  }

  Task<std::unique_ptr<Connection>> open_new() {
    // Circuit breaker: right after a failed connect, fail fast instead of
    // making every request try (and wait) again.
    if (Clock::now() - last_connect_failure < std::chrono::milliseconds(500))
      throw Unavailable("database unreachable (recent failure: " + last_failure_message + ")");
    ++total;
    try {
      auto c = co_await Connection::connect(ioc, options.conninfo, options.connect_timeout, options.statement_timeout);
      metrics::Registry::global().counter("db_connections_opened_total", "Database connections opened.").inc();
      co_return c;
    } catch (const std::exception& e) {
      --total;
      last_connect_failure = Clock::now();
      last_failure_message = e.what();
      metrics::Registry::global()
          .counter("db_connect_failures_total", "Failed attempts to open a database connection.")
          .inc();
      wake_one();
      throw;
    }
  }

  void wake_one() {
    if (waiters.empty()) return;
    Waiter* w = waiters.front();
    waiters.pop_front();
    w->woken = true;
    w->timer.cancel();
  }

  void release(std::unique_ptr<Connection> c) {
    if (closed || !c->healthy()) {
      c.reset();
      --total;
      wake_one();
      return;
    }
    if (c->in_transaction()) {
      // Abandoned transaction (an exception skipped commit): roll it back
      // before anyone else gets this connection.
      asio::co_spawn(ioc, rollback_then_release(shared_from_this(), std::move(c)), asio::detached);
      return;
    }
    if (!waiters.empty()) {
      Waiter* w = waiters.front();
      waiters.pop_front();
      w->handed = std::move(c);
      w->timer.cancel();
      return;
    }
    idle.push_back(std::move(c));
  }

  static Task<void> rollback_then_release(std::shared_ptr<Impl> self, std::unique_ptr<Connection> c) {
    try {
      co_await c->exec("ROLLBACK", Params(), Clock::now() + self->options.statement_timeout);
    } catch (const std::exception& e) {
      log::warn("rollback of an abandoned transaction failed", {{"error.message", e.what()}});
    }
    if (c->in_transaction()) {  // the rollback failed: never reuse this connection
      c.reset();
      --self->total;
      self->wake_one();
      co_return;
    }
    self->release(std::move(c));
  }
};

Pool::Pool(asio::io_context& ioc, PoolOptions options) : impl_(std::make_shared<Impl>(ioc, std::move(options))) {}

Pool::~Pool() {
  // Cancelling the waiters' timers may throw (Asio reports a failed cancel
  // as system_error); a destructor must not.
  try {
    close();
  } catch (const std::exception& e) {
    log::warn("closing the database pool failed", {{"error.message", e.what()}});
  }
}

PoolStats Pool::stats() const { return PoolStats{impl_->total, int(impl_->idle.size()), int(impl_->waiters.size())}; }

Task<void> Pool::take_write_share() {
  auto impl = impl_;  // the pool may be closed meanwhile; its state lives on
  const int most = std::max(1, impl->options.max_size / 2);
  const auto deadline = Clock::now() + impl->options.acquire_timeout;
  while (impl->writes >= most) {
    if (impl->closed) throw Unavailable("database pool is closed");
    asio::steady_timer wake(impl->ioc);
    wake.expires_at(deadline);
    impl->write_waiters.push_back(&wake);
    co_await wake.async_wait(asio::as_tuple(asio::use_awaitable));
    std::erase(impl->write_waiters, &wake);
    if (impl->writes >= most && Clock::now() >= deadline) {
      metrics::Registry::global()
          .counter("db_pool_write_share_timeouts_total", "Writes that found no free write share in time.")
          .inc();
      throw Unavailable("the server is busy with other changes", 1);
    }
  }
  ++impl->writes;
}

void Pool::release_write_share() {
  --impl_->writes;
  if (!impl_->write_waiters.empty()) impl_->write_waiters.front()->cancel();
}

void Pool::close() {
  impl_->closed = true;
  impl_->total -= int(impl_->idle.size());
  impl_->idle.clear();
  while (!impl_->waiters.empty()) impl_->wake_one();
}

// Returns its connection to the pool when destroyed.
namespace {

void log_statement(std::string_view sql, const Params& params) {
  std::string list = "[";
  for (const auto& v : params.values()) {
    if (list.size() > 1) list += ',';
    if (v) json_text::append_string(list, *v);
    else list += "null";
  }
  list += ']';
  log::debug("sql", {{"db.statement", sql}, {"db.params", list}});
}

}  // namespace

struct Transaction::Lease {
  std::shared_ptr<Pool::Impl> pool;
  std::unique_ptr<Connection> conn;
  bool committed = false;
  ~Lease() {
    if (!conn) return;
    try {
      pool->release(std::move(conn));
    } catch (const std::exception& e) {  // e.g. no memory for the rollback: the connection is dropped
      log::warn("returning a connection to the pool failed", {{"error.message", e.what()}});
    }
  }
  Task<Result> exec(std::string_view sql, const Params& params) {
    // At debug level every statement is logged with its parameters: how
    // `make bench` replays exactly what a request ran in pgbench.
    if (log::enabled(log::Level::Debug)) log_statement(sql, params);
    co_return co_await conn->exec(sql, params,
                                  Clock::now() + pool->options.statement_timeout + std::chrono::seconds(2));
  }
};

Task<Result> Pool::query(std::string_view sql, const Params& params) {
  // Not `Lease{impl_, co_await …}`: GCC 12 mis-destroys temporaries of a
  // co_await inside a braced initializer.
  auto conn = co_await impl_->acquire();
  Transaction::Lease lease{impl_, std::move(conn)};
  co_return co_await lease.exec(sql, params);
}

Task<Transaction> Pool::begin() {
  auto conn = co_await impl_->acquire();
  std::unique_ptr<Transaction::Lease> lease(new Transaction::Lease{impl_, std::move(conn)});
  co_await lease->exec("BEGIN", Params());
  co_return Transaction(std::move(lease));
}

Transaction::Transaction(std::unique_ptr<Lease> lease) : lease_(std::move(lease)) {}
Transaction::Transaction(Transaction&&) noexcept = default;
Transaction& Transaction::operator=(Transaction&&) noexcept = default;
Transaction::~Transaction() = default;

Task<Result> Transaction::query(std::string_view sql, const Params& params) {
  if (!lease_ || lease_->committed) throw std::logic_error("transaction already finished");
  co_return co_await lease_->exec(sql, params);
}

Task<void> Transaction::run_script(std::string_view sql) {
  if (!lease_ || lease_->committed) throw std::logic_error("transaction already finished");
  co_await lease_->conn->exec("SELECT set_config('statement_timeout', '0', true)", Params(),
                              Clock::now() + std::chrono::seconds(30));
  co_await lease_->conn->exec_script(sql, Clock::now() + std::chrono::hours(2));
}

Task<void> Transaction::commit() {
  if (!lease_ || lease_->committed) throw std::logic_error("transaction already finished");
  co_await lease_->exec("COMMIT", Params());
  lease_->committed = true;
  lease_.reset();
}

}  // namespace agora::db
