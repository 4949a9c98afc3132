#include "app/seed_parallel.hpp"

#include <algorithm>
#include <mutex>
#include <thread>
#include <utility>

namespace agora::app::seeding {

void run_parallel(const std::string& conninfo, const std::string& setup, int jobs, std::vector<SeedTask> tasks,
                  std::atomic<bool>& stop) {
  if (tasks.empty()) return;
  std::stable_sort(tasks.begin(), tasks.end(), [](const SeedTask& a, const SeedTask& b) { return a.cost > b.cost; });
  std::mutex mu;
  std::size_t next = 0;
  std::exception_ptr failure;
  auto fail = [&](std::exception_ptr e) {
    std::lock_guard lock(mu);
    if (!failure) failure = std::move(e);
    stop = true;
  };
  auto worker = [&] {
    try {
      PgSession db(conninfo);
      db.exec(setup);
      while (true) {
        const SeedTask* task = nullptr;
        {
          std::lock_guard lock(mu);
          if (stop || next == tasks.size()) return;
          task = &tasks[next++];
        }
        task->run(db);
      }
    } catch (const SeedStopped&) {
      // another task failed first; its error is the one to report
    } catch (...) {
      fail(std::current_exception());
    }
  };
  const int n = std::clamp(jobs, 1, std::max(1, int(tasks.size())));
  std::vector<std::thread> threads;
  threads.reserve(std::size_t(n));
  for (int i = 0; i < n; ++i) threads.emplace_back(worker);
  for (auto& t : threads) t.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace agora::app::seeding
