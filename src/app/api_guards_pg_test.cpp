// Guards that hold for every route at once, walked from the router itself so
// a new endpoint is covered the day it is added:
//  - writes without credentials are 401 (except the sign-in family and the
//    email routes a signed token or signature authorizes);
//  - hostile bodies get a 4xx, never a 5xx, and change no table;
//  - a private community's content is 404 to outsiders on every GET route.
#include <regex>

#include "app/wiring.hpp"
#include "support/community_api.hpp"

namespace agora::test {
namespace {
namespace json = boost::json;

struct Route {
  std::string method, pattern;
};

std::vector<Route> all_routes() {
  Config config;
  config.argon2_opslimit = 1;
  config.argon2_memlimit = std::size_t{8192} * 1024;
  BlockingPool hashing(1);
  accounts::Service accounts(config, hashing);
  http::Router router;
  http::Pipeline pipeline(router, config);
  app::add_all_routes(router, pipeline, accounts, config);
  std::vector<Route> out;
  for (const auto& r : router.routes()) out.push_back({r.method, r.pattern});
  return out;
}

// Writes authorized by something other than a session: the sign-in family,
// one-click unsubscribe (its signed token) and SES events (their SNS signature).
bool public_write(const std::string& pattern) {
  if (pattern == "/api/v1/email/unsubscribe" || pattern == "/api/v1/email/ses-events") return true;
  return pattern.rfind("/api/v1/auth/", 0) == 0 && pattern != "/api/v1/auth/logout";
}

class ApiGuards : public CommunityApiTest {
 protected:
  void SetUp() override {
    CommunityApiTest::SetUp();
    owner = user("ann_owner");
    member = user("bo_member");
    outsider = user("olaf_outsider");
    community(owner, "open");
    community(owner, "secret", "private");
    ASSERT_EQ(call("PUT", "/api/v1/communities/secret/members/bo_member", &owner, {{"role", "member"}}).status, 204);
    open_post = new_post(member, "open", "Open post");
    open_comment = comment(owner, open_post, "open comment");
    secret_post = new_post(member, "secret", "Secret plans xyzzy", "classified xyzzy");
    secret_comment = comment(owner, secret_post, "secret comment xyzzy");
  }

  // The pattern with its parameters filled in, pointing at the open or the
  // secret community's content.
  std::string fill(const std::string& pattern, bool secret) {
    std::string p = pattern;
    const bool comments = p.rfind("/api/v1/comments/", 0) == 0;
    const bool notification = p.rfind("/api/v1/notifications/", 0) == 0;
    const auto id = comments                              ? (secret ? secret_comment : open_comment)
                    : notification                        ? 1
                    : p.rfind("/api/v1/reports/", 0) == 0 ? 1
                                                          : (secret ? secret_post : open_post);
    p = std::regex_replace(p, std::regex(R"(\{slug\})"), secret ? "secret" : "open");
    p = std::regex_replace(p, std::regex(R"(\{id\})"), std::to_string(id));
    p = std::regex_replace(p, std::regex(R"(\{username\})"), "bo_member");
    p = std::regex_replace(p, std::regex(R"(\{[a-z_]+\})"), "x");
    return p;
  }

  // Rows in every content table: a refused request must not change any.
  std::string fingerprint() {
    return db().scalar(
        "SELECT string_agg(t || '=' || n, ',') FROM (SELECT 'communities' t, count(*) n FROM communities UNION ALL "
        "SELECT 'members', count(*) FROM community_members UNION ALL SELECT 'posts', count(*) FROM posts UNION ALL "
        "SELECT 'posts_state', count(*) FROM posts WHERE state = 'visible' UNION ALL "
        "SELECT 'revisions', count(*) FROM post_revisions UNION ALL SELECT 'comments', count(*) FROM comments "
        "UNION ALL SELECT 'votes', count(*) FROM post_votes UNION ALL SELECT 'cvotes', count(*) FROM comment_votes "
        "UNION ALL SELECT 'subs', count(*) FROM subscriptions UNION ALL SELECT 'notes', count(*) FROM notifications "
        "UNION ALL SELECT 'reports', count(*) FROM reports UNION ALL SELECT 'bans', count(*) FROM community_bans "
        "UNION ALL SELECT 'mod', count(*) FROM mod_actions UNION ALL SELECT 'users', count(*) FROM users "
        "UNION ALL SELECT 'susp', count(*) FROM users WHERE suspended_until IS NOT NULL) x");
  }

