#pragma once
// Bulk loading is several times faster into tables without secondary
// indexes and foreign keys: building an index once from all rows beats
// updating it row by row (GIN full-text indexes most of all), and a
// foreign key checked once by a join beats a lookup per row. So the seed
// sets them aside before loading and puts them back afterwards exactly as
// the catalog had them (pg_get_indexdef / pg_get_constraintdef), which
// also validates every row against them. Primary keys (and any index a
// constraint uses) stay.
#include <string>
#include <vector>

#include "app/seed_libpq.hpp"

namespace agora::app::seeding {

struct SchemaObject {
  std::string table;   // unqualified table name
  std::string name;    // index or constraint name
  std::string create;  // the statement that recreates it
  std::string exists;  // a query answering t while it exists
  bool gin = false;    // GIN indexes take longest to build
};

struct DeferredSchema {
  std::vector<SchemaObject> indexes, foreign_keys;
};

// Reads the definitions, then drops them (call inside a transaction).
DeferredSchema set_aside(PgSession& db, const std::vector<std::string>& tables);

}  // namespace agora::app::seeding
