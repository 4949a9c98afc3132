#pragma once
// What runs a job: one handler per kind. A handler's database effects go
// through `tx`, the transaction in which the job is also marked done, so they
// happen exactly once; effects elsewhere (SMTP) happen at least once.
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "db/db.hpp"
#include "jobs/job.hpp"

namespace agora::jobs {

struct JobContext {
  const Job& job;
  db::Queryable& tx;  // the job's transaction
  db::Queryable& db;  // the pool, for work outside the transaction
};

using Handler = std::function<Task<void>(JobContext&)>;

// A failure that retrying cannot fix (malformed payload, a recipient that
// does not exist): the job goes to the dead letters at once.
class PermanentFailure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Registry {
 public:
  void add(std::string kind, Handler handler);
  const Handler* find(std::string_view kind) const;

 private:
  std::map<std::string, Handler, std::less<>> handlers_;
};

}  // namespace agora::jobs
