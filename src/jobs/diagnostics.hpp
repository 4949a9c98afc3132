#pragma once
// `diagnostics.touch`: a job whose only effect is counting its own runs in
// job_diagnostics. `agora admin jobs ping` sends one through the real queue
// to prove the path end to end, and the crash test sends thousands to prove
// that every committed job's effect happens exactly once. Payload options:
// "sleep_ms" (hold the job open that long before committing) and "fail"
// (always throw: a poison message for the dead-letter tests).
#include "jobs/registry.hpp"

namespace agora::jobs {

void add_diagnostics(Registry& registry);

}  // namespace agora::jobs
