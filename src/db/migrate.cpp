#include "db/migrate.hpp"

#include "core/crypto.hpp"
#include "core/log.hpp"

namespace agora::db {
namespace {

// Any fixed 64-bit number works; it only has to be the same for every replica.
constexpr const char* kLockKey = "4242001";

constexpr const char* kCreateTable = R"sql(
CREATE TABLE IF NOT EXISTS schema_migrations (
  version    text PRIMARY KEY,
  name       text NOT NULL,
  checksum   text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
))sql";

}  // namespace

Task<std::string> applied_version(Queryable& db) {
  auto exists = co_await db.query("SELECT to_regclass('schema_migrations') IS NOT NULL");
  if (!exists.boolean(0, 0)) co_return std::string();
  auto r = co_await db.query("SELECT coalesce(max(version), '') FROM schema_migrations");
  co_return r.string(0, 0);
}

Task<MigrateReport> migrate(Pool& pool, const std::vector<Migration>& migrations) {
  MigrateReport report;
  for (const auto& m : migrations) {
    auto tx = co_await pool.begin();
    // Through run_script: no statement_timeout, so a replica waits as long
    // as another one's migration (an index build…) holds the lock.
    co_await tx.run_script(std::string("SELECT pg_advisory_xact_lock(") + kLockKey + ");" + kCreateTable);
    const std::string checksum = crypto::sha256_hex(m.sql);
    auto done = co_await tx.query("SELECT checksum FROM schema_migrations WHERE version = $1", Params(m.version));
    if (!done.empty()) {
      if (done.text(0, 0) != checksum)
        throw std::runtime_error("migration " + m.version + "_" + m.name +
                                 " was changed after it was applied; migrations are forward-only: add a new one");
      continue;  // committed by an earlier run or by another replica meanwhile
    }
    log::info("applying migration", {{"migration.version", m.version}, {"migration.name", m.name}});
    co_await tx.run_script(m.sql);
    co_await tx.query("INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)",
                      Params(m.version, m.name, checksum));
    co_await tx.commit();
    report.applied.push_back(m.version);
  }
  report.current = co_await applied_version(pool);
  co_return report;
}

}  // namespace agora::db
