#pragma once
// A connection pool per event loop: bounded size, bounded wait, lazy
// connects, broken connections discarded, and a short circuit-breaker so a
// database outage answers 503 at once instead of queueing requests.
#include <chrono>
#include <memory>
#include <string>

#include "db/db.hpp"

namespace boost::asio {
class io_context;
}

namespace agora::db {

struct PoolOptions {
  std::string conninfo;
  int max_size = 8;
  std::chrono::milliseconds acquire_timeout{2000};
  std::chrono::milliseconds connect_timeout{3000};
  std::chrono::milliseconds statement_timeout{5000};
};

struct PoolStats {
  int open = 0;  // connected (idle + in use)
  int idle = 0;
  int waiting = 0;  // requests waiting for a connection
};

class Transaction;

class Pool : public Queryable {
 public:
  Pool(boost::asio::io_context& ioc, PoolOptions options);
  ~Pool() override;

  Task<Result> query(std::string_view sql, const Params& params = Params()) override;

  // BEGIN on a dedicated connection; rolled back unless committed.
  Task<Transaction> begin();

  PoolStats stats() const;

  // Content writes may hold at most half of the connections (at least one),
  // so a burst of slow writes (long edits, many users posting at once)
  // leaves the reads their share. Waits (up to the acquire timeout) for a
  // share, then throws Unavailable (503). Every share taken must be given
  // back with release_write_share().
  Task<void> take_write_share();
  void release_write_share();
  // Closes idle connections; connections in use close when released.
  void close();

  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

class Transaction : public Queryable {
 public:
  Transaction(Transaction&&) noexcept;
  Transaction& operator=(Transaction&&) noexcept;
  ~Transaction() override;

  Task<Result> query(std::string_view sql, const Params& params = Params()) override;
  Task<void> commit();
  // Multi-statement SQL (migrations only); no statement timeout applies.
  Task<void> run_script(std::string_view sql);

  struct Lease;
  explicit Transaction(std::unique_ptr<Lease> lease);

 private:
  std::unique_ptr<Lease> lease_;
};

}  // namespace agora::db
