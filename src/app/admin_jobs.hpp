#pragma once
// `agora admin jobs …`: list, retry and redrive dead jobs, ping the queue.
#include <string>
#include <vector>

#include "core/config.hpp"

namespace agora::app {

int admin_jobs(const Config& config, const std::vector<std::string>& args);

}  // namespace agora::app
