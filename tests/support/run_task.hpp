#pragma once
// Runs a coroutine to completion on a test's own io_context, returning its
// result or rethrowing its exception.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include "core/task.hpp"

namespace agora::test {

template <class T>
T run_task(boost::asio::io_context& ioc, Task<T> task) {
  auto result = boost::asio::co_spawn(ioc, std::move(task), boost::asio::use_future);
  ioc.restart();
  ioc.run();
  return result.get();
}

}  // namespace agora::test
