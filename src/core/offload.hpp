#pragma once
// Runs CPU-heavy work (Argon2id) on a small dedicated thread pool so the event
// loops keep answering other requests meanwhile. The pool size also bounds the
// memory that concurrent password hashing can take.
#include <functional>
#include <memory>

#include "core/task.hpp"

namespace agora {

class BlockingPool {
 public:
  explicit BlockingPool(int threads);
  ~BlockingPool();
  BlockingPool(const BlockingPool&) = delete;
  BlockingPool& operator=(const BlockingPool&) = delete;

  // Runs `work` on the pool and resumes the caller on its own executor.
  // Exceptions thrown by `work` are rethrown in the caller.
  Task<void> run(std::function<void()> work);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace agora
