#pragma once
// One libpq connection driven by Asio: the socket is non-blocking and every
// wait is an async wait on it, so an event-loop thread is never blocked on
// the network. Internal to src/db.
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <unordered_map>

#include "db/db.hpp"

struct pg_conn;  // libpq's PGconn

namespace agora::db {

class Connection {
 public:
  using Clock = std::chrono::steady_clock;

  // Connects asynchronously; throws Unavailable on failure or after `timeout`.
  static Task<std::unique_ptr<Connection>> connect(boost::asio::io_context& ioc, const std::string& conninfo,
                                                   std::chrono::milliseconds timeout,
                                                   std::chrono::milliseconds statement_timeout);
  ~Connection();

  // Prepares `sql` on first use, then executes it. `deadline` guards against a
  // server that stops answering (statement_timeout covers slow queries).
  Task<Result> exec(std::string_view sql, const Params& params, Clock::time_point deadline);

  // Runs `sql` (several statements allowed) with the simple query protocol:
  // for migration files, never for anything carrying user input.
  Task<void> exec_script(std::string_view sql, Clock::time_point deadline);

  // False once the connection failed; it is then discarded, never reused.
  bool healthy() const;
  // True inside a transaction block (or a failed one): must be rolled back.
  bool in_transaction() const;
  // Cheap check for an idle connection the server has closed meanwhile.
  bool server_closed_while_idle();

 private:
  Connection(boost::asio::io_context& ioc, pg_conn* conn);
  Task<void> wait(bool for_write, Clock::time_point deadline);
  Task<void> flush(Clock::time_point deadline);
  Task<std::shared_ptr<pg_result>> read_result(Clock::time_point deadline);
  [[noreturn]] void fail(const std::string& what);

  boost::asio::io_context& ioc_;
  pg_conn* conn_;
  boost::asio::posix::stream_descriptor socket_;
  std::unordered_map<std::string, std::string> prepared_;  // sql → statement name
  bool broken_ = false;
};

}  // namespace agora::db
