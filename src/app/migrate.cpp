#include <iostream>

#include "app/commands.hpp"
#include "core/log.hpp"
#include "db/migrate.hpp"
#include "db/standalone.hpp"

namespace agora::app {

int migrate(const Config& config) {
  db::MigrateReport report;
  db::with_pool(config,
                [&](db::Pool& pool) -> Task<void> { report = co_await db::migrate(pool, db::embedded_migrations()); });
  log::info("migrations done",
            {{"migration.applied", std::int64_t(report.applied.size())}, {"migration.current", report.current}});
  return 0;
}

}  // namespace agora::app
