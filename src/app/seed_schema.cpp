#include "app/seed_schema.hpp"

namespace agora::app::seeding {

DeferredSchema set_aside(PgSession& db, const std::vector<std::string>& tables) {
  std::string in;
  for (const auto& t : tables) in += (in.empty() ? "'" : ", '") + t + "'";  // our own constant names
  DeferredSchema d;
  // Foreign keys declared on these tables (not those pointing at them from
  // elsewhere: inserting into a referenced table checks nothing).
  for (auto& row : db.query("SELECT r.relname, format('%I.%I', n.nspname, r.relname), quote_ident(c.conname), "
                            "pg_get_constraintdef(c.oid), format('SELECT EXISTS (SELECT 1 FROM pg_constraint "
                            "WHERE conname = %L AND conrelid = %L::regclass)', c.conname, "
                            "format('%I.%I', n.nspname, r.relname)) "
                            "FROM pg_constraint c JOIN pg_class r ON r.oid = c.conrelid "
                            "JOIN pg_namespace n ON n.oid = r.relnamespace "
                            "WHERE c.contype = 'f' AND n.nspname = current_schema() AND r.relname IN (" +
                            in + ") ORDER BY r.relname, c.conname")) {
    const auto qualified = *row[1], name = *row[2];
    d.foreign_keys.push_back(
        {*row[0], name, "ALTER TABLE " + qualified + " ADD CONSTRAINT " + name + " " + *row[3], *row[4], false});
    db.exec("ALTER TABLE " + qualified + " DROP CONSTRAINT " + name);
  }
  // Indexes no constraint uses (primary keys and UNIQUE constraints stay).
  for (auto& row : db.query("SELECT r.relname, format('%I.%I', n.nspname, i.relname), pg_get_indexdef(x.indexrelid), "
                            "format('SELECT to_regclass(%L) IS NOT NULL', format('%I.%I', n.nspname, i.relname)), "
                            "a.amname = 'gin' FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
                            "JOIN pg_am a ON a.oid = i.relam JOIN pg_class r ON r.oid = x.indrelid "
                            "JOIN pg_namespace n ON n.oid = r.relnamespace "
                            "WHERE n.nspname = current_schema() AND r.relname IN (" +
                            in +
                            ") AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid) "
                            "ORDER BY r.relname, i.relname")) {
    d.indexes.push_back({*row[0], *row[1], *row[2], *row[3], *row[4] == "t"});
    db.exec("DROP INDEX " + *row[1]);
  }
  return d;
}

}  // namespace agora::app::seeding
