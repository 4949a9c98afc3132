#pragma once
// Suspends the calling coroutine for a while on its own event loop, without
// domain code having to include Asio.
#include <chrono>

#include "core/task.hpp"

namespace agora {

Task<void> sleep_for(std::chrono::milliseconds duration);

}  // namespace agora
