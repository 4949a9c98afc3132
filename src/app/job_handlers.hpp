#pragma once
// Every job kind the worker runs, registered in one place (as wiring.hpp
// does for routes), so tests run exactly what production runs.
#include "core/config.hpp"
#include "jobs/registry.hpp"

namespace agora::app {

jobs::Registry job_handlers(const Config& config);

}  // namespace agora::app
