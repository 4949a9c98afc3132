// main() of agora_pg_tests: one throwaway PostgreSQL cluster for the whole
// run (see support/pg_cluster.hpp), then every test.
#include <gtest/gtest.h>

#include <chrono>
#include <iomanip>
#include <iostream>

#include "core/crypto.hpp"
#include "core/log.hpp"
#include "support/pg_cluster.hpp"

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  if (GTEST_FLAG_GET(list_tests)) return RUN_ALL_TESTS();

  agora::crypto::init();
  // The servers under test log JSON lines to stdout; warnings and errors
  // stay visible next to a failing test, request lines would drown them.
  agora::log::set_level("warn");

  using Clock = std::chrono::steady_clock;
  auto seconds = [](Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); };
  const auto started = Clock::now();
  std::cerr << std::fixed << std::setprecision(1);
  try {
    agora::test::PgCluster::start_global();
    std::cerr << "agora_pg_tests: cluster with migrated template ready in " << seconds(started) << " s\n";
  } catch (const std::exception& e) {
    std::cerr << "agora_pg_tests: cannot set up the test cluster: " << e.what() << "\n";
    agora::test::PgCluster::finish_global();
    return 1;
  }
  int rc = 1;
  try {
    rc = RUN_ALL_TESTS();
  } catch (const std::exception& e) {
    std::cerr << "agora_pg_tests: " << e.what() << "\n";
  }
  const auto finishing = Clock::now();
  agora::test::PgCluster::finish_global();
  std::cerr << "agora_pg_tests: cluster removed in " << seconds(finishing) << " s\n";
  return rc;
}
