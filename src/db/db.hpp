#pragma once
// What domain code (repos) sees of the database: parameters, results, and a
// Queryable (the pool, or a transaction). Asio and libpq stay out of this
// header; see pool.hpp for how connections are managed.
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/errors.hpp"
#include "core/task.hpp"

struct pg_result;  // libpq's PGresult

namespace agora::db {

// SQL failed on the server for a reason the caller may want to map: e.g.
// 23505 unique_violation with the constraint name, to answer 409.
class QueryError : public std::runtime_error {
 public:
  QueryError(const std::string& message, std::string sqlstate, std::string constraint)
      : std::runtime_error(message), sqlstate_(std::move(sqlstate)), constraint_(std::move(constraint)) {}
  const std::string& sqlstate() const { return sqlstate_; }
  const std::string& constraint() const { return constraint_; }
  bool unique_violation() const { return sqlstate_ == "23505"; }

 private:
  std::string sqlstate_, constraint_;
};

// Text-format parameters ($1, $2, …). NULL is an empty optional.
class Params {
 public:
  Params() = default;
  template <class... A>
  explicit Params(const A&... a) {
    (add(a), ...);
  }
  void add(std::string_view v) { values_.emplace_back(std::string(v)); }
  void add(const std::string& v) { values_.emplace_back(v); }
  void add(const char* v) { values_.emplace_back(std::string(v)); }
  void add(std::int64_t v) { values_.emplace_back(std::to_string(v)); }
  void add(int v) { values_.emplace_back(std::to_string(v)); }
  void add(bool v) { values_.emplace_back(v ? "t" : "f"); }
  void add(std::nullopt_t) { values_.emplace_back(std::nullopt); }
  template <class T>
  void add(const std::optional<T>& v) {
    if (v) add(*v);
    else add(std::nullopt);
  }
  const std::vector<std::optional<std::string>>& values() const { return values_; }

 private:
  std::vector<std::optional<std::string>> values_;
};

class Result {
 public:
  Result() = default;
  explicit Result(std::shared_ptr<pg_result> r) : r_(std::move(r)) {}

  int rows() const;
  int columns() const;
  bool empty() const { return rows() == 0; }
  std::int64_t affected() const;  // rows touched by INSERT/UPDATE/DELETE

  bool is_null(int row, int col) const;
  std::string_view text(int row, int col) const;
  std::string string(int row, int col) const { return std::string(text(row, col)); }
  std::optional<std::string> optional_string(int row, int col) const;
  std::int64_t int64(int row, int col) const;
  bool boolean(int row, int col) const;
  int column(std::string_view name) const;  // index by name, throws if absent

 private:
  std::shared_ptr<pg_result> r_;
};

class Queryable {
 public:
  virtual ~Queryable() = default;
  // Runs one statement as a named prepared statement (prepared once per
  // connection, then reused). Throws QueryError for SQL errors and
  // agora::Unavailable when the database cannot be reached in time.
  virtual Task<Result> query(std::string_view sql, const Params& params = Params()) = 0;
};

}  // namespace agora::db
