#include "jobs/registry.hpp"

#include <stdexcept>

namespace agora::jobs {

void Registry::add(std::string kind, Handler handler) {
  if (handlers_.count(kind)) throw std::logic_error("two handlers for job kind " + kind);
  handlers_.emplace(std::move(kind), std::move(handler));
}

const Handler* Registry::find(std::string_view kind) const {
  auto it = handlers_.find(kind);
  return it == handlers_.end() ? nullptr : &it->second;
}

}  // namespace agora::jobs
