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

// What a route declares besides its handler; the server and the auth layer
// read it, so these rules live in one place per route.
struct RouteOptions {
  // Largest body read for this route (413 above, before any of it is read).
  // JSON routes need no more than the JSON reader accepts.
  std::size_t max_body_bytes = std::size_t{256} * 1024;
  // Runs once the head is read and before the body is, for routes that take
  // large bodies: e.g. authenticate before reading megabytes. Throwing
  // (a Problem) answers the request without reading its body.
  Handler before_body;
  // A suspended account may still call this unsafe route (sign out, change
  // the password, mark notifications read). Every other unsafe method is
  // refused to suspended accounts by accounts::require_user.
  bool open_to_suspended = false;
};

class Router {
 public:
  void add(std::string method, std::string pattern, Handler handler, RouteOptions options = {});

  struct Match {
    const Handler* handler = nullptr;  // null: no route for this method
    const RouteOptions* options = nullptr;
    std::string pattern;  // the route pattern (for metrics and logs)
    std::vector<std::pair<std::string, std::string>> params;
    std::string allow;  // methods that exist for the path (for 405)
  };
  Match match(std::string_view method, std::string_view path) const;

  // Answers GET and HEAD of a path no route has at all (the web app's files
  // and its own URLs), reported under `label`. Paths under /api/ stay a
  // 404 problem: a mistyped API call must not get the app's HTML.
  void set_fallback(std::string label, Handler handler);

  struct RouteInfo {
    std::string method, pattern;
  };
  std::vector<RouteInfo> routes() const;

 private:
  struct Route {
    std::string method, pattern;
    std::vector<std::string> segments;
    Handler handler;
    RouteOptions options;
  };
  std::vector<Route> routes_;
  std::string fallback_label_;
  Handler fallback_;
  RouteOptions fallback_options_;
};

// Splits "/a/b/" into {"a","b"}; an empty path is the root.
std::vector<std::string_view> split_path(std::string_view path);

}  // namespace agora::http
