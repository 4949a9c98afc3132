#pragma once
// Every job kind the worker runs, registered in one place (as wiring.hpp
// does for routes), so tests run exactly what production runs, with what
// the handlers need beyond one job: the mailer and its SMTP threads.
#include <memory>

#include "core/config.hpp"
#include "core/offload.hpp"
#include "email/mailer.hpp"
#include "jobs/registry.hpp"

namespace agora::app {

class JobHandlers {
 public:
  explicit JobHandlers(const Config& config);
  const jobs::Registry& registry() const { return registry_; }

 private:
  BlockingPool blocking_{2};  // SMTP transfers: libcurl blocks
  std::unique_ptr<email::Mailer> mailer_;
  jobs::Registry registry_;
};

}  // namespace agora::app
