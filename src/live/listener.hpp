#pragma once
// The hub's one LISTEN connection per process: connects without blocking its
// event loop, LISTENs on the events channel, waits for notifications on the
// socket and hands each to Hub::deliver. When the connection is lost it
// closes every stream (events may have been missed meanwhile) and reconnects
// with backoff. Runs until its event loop is destroyed.
#include <memory>

#include "core/task.hpp"
#include "live/hub_state.hpp"

namespace agora::live {

Task<void> run_listener(std::shared_ptr<Hub::State> state);

}  // namespace agora::live
