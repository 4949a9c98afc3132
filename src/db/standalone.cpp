#include "db/standalone.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <utility>

namespace agora::db {

void with_pool(const Config& config, const std::function<Task<void>(Pool&)>& work) {
  boost::asio::io_context ioc{1};
  Pool pool(ioc, PoolOptions{config.database_url, 2, config.db_acquire_timeout, config.db_connect_timeout,
                             config.db_statement_timeout});
  std::exception_ptr failure;
  boost::asio::co_spawn(ioc, work(pool), [&](std::exception_ptr e) { failure = std::move(e); });
  ioc.run();
  pool.close();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace agora::db
