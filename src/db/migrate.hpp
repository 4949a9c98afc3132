#pragma once
// Forward-only schema migrations. The SQL files in migrations/ are embedded
// into the binary at build time (no files to ship next to it) and applied in
// order, each in its own transaction holding a transaction-level advisory
// lock, so any number of replicas may run `agora migrate` at once: one
// applies, the others wait and then find nothing left to do.
#include <string>
#include <vector>

#include "db/pool.hpp"

namespace agora::db {

struct Migration {
  std::string version;  // "0001"
  std::string name;     // "extensions"
  std::string sql;
};

// Generated from migrations/*.sql, sorted by version.
const std::vector<Migration>& embedded_migrations();

struct MigrateReport {
  std::vector<std::string> applied;  // versions applied by this run
  std::string current;               // newest version now in the database
};

Task<MigrateReport> migrate(Pool& pool, const std::vector<Migration>& migrations);

// Newest applied version, or "" when the database was never migrated.
Task<std::string> applied_version(Queryable& db);

}  // namespace agora::db
