#pragma once
// Runs the worker's handlers (app::job_handlers, as `agora worker` does)
// on every job whose time has come, until none is left: tests call it where
// production would have a worker running beside the server.
#include "core/config.hpp"

namespace agora::test {

// How many jobs ran.
int run_pending_jobs(const Config& config);

}  // namespace agora::test
