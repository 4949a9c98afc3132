#pragma once
// The throwaway PostgreSQL cluster behind agora_pg_tests, and per-test
// databases cloned from a migrated template.
//
// main() (tests/support/main.cpp) starts one cluster with scripts/pg-cluster
// in a fresh temporary directory, creates `agora_template`, runs the real
// migrations into it, and destroys the cluster when the process ends (also on
// failures and crashes, through a watchdog process), unless
// AGORA_TEST_PG_KEEP=1. Every test that needs a database makes its own
// TestDatabase: a fresh `t_N` cloned from the template (or an empty one).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

struct pg_conn;

namespace agora::test {

// Result of running a command: exit status and combined stdout/stderr.
struct CommandResult {
  int status = -1;
  std::string output;
};

// Runs argv[0] (looked up in PATH) with extra environment entries.
CommandResult run_command(const std::vector<std::string>& argv, const std::vector<std::string>& extra_env = {});

class PgCluster {
 public:
  // The process-wide cluster; start() must have succeeded.
  static PgCluster& get();

  // Creates the directory, starts the cluster, builds the template. Throws
  // with the scripts' output on failure.
  static void start_global();
  // Destroys it (or keeps it with AGORA_TEST_PG_KEEP=1 and says where).
  static void finish_global();

  const std::string& dir() const { return dir_; }
  int port() const { return port_; }
  std::string socket_dir() const { return dir_ + "/sock"; }

  // libpq conninfo for the app role `agora` (what AGORA_DATABASE_URL holds).
  std::string app_url(const std::string& dbname) const;
  // libpq conninfo for the superuser `postgres` over the socket.
  std::string admin_url(const std::string& dbname) const;

  // `scripts/pg-cluster stop` / `start`: for the reconnect test. Other tests
  // keep working afterwards (same directory, same port).
  void stop();
  void start();
  bool running() const;

  // A new database owned by `agora`: a copy of the migrated template, or an
  // empty one (optionally with the vector extension, which only a superuser
  // can create). Restarts the cluster once if it is found stopped.
  std::string create_database(bool from_template, bool with_vector);
  void drop_database(const std::string& name);

 private:
  std::string script() const;
  void admin_exec(const std::string& dbname, const std::string& sql) const;

  std::string dir_;
  mutable std::string template_url_;
  int port_ = 0;
  int next_db_ = 0;
};

// One row of a result: NULL is nullopt.
using Row = std::vector<std::optional<std::string>>;

// A database for one test, with blocking superuser access for setup and
// assertions ("no partial row left", "the raw token is stored nowhere").
class TestDatabase {
 public:
  // A fresh copy of the migrated template; dropped again by the destructor
  // (kept with AGORA_TEST_PG_KEEP=1).
  TestDatabase();
  struct Empty {
    bool with_vector = true;
  };
  // A fresh database without migrations.
  explicit TestDatabase(Empty empty);
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  const std::string& name() const { return name_; }
  // Conninfo for the app (role agora): Config::database_url.
  const std::string& url() const { return url_; }

  // Runs SQL as superuser; throws std::runtime_error on failure.
  std::vector<Row> query(const std::string& sql) const;
  void exec(const std::string& sql) const { query(sql); }
  // First column of the first row ("" for NULL); throws when there is no row.
  std::string scalar(const std::string& sql) const;
  std::int64_t count(const std::string& table) const;

  // Row counts of the tables a request might leave partial rows in.
  std::map<std::string, std::int64_t> account_counts() const;
  // Number of rows, over every table in the public schema, whose text form
  // contains `needle`.
  std::int64_t rows_containing(const std::string& needle) const;

 private:
  pg_conn* connection() const;
  std::string name_;
  std::string url_;
  mutable pg_conn* conn_ = nullptr;
};

// SQL string literal: 'it''s'.
std::string sql_literal(const std::string& s);

}  // namespace agora::test
