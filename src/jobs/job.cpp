#include "jobs/job.hpp"

namespace agora::jobs {

std::string_view queue_for(std::string_view kind) {
  if (kind.rfind("email.", 0) == 0) return "emails";
  if (kind.rfind("analytics.", 0) == 0) return "analytics";
  return "jobs";
}

}  // namespace agora::jobs
