#include "support/pg_cluster.hpp"

#include <fcntl.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <memory>
#include <random>
#include <stdexcept>
#include <system_error>

#include "core/config.hpp"
#include "db/migrate.hpp"
#include "db/standalone.hpp"

extern char** environ;

namespace agora::test {
namespace {

std::unique_ptr<PgCluster> g_cluster;
int g_watchdog_fd = -1;  // write end; the watchdog destroys the cluster when it closes without a 'D'
bool g_keep = false;

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

// True when nothing listens on 127.0.0.1:port (the cluster only listens on
// its private socket, but a port nobody uses keeps log lines and the SysV
// shared memory key unambiguous).
bool tcp_port_free(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(std::uint16_t(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  ::close(fd);
  return ok;
}

std::string make_temp_dir() {
  // A short base: the socket path (DIR/sock/.s.PGSQL.NNNNN) must fit in 107
  // bytes. Without TMPDIR, a roomy /dev/shm is preferred: a RAM-backed
  // cluster does not wait for a disk other jobs keep busy.
  std::string base = "/tmp";
  struct statvfs shm {};
  const char* tmpdir = std::getenv("TMPDIR");  // NOLINT(concurrency-mt-unsafe): read once, before any thread
  if (tmpdir && *tmpdir && std::strlen(tmpdir) < 60) base = tmpdir;
  else if (::statvfs("/dev/shm", &shm) == 0 && ::access("/dev/shm", W_OK) == 0 &&
           std::uint64_t(shm.f_bavail) * shm.f_frsize >= (std::uint64_t(2) << 30))
    base = "/dev/shm";
  std::string tmpl = base + "/agora-pg-XXXXXX";
  if (!::mkdtemp(tmpl.data()))
    throw std::runtime_error("mkdtemp failed: " + std::error_code(errno, std::generic_category()).message());
  // The cluster runs as `postgres` when we are root: it must enter the dir.
  ::chmod(tmpl.c_str(), 0755);
  return tmpl;
}

// Forks a process that outlives us: when our end of the pipe closes without
// the "done" byte (crash, abort, kill), it destroys the cluster.
void start_watchdog(const std::string& script, const std::string& dir) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
  // Everything the child needs is prepared before fork (no allocation there).
  std::string bash = "/bin/bash", destroy = "destroy";
  std::string s = script, d = dir;
  char* argv[] = {bash.data(), s.data(), destroy.data(), d.data(), nullptr};
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    ::setsid();  // not killed with our process group (Ctrl-C, test runner timeouts)
    // (void): signal() fails only for an invalid signal number.
    (void)std::signal(SIGINT, SIG_IGN);
    (void)std::signal(SIGTERM, SIG_IGN);
    (void)std::signal(SIGHUP, SIG_IGN);
    ::close(fds[1]);
    char c = 0;
    ssize_t n;
    do n = ::read(fds[0], &c, 1);
    while (n < 0 && errno == EINTR);
    if (n == 1) ::_exit(0);  // the tests cleaned up themselves
    ::execv(argv[0], argv);
    ::_exit(127);
  }
  ::close(fds[0]);
  g_watchdog_fd = fds[1];
}

void release_watchdog() {
  if (g_watchdog_fd < 0) return;
  const char done = 'D';
  [[maybe_unused]] auto n = ::write(g_watchdog_fd, &done, 1);
  ::close(g_watchdog_fd);
  g_watchdog_fd = -1;
}

std::string conn_error(PGconn* c) { return c ? trim(PQerrorMessage(c)) : "out of memory"; }

}  // namespace

CommandResult run_command(const std::vector<std::string>& argv, const std::vector<std::string>& extra_env) {
  // Output goes to an unlinked temp file, not a pipe: the postmaster started
  // by pg_ctl would inherit a pipe and keep it open, so EOF would never come.
  char path[] = "/tmp/agora-cmd-XXXXXX";
  const int out = ::mkostemp(path, O_CLOEXEC);
  if (out < 0) throw std::runtime_error("mkostemp failed");
  ::unlink(path);

  std::vector<std::string> env_strings(extra_env);
  for (char** e = environ; e && *e; ++e) env_strings.emplace_back(*e);
  std::vector<char*> envp, args;
  for (auto& e : env_strings) envp.push_back(e.data());
  envp.push_back(nullptr);
  std::vector<std::string> argv_copy(argv);
  for (auto& a : argv_copy) args.push_back(a.data());
  args.push_back(nullptr);

  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&fa, out, 1);
  posix_spawn_file_actions_adddup2(&fa, out, 2);
  pid_t pid = 0;
  const int rc = ::posix_spawnp(&pid, args[0], &fa, nullptr, args.data(), envp.data());
  posix_spawn_file_actions_destroy(&fa);
  CommandResult result;
  if (rc != 0) {
    ::close(out);
    result.output = "cannot run " + argv[0] + ": " + std::error_code(rc, std::generic_category()).message();
    return result;
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  ::lseek(out, 0, SEEK_SET);
  char buf[4096];
  ssize_t n;
  while ((n = ::read(out, buf, sizeof buf)) > 0) result.output.append(buf, std::size_t(n));
  ::close(out);
  return result;
}

PgCluster& PgCluster::get() {
  if (!g_cluster) throw std::logic_error("the test cluster is not running (see the output of main)");
  return *g_cluster;
}

std::string PgCluster::script() const { return std::string(AGORA_SOURCE_DIR) + "/scripts/pg-cluster"; }

void PgCluster::start_global() {
  auto cluster = std::make_unique<PgCluster>();
  cluster->dir_ = make_temp_dir();
  const char* keep = std::getenv("AGORA_TEST_PG_KEEP");  // NOLINT(concurrency-mt-unsafe): read once, before any thread
  g_keep = keep && std::string(keep) == "1";
  if (!g_keep) start_watchdog(cluster->script(), cluster->dir_);
  g_cluster = std::move(cluster);
  auto& c = *g_cluster;

  std::random_device rd;
  std::mt19937 rng(rd());
  std::uniform_int_distribution<int> ports(20000, 60000);
  std::string failures;
  for (int attempt = 0; attempt < 5 && c.port_ == 0; ++attempt) {
    int port = ports(rng);
    while (!tcp_port_free(port)) port = ports(rng);
    auto r = run_command({"bash", c.script(), "start", c.dir_, std::to_string(port)}, {"PG_FAST=1"});
    if (r.status == 0) c.port_ = port;
    else failures += "start on port " + std::to_string(port) + " failed:\n" + r.output + "\n";
  }
  if (c.port_ == 0) throw std::runtime_error("could not start the test cluster in " + c.dir_ + ":\n" + failures);

  auto r = run_command({"bash", c.script(), "createdb", c.dir_, std::to_string(c.port_), "agora_template"});
  if (r.status != 0) throw std::runtime_error("pg-cluster createdb failed:\n" + r.output);

  // The real migrations, through the same code path as `agora migrate`.
  Config config;
  config.database_url = c.app_url("agora_template");
  db::with_pool(config, [](db::Pool& pool) -> Task<void> { co_await db::migrate(pool, db::embedded_migrations()); });
}

void PgCluster::finish_global() {
  if (!g_cluster) {
    release_watchdog();
    return;
  }
  auto& c = *g_cluster;
  if (g_keep) {
    std::cerr << "AGORA_TEST_PG_KEEP=1: cluster kept in " << c.dir_ << " (port " << c.port_
              << "); remove it with: scripts/pg-cluster destroy " << c.dir_ << "\n";
  } else {
    auto r = run_command({"bash", c.script(), "destroy", c.dir_});
    if (r.status != 0) {
      std::cerr << "pg-cluster destroy failed (the watchdog will retry):\n" << r.output;
      g_cluster.reset();
      return;  // without the "done" byte: the watchdog tries again
    }
  }
  release_watchdog();
  g_cluster.reset();
}

std::string PgCluster::app_url(const std::string& dbname) const {
  // `pg-cluster url` once, for the template; other databases differ only in
  // the name (t_N and the like need no quoting), which saves a bash start
  // per test.
  if (template_url_.empty()) {
    auto r = run_command({"bash", script(), "url", dir_, std::to_string(port_), "agora_template"});
    if (r.status != 0) throw std::runtime_error("pg-cluster url failed:\n" + r.output);
    template_url_ = trim(r.output);
  }
  const std::string from = "dbname=agora_template";
  const auto at = template_url_.find(from);
  const bool plain = dbname.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") == std::string::npos;
  if (at == std::string::npos || !plain) {
    auto r = run_command({"bash", script(), "url", dir_, std::to_string(port_), dbname});
    if (r.status != 0) throw std::runtime_error("pg-cluster url failed:\n" + r.output);
    return trim(r.output);
  }
  return std::string(template_url_).replace(at, from.size(), "dbname=" + dbname);
}

std::string PgCluster::admin_url(const std::string& dbname) const {
  // Same socket and port as app_url, as the superuser.
  return "host=" + socket_dir() + " port=" + std::to_string(port_) + " dbname=" + dbname + " user=postgres";
}

void PgCluster::stop() {
  auto r = run_command({"bash", script(), "stop", dir_});
  if (r.status != 0) throw std::runtime_error("pg-cluster stop failed:\n" + r.output);
}

void PgCluster::start() {
  auto r = run_command({"bash", script(), "start", dir_, std::to_string(port_)}, {"PG_FAST=1"});
  if (r.status != 0) throw std::runtime_error("pg-cluster start failed:\n" + r.output);
}

bool PgCluster::running() const { return run_command({"bash", script(), "status", dir_}).status == 0; }

void PgCluster::admin_exec(const std::string& dbname, const std::string& sql) const {
  std::unique_ptr<PGconn, void (*)(PGconn*)> conn(PQconnectdb(admin_url(dbname).c_str()), PQfinish);
  if (PQstatus(conn.get()) != CONNECTION_OK)
    throw std::runtime_error("cannot connect to " + dbname + ": " + conn_error(conn.get()));
  std::unique_ptr<PGresult, void (*)(PGresult*)> res(PQexec(conn.get(), sql.c_str()), PQclear);
  const auto st = PQresultStatus(res.get());
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
    throw std::runtime_error(sql + ": " + trim(PQresultErrorMessage(res.get())));
}

std::string PgCluster::create_database(bool from_template, bool with_vector) {
  std::string name = "t_" + std::to_string(++next_db_);  // not const: returned by move
  // FILE_COPY: for a small template on a cluster without fsync, copying the
  // files beats WAL-logging every block (about 0.1 s against 0.17 s).
  const std::string sql = from_template
                              ? "CREATE DATABASE " + name + " TEMPLATE agora_template OWNER agora STRATEGY FILE_COPY"
                              : "CREATE DATABASE " + name + " OWNER agora";
  try {
    admin_exec("postgres", sql);
  } catch (const std::exception&) {
    // An earlier test may have left the cluster stopped (the reconnect test
    // stops and restarts it): bring it back once, then give up loudly.
    if (running()) throw;
    start();
    admin_exec("postgres", sql);
  }
  if (!from_template && with_vector) admin_exec(name, "SET client_min_messages = warning; CREATE EXTENSION vector");
  return name;
}

void PgCluster::drop_database(const std::string& name) {
  // FORCE: a server under test may still be closing its connections.
  admin_exec("postgres", "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
}

// ---------------------------------------------------------------- TestDatabase

TestDatabase::TestDatabase()
    : name_(PgCluster::get().create_database(true, false)), url_(PgCluster::get().app_url(name_)) {}

TestDatabase::TestDatabase(Empty empty)
    : name_(PgCluster::get().create_database(false, empty.with_vector)), url_(PgCluster::get().app_url(name_)) {}

TestDatabase::~TestDatabase() {
  if (conn_) PQfinish(conn_);
  // Dropped right away (unless the cluster is kept for a post-mortem): a
  // hundred copies of the template would otherwise pile up in the cluster.
  if (g_keep) return;
  try {
    PgCluster::get().drop_database(name_);
  } catch (const std::exception& e) {
    std::cerr << "warning: could not drop test database " << name_ << ": " << e.what() << "\n";
  }
}

PGconn* TestDatabase::connection() const {
  if (conn_ && PQstatus(conn_) == CONNECTION_OK) return conn_;
  if (conn_) PQfinish(conn_);
  conn_ = PQconnectdb(PgCluster::get().admin_url(name_).c_str());
  if (PQstatus(conn_) != CONNECTION_OK) {
    const std::string why = conn_error(conn_);
    PQfinish(conn_);
    conn_ = nullptr;
    throw std::runtime_error("cannot connect to test database " + name_ + ": " + why);
  }
  return conn_;
}

std::vector<Row> TestDatabase::query(const std::string& sql) const {
  for (int attempt = 0;; ++attempt) {
    PGconn* c = connection();
    std::unique_ptr<PGresult, void (*)(PGresult*)> res(PQexec(c, sql.c_str()), PQclear);
    const auto st = PQresultStatus(res.get());
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
      // A connection the server closed meanwhile (cluster restart): once more.
      if (attempt == 0 && PQstatus(c) != CONNECTION_OK) continue;
      throw std::runtime_error("SQL failed: " + sql + "\n  " + trim(PQresultErrorMessage(res.get())));
    }
    std::vector<Row> rows;
    for (int i = 0; i < PQntuples(res.get()); ++i) {
      Row row;
      for (int j = 0; j < PQnfields(res.get()); ++j) {
        if (PQgetisnull(res.get(), i, j)) row.emplace_back(std::nullopt);
        else row.emplace_back(std::string(PQgetvalue(res.get(), i, j), std::size_t(PQgetlength(res.get(), i, j))));
      }
      rows.push_back(std::move(row));
    }
    return rows;
  }
}

std::string TestDatabase::scalar(const std::string& sql) const {
  auto rows = query(sql);
  if (rows.empty() || rows[0].empty()) throw std::runtime_error("no row from: " + sql);
  return rows[0][0].value_or("");
}

std::int64_t TestDatabase::count(const std::string& table) const {
  return std::stoll(scalar("SELECT count(*) FROM " + table));
}

std::map<std::string, std::int64_t> TestDatabase::account_counts() const {
  std::map<std::string, std::int64_t> out;
  for (const char* t : {"users", "sessions", "account_tokens", "dev_mailbox"}) out[t] = count(t);
  return out;
}

std::int64_t TestDatabase::rows_containing(const std::string& needle) const {
  std::int64_t total = 0;
  for (const auto& row : query("SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = 'public'"))
    total += std::stoll(
        scalar("SELECT count(*) FROM " + *row[0] + " x WHERE strpos(x::text, " + sql_literal(needle) + ") > 0"));
  return total;
}

std::string sql_literal(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += "''";
    else out.push_back(c);
  }
  return out + "'";
}

}  // namespace agora::test
