#pragma once
// A fixture for the community API tests: users signed in with one call,
// JSON requests with a token, and shortcuts to make communities, posts and
// comments through the API itself.
#include <boost/json.hpp>

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
};

// Titles of the `items` of a page response.
std::vector<std::string> titles(const HttpResponse& r);
// Ids of the `items` of a page response.
std::vector<std::int64_t> item_ids(const HttpResponse& r);

}  // namespace agora::test
