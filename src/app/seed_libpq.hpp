#pragma once
// A blocking libpq session for `agora seed`: plain statements and COPY FROM
// STDIN in large chunks. The server's async driver (src/db) prepares every
// statement and has no COPY; a one-shot CLI that streams gigabytes is
// simpler and faster on one blocking connection (docs/adr/0042).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct pg_conn;

namespace agora::app::seeding {

class PgSession {
 public:
  explicit PgSession(const std::string& conninfo);
  ~PgSession();
  PgSession(const PgSession&) = delete;
  PgSession& operator=(const PgSession&) = delete;

  // Runs SQL (possibly several statements); throws std::runtime_error with
  // the server's message on failure.
  void exec(const std::string& sql);
  // Rows of a query; NULL is nullopt.
  std::vector<std::vector<std::optional<std::string>>> query(const std::string& sql);
  std::string scalar(const std::string& sql);

  // COPY FROM STDIN: `start` sends "COPY … FROM STDIN", `send` queues text-
  // format rows, `finish` ends the COPY and throws if the server refused it.
  void copy_start(const std::string& copy_sql);
  void copy_send(std::string_view data);
  void copy_finish();

 private:
  pg_conn* conn_ = nullptr;
};

// Appends rows in COPY's text format: tab-separated fields, \N for NULL,
// backslash escapes for backslash, tab, newline and carriage return.
class CopyBuffer {
 public:
  CopyBuffer& field(std::int64_t v);
  CopyBuffer& field(std::string_view text);
  CopyBuffer& null();
  // "YYYY-MM-DD HH:MM:SS.ffffff+00" from microseconds since 1970 (UTC).
  CopyBuffer& timestamp(std::int64_t unix_us);
  CopyBuffer& end_row();

  const std::string& data() const { return data_; }
  std::size_t size() const { return data_.size(); }
  void clear() { data_.clear(); }

 private:
  void separator();
  std::string data_;
  bool row_open_ = false;
};

}  // namespace agora::app::seeding
