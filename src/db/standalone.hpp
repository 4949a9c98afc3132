#pragma once
// For command-line tools (migrate, admin): run one coroutine against a small
// pool on a private event loop, to completion, rethrowing its exception.
#include <functional>

#include "core/config.hpp"
#include "db/pool.hpp"

namespace agora::db {

void with_pool(const Config& config, const std::function<Task<void>(Pool&)>& work);

}  // namespace agora::db
