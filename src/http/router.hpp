#pragma once
// Routes requests by method and path pattern. Patterns are literal segments
// and `{name}` parameters that match one non-empty segment.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/task.hpp"
#include "http/message.hpp"

namespace agora::http {

using Handler = std::function<Task<Response>(Request&)>;

class Router {
 public:
  void add(std::string method, std::string pattern, Handler handler);

  struct Match {
    const Handler* handler = nullptr;  // null: no route for this method
    std::string pattern;               // the route pattern (for metrics and logs)
    std::vector<std::pair<std::string, std::string>> params;
    std::string allow;  // methods that exist for the path (for 405)
  };
  Match match(std::string_view method, std::string_view path) const;

  struct RouteInfo {
    std::string method, pattern;
  };
  std::vector<RouteInfo> routes() const;

 private:
  struct Route {
    std::string method, pattern;
    std::vector<std::string> segments;
    Handler handler;
  };
  std::vector<Route> routes_;
};

// Splits "/a/b/" into {"a","b"}; an empty path is the root.
std::vector<std::string_view> split_path(std::string_view path);

}  // namespace agora::http