  Member owner, member, outsider;
  std::int64_t open_post = 0, open_comment = 0, secret_post = 0, secret_comment = 0;
};

TEST_F(ApiGuards, WritesWithoutCredentialsAre401) {
  const auto before = fingerprint();
  int checked = 0;
  for (const auto& r : all_routes()) {
    if (r.method == "GET" || public_write(r.pattern)) continue;
    auto res = http().request(r.method, fill(r.pattern, false), "{}", {{"Content-Type", "application/json"}});
    EXPECT_TRUE(IsProblem(res, 401)) << r.method << " " << r.pattern << ": " << describe(res);
    ++checked;
  }
  EXPECT_GE(checked, 35);  // every write route but the sign-in family
  EXPECT_EQ(fingerprint(), before);
}

TEST_F(ApiGuards, HostileBodiesAreA4xxAndChangeNothing) {
  const std::string deep = std::string(40, '[') + std::string(40, ']');
  const std::string big_field = "{\"title\":\"" + std::string(200'000, 'x') + "\",\"body\":\"" +
                                std::string(50'000, 'y') + "\",\"reason\":\"" + std::string(5000, 'z') + "\"}";
  const std::vector<std::pair<std::string, std::string>> bodies = {
      {"application/json", "{"},
      {"application/json", "[]"},
      {"application/json", "\"just a string\""},
      {"application/json", deep},
      {"application/json", "{\"\xc3\x28\":1}"},
      {"application/json", "{\"value\":1e999,\"parent_id\":-1,\"days\":99999999999,\"target_id\":0}"},
      {"application/json", "{\"role\":{\"$ne\":null},\"level\":[\"all\"],\"body\":null,\"title\":true}"},
      {"application/json", "{\"unexpected\":\"field\"}"},
      {"application/json", big_field},
      {"text/plain", "title=x"},
      {"", "{}"},
  };
  const auto before = fingerprint();
  int checked = 0;
  for (const auto& r : all_routes()) {
    if (r.method == "GET" || r.method == "DELETE" || public_write(r.pattern)) continue;
    for (const Member* who : {&owner, &outsider}) {
      for (const auto& [type, body] : bodies) {
        HeaderList headers{bearer(who->token)};
        if (!type.empty()) headers.emplace_back("Content-Type", type);
        auto res = http().request(r.method, fill(r.pattern, false), body, headers);
        // Some routes take no body and ignore it (join, leave, read): those
        // may succeed; what matters is no 5xx and no partial write.
        EXPECT_LT(res.status, 500) << r.method << " " << r.pattern << " [" << body.substr(0, 60)
                                   << "]: " << describe(res);
        if (res.status >= 400) {
          EXPECT_TRUE(IsProblem(res, res.status)) << r.pattern;
        }
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 500);
  // Body-less routes (join, leave, mark read) may have succeeded for the
  // owner, who is already a member: compare only the content tables they
  // cannot touch.
  auto strip = [](const std::string& s) {
    return std::regex_replace(s, std::regex(R"((members|subs|notes)=\d+,?)"), "");
  };
  EXPECT_EQ(strip(fingerprint()), strip(before));
}

TEST_F(ApiGuards, PrivateContentIsInvisibleToOutsidersOnEveryRoute) {
  int checked = 0;
  for (const auto& r : all_routes()) {
    if (r.method != "GET") continue;
    const auto path = fill(r.pattern, true);
    for (const Member* who : {static_cast<const Member*>(nullptr), static_cast<const Member*>(&outsider)}) {
      auto res = get(path, who);
      EXPECT_EQ(res.body.find("xyzzy"), std::string::npos) << path << " leaks private content: " << describe(res);
      if (path.find("/secret") != std::string::npos || path.find(std::to_string(secret_post)) != std::string::npos ||
          path.find("/comments/" + std::to_string(secret_comment)) != std::string::npos) {
        EXPECT_TRUE(res.status == 404 || res.status == 401 || res.status == 403) << path << ": " << describe(res);
      }
      ++checked;
    }
  }
  // Lists that take no id: search, feeds, profiles, notifications.
  for (const auto& path : {"/api/v1/search?q=xyzzy", "/api/v1/search?q=xyzzy&type=comments", "/api/v1/feed?sort=new",
                           "/api/v1/feed?sort=top", "/api/v1/users/bo_member/posts", "/api/v1/users/ann_owner/comments",
                           "/api/v1/communities"}) {
    for (const Member* who : {static_cast<const Member*>(nullptr), static_cast<const Member*>(&outsider)}) {
      auto res = get(path, who);
      EXPECT_EQ(res.status, 200) << path << ": " << describe(res);
      EXPECT_EQ(res.body.find("xyzzy"), std::string::npos) << path << " leaks: " << describe(res);
      EXPECT_EQ(res.body.find("\"secret\""), std::string::npos) << path << " leaks: " << describe(res);
    }
  }
  // A member sees it all.
  EXPECT_NE(get("/api/v1/search?q=xyzzy", &member).body.find("xyzzy"), std::string::npos);
  EXPECT_GT(checked, 30);
}

TEST_F(ApiGuards, ModeratorRoutesRefuseMembers) {
  const auto before = fingerprint();
  const std::string p = std::to_string(open_post), c = std::to_string(open_comment);
  const std::vector<std::tuple<std::string, std::string, json::value>> routes = {
      {"POST", "/api/v1/posts/" + p + "/remove", json::object{{"reason", "x"}}},
      {"POST", "/api/v1/posts/" + p + "/lock", json::object{{"locked", true}}},
      {"POST", "/api/v1/posts/" + p + "/pin", json::object{{"pinned", true}}},
      {"POST", "/api/v1/comments/" + c + "/remove", json::object{{"reason", "x"}}},
      {"GET", "/api/v1/communities/open/reports", nullptr},
      {"PUT", "/api/v1/communities/open/bans/olaf_outsider", json::object{{"reason", "x"}}},
      {"PUT", "/api/v1/communities/open/members/olaf_outsider", json::object{{"role", "member"}}},
      {"PATCH", "/api/v1/communities/open", json::object{{"name", "mine now"}}},
      {"PUT", "/api/v1/admin/users/olaf_outsider/suspension", json::object{{"reason", "x"}, {"days", 1}}},
      {"GET", "/api/v1/admin/stats", nullptr},
      {"GET", "/api/v1/admin/audit-log", nullptr},
  };
  for (const auto& [method, path, body] : routes) {
    auto res = call(method, path, &member, body);
    EXPECT_TRUE(IsProblem(res, 403)) << method << " " << path << ": " << describe(res);
  }
  EXPECT_EQ(fingerprint(), before);
}

}  // namespace
}  // namespace agora::test
