#pragma once
// A fixture for the community API tests: users signed in with one call,
// JSON requests with a token, and shortcuts to make communities, posts and
// comments through the API itself.
#include <boost/json.hpp>
#include <functional>

#include "support/api.hpp"

namespace agora::test {

struct Member {
  std::string name;
  std::string token;
  std::int64_t id = 0;
};

class CommunityApiTest : public ApiTest {
 protected:
  // Generous write budgets so tests can post freely; tests of the budgets
  // override configure() and set their own.
  void configure(Config& c) override;

  // A verified member (or `role`) account, signed in.
  Member user(const std::string& name, const std::string& role = "member");

  HttpResponse call(const std::string& method, const std::string& path, const Member* who,
                    const boost::json::value& body = nullptr);
  HttpResponse get(const std::string& path, const Member* who = nullptr) { return call("GET", path, who); }
  HttpResponse post(const std::string& path, const Member& who, const boost::json::value& body = nullptr) {
    return call("POST", path, &who, body);
  }

  // Each expects success and returns the new thing's id (or slug).
  std::string community(const Member& owner, const std::string& slug, const std::string& visibility = "public");
  std::int64_t new_post(const Member& author, const std::string& slug, const std::string& title,
                        const std::string& body = "");
  std::int64_t comment(const Member& author, std::int64_t post, const std::string& body, std::int64_t parent = 0);

  // Row count of a table (to prove a refused request wrote nothing).
  std::int64_t rows(const std::string& table);

  // Reads a paginated list by following next_cursor from `path` (with or without a query),
  // `limit` items at a time, handing each page to `on_page`. Every page must be 200, hold at
  // most `limit` items, and be full unless it is the last. Returns the number of pages read
  // (at most `max_pages`, so a cursor that never ends fails rather than hangs).
  int each_page(const std::string& path, int limit, const Member* who,
                const std::function<void(const HttpResponse&)>& on_page, int max_pages = 100);
  // The ids of the items of every page, in order.
  std::vector<std::int64_t> all_ids(const std::string& path, int limit, const Member* who = nullptr);
};

// Titles of the `items` of a page response.
std::vector<std::string> titles(const HttpResponse& r);
// Ids of the `items` of a page response.
std::vector<std::int64_t> item_ids(const HttpResponse& r);

}  // namespace agora::test
