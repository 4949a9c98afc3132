#include "support/community_api.hpp"

namespace agora::test {
namespace json = boost::json;

void CommunityApiTest::configure(Config& c) {
  c.auth_ip_limit_per_minute = 100'000;
  c.posts_per_hour = c.new_account_posts_per_hour = 100'000;
  c.comments_per_hour = c.new_account_comments_per_hour = 100'000;
  c.votes_per_hour = 100'000;
  c.communities_per_day = 100'000;
  c.edits_per_hour = 100'000;
}

Member CommunityApiTest::user(const std::string& name, const std::string& role) {
  const auto id = create_user(name + "@example.com", name, role);
  auto session = login_ok(name);
  return Member{name, session.token, id};
}

HttpResponse CommunityApiTest::call(const std::string& method, const std::string& path, const Member* who,
                                    const json::value& body) {
  HeaderList headers;
  if (who) headers.push_back(bearer(who->token));
  if (!body.is_null()) headers.emplace_back("Content-Type", "application/json");
  return http().request(method, path, body.is_null() ? std::string() : json::serialize(body), headers);
}

std::string CommunityApiTest::community(const Member& owner, const std::string& slug, const std::string& visibility) {
  auto r = post("/api/v1/communities", owner, {{"slug", slug}, {"name", "The " + slug}, {"visibility", visibility}});
  EXPECT_EQ(r.status, 201) << describe(r);
  return slug;
}

std::int64_t CommunityApiTest::new_post(const Member& author, const std::string& slug, const std::string& title,
                                        const std::string& body) {
  auto r = post("/api/v1/communities/" + slug + "/posts", author, {{"title", title}, {"body", body}});
  EXPECT_EQ(r.status, 201) << describe(r);
  return r.status == 201 ? r.object().at("id").as_int64() : 0;
}

std::int64_t CommunityApiTest::comment(const Member& author, std::int64_t post_id, const std::string& body,
                                       std::int64_t parent) {
  json::object o{{"body", body}};
  if (parent) o["parent_id"] = parent;
  auto r = post("/api/v1/posts/" + std::to_string(post_id) + "/comments", author, o);
  EXPECT_EQ(r.status, 201) << describe(r);
  return r.status == 201 ? r.object().at("id").as_int64() : 0;
}

std::int64_t CommunityApiTest::rows(const std::string& table) {
  return std::stoll(db().scalar("SELECT count(*) FROM " + table));
}

int CommunityApiTest::each_page(const std::string& path, int limit, const Member* who,
                                const std::function<void(const HttpResponse&)>& on_page, int max_pages) {
  const std::string first = path + (path.find('?') == std::string::npos ? "?" : "&") + "limit=" + std::to_string(limit);
  std::string cursor;
  for (int pages = 1; pages <= max_pages; ++pages) {
    const auto r = get(first + (cursor.empty() ? "" : "&cursor=" + cursor), who);
    EXPECT_EQ(r.status, 200) << describe(r);
    if (r.status != 200) return pages;
    const auto o = r.object();
    const auto items = o.at("items").as_array().size();
    EXPECT_LE(items, std::size_t(limit)) << path;
    on_page(r);
    if (o.at("next_cursor").is_null()) return pages;
    EXPECT_EQ(items, std::size_t(limit)) << path << ": a short page with a next cursor";
    cursor = std::string(o.at("next_cursor").as_string());
  }
  ADD_FAILURE() << path << ": still a next cursor after " << max_pages << " pages";
  return max_pages;
}

std::vector<std::int64_t> CommunityApiTest::all_ids(const std::string& path, int limit, const Member* who) {
  std::vector<std::int64_t> out;
  each_page(path, limit, who, [&](const HttpResponse& r) {
    const auto page = item_ids(r);
    out.insert(out.end(), page.begin(), page.end());
  });
  return out;
}

std::vector<std::string> titles(const HttpResponse& r) {
  std::vector<std::string> out;
  const auto o = r.object();
  for (const auto& i : o.at("items").as_array()) out.emplace_back(i.at("title").as_string());
  return out;
}

std::vector<std::int64_t> item_ids(const HttpResponse& r) {
  std::vector<std::int64_t> out;
  const auto o = r.object();
  for (const auto& i : o.at("items").as_array()) out.push_back(i.at("id").as_int64());
  return out;
}

}  // namespace agora::test
