// Communities: creation rules, visibility, membership and roles.
#include "support/community_api.hpp"

namespace agora::test {
namespace {
namespace json = boost::json;

class Communities : public CommunityApiTest {};

// Slugs of the `items` of a listing page, in order.
std::vector<std::string> slugs(const HttpResponse& r) {
  std::vector<std::string> out;
  const auto o = r.object();
  for (const auto& c : o.at("items").as_array()) out.emplace_back(c.at("slug").as_string());
  return out;
}

TEST_F(Communities, CreateMakesTheCreatorOwnerMemberAndSubscriber) {
  auto ann = user("ann_owner");
  auto r = post("/api/v1/communities", ann,
                {{"slug", "rust-lang"}, {"name", "Rust"}, {"description", "Systems"}, {"rules", "Be kind"}});
  ASSERT_EQ(r.status, 201) << describe(r);
  EXPECT_EQ(r.header("location"), "/api/v1/communities/rust-lang");
  auto o = r.object();
  EXPECT_EQ(o.at("slug"), "rust-lang");
  EXPECT_EQ(o.at("visibility"), "public");
  EXPECT_EQ(o.at("member_count").as_int64(), 1);
  EXPECT_EQ(o.at("my_role"), "owner");
  EXPECT_EQ(o.at("my_subscription"), "replies");

  auto again = post("/api/v1/communities", user("bea_other"), {{"slug", "rust-lang"}, {"name", "Rust 2"}});
  EXPECT_TRUE(HasFieldError(again, 409, "slug"));
  EXPECT_EQ(rows("communities"), 1);
}

TEST_F(Communities, RejectsBadInputWithoutWriting) {
  auto ann = user("ann_owner");
  EXPECT_TRUE(HasFieldError(post("/api/v1/communities", ann, {{"slug", "Bad Slug!"}, {"name", "x"}}), 422, "slug"));
  EXPECT_TRUE(HasFieldError(post("/api/v1/communities", ann, {{"slug", "-dash"}, {"name", "x"}}), 422, "slug"));
  EXPECT_TRUE(HasFieldError(post("/api/v1/communities", ann, {{"slug", "okslug"}, {"name", ""}}), 422, "name"));
  EXPECT_TRUE(HasFieldError(post("/api/v1/communities", ann, {{"slug", "okslug"}, {"name", std::string(101, 'n')}}),
                            422, "name"));
  EXPECT_TRUE(
      HasFieldError(post("/api/v1/communities", ann, {{"slug", "okslug"}, {"name", "x"}, {"visibility", "secret"}}),
                    422, "visibility"));
  EXPECT_TRUE(HasFieldError(post("/api/v1/communities", ann, {{"slug", "okslug"}, {"name", "x"}, {"owner", "me"}}), 422,
                            "owner"));
  EXPECT_TRUE(HasFieldError(post("/api/v1/communities", ann, {{"slug", 12}, {"name", "x"}}), 422, "slug"));
  EXPECT_TRUE(
      IsProblem(http().post("/api/v1/communities", "{\"slug\":", "application/json", {bearer(ann.token)}), 400));
  EXPECT_TRUE(IsProblem(
      http().post("/api/v1/communities", "slug=x", "application/x-www-form-urlencoded", {bearer(ann.token)}), 415));
  EXPECT_TRUE(IsProblem(http().post_json("/api/v1/communities", {{"slug", "okslug"}, {"name", "x"}}), 401));
  EXPECT_EQ(rows("communities"), 0);
  EXPECT_EQ(rows("community_members"), 0);
}

TEST_F(Communities, PrivateCommunitiesAreInvisibleToOutsiders) {
  auto ann = user("ann_owner");
  auto out = user("olaf_outsider");
  community(ann, "secret-club", "private");
  community(ann, "open-club");
  EXPECT_TRUE(IsProblem(get("/api/v1/communities/secret-club", &out), 404));
  EXPECT_TRUE(IsProblem(get("/api/v1/communities/secret-club"), 404));
  EXPECT_EQ(get("/api/v1/communities/secret-club", &ann).status, 200);
  // Both have one member, so the listing orders them by id, newest first:
  // an outsider sees exactly the open one, a member both.
  auto list = get("/api/v1/communities", &out);
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(slugs(list), (std::vector<std::string>{"open-club"}));
  EXPECT_EQ(slugs(get("/api/v1/communities")), (std::vector<std::string>{"open-club"}));
  EXPECT_EQ(slugs(get("/api/v1/communities?sort=new", &out)), (std::vector<std::string>{"open-club"}));
  EXPECT_EQ(slugs(get("/api/v1/communities", &ann)), (std::vector<std::string>{"open-club", "secret-club"}));
  // Nor can outsiders join, post, list members, follow or read its modlog.
  EXPECT_TRUE(IsProblem(post("/api/v1/communities/secret-club/join", out), 404));
  EXPECT_TRUE(IsProblem(post("/api/v1/communities/secret-club/posts", out, {{"title", "hi"}}), 404));
  EXPECT_TRUE(IsProblem(get("/api/v1/communities/secret-club/members", &out), 404));
  EXPECT_TRUE(IsProblem(call("PUT", "/api/v1/communities/secret-club/subscription", &out, {{"level", "all"}}), 404));
  EXPECT_TRUE(IsProblem(get("/api/v1/communities/secret-club/modlog", &out), 404));
  // A site admin reads everything.
  auto root = user("root_admin", "admin");
  EXPECT_EQ(get("/api/v1/communities/secret-club", &root).status, 200);
  EXPECT_EQ(slugs(get("/api/v1/communities", &root)), (std::vector<std::string>{"open-club", "secret-club"}));
}

TEST_F(Communities, JoinLeaveAndMemberCounts) {
  auto ann = user("ann_owner");
  auto bo = user("bo_member");
  community(ann, "open-club");
  community(ann, "invite-only", "restricted");
  auto j = post("/api/v1/communities/open-club/join", bo);
  ASSERT_EQ(j.status, 200) << describe(j);
  EXPECT_EQ(j.object().at("role"), "member");
  EXPECT_EQ(post("/api/v1/communities/open-club/join", bo).status, 200);  // idempotent
  EXPECT_EQ(get("/api/v1/communities/open-club").object().at("member_count").as_int64(), 2);
  EXPECT_TRUE(IsProblem(post("/api/v1/communities/invite-only/join", bo), 403));
  EXPECT_EQ(post("/api/v1/communities/open-club/leave", bo).status, 204);
  EXPECT_EQ(get("/api/v1/communities/open-club").object().at("member_count").as_int64(), 1);
  EXPECT_TRUE(IsProblem(post("/api/v1/communities/open-club/leave", ann), 409));  // the owner stays
}

TEST_F(Communities, RolesAndWhoMayChangeThem) {
  auto ann = user("ann_owner");
  auto mo = user("mo_moderator");
  auto bo = user("bo_member");
  auto cy = user("cy_member");
  community(ann, "club", "restricted");
  // Restricted: members only post; moderators add members; owner adds moderators.
  EXPECT_TRUE(IsProblem(post("/api/v1/communities/club/posts", bo, {{"title", "hi"}}), 403));
  EXPECT_EQ(call("PUT", "/api/v1/communities/club/members/mo_moderator", &ann, {{"role", "moderator"}}).status, 204);
  EXPECT_EQ(call("PUT", "/api/v1/communities/club/members/bo_member", &mo, {{"role", "member"}}).status, 204);
  EXPECT_TRUE(IsProblem(call("PUT", "/api/v1/communities/club/members/cy_member", &mo, {{"role", "moderator"}}), 403));
  EXPECT_TRUE(IsProblem(call("PUT", "/api/v1/communities/club/members/cy_member", &bo, {{"role", "member"}}), 403));
  EXPECT_TRUE(
      HasFieldError(call("PUT", "/api/v1/communities/club/members/cy_member", &ann, {{"role", "owner"}}), 422, "role"));
  EXPECT_TRUE(IsProblem(call("PUT", "/api/v1/communities/club/members/nobody_here", &ann, {{"role", "member"}}), 404));
  EXPECT_EQ(post("/api/v1/communities/club/posts", bo, {{"title", "now I can"}}).status, 201);
  EXPECT_TRUE(IsProblem(call("DELETE", "/api/v1/communities/club/members/mo_moderator", &mo), 403));
  EXPECT_TRUE(IsProblem(call("DELETE", "/api/v1/communities/club/members/ann_owner", &ann), 409));
  EXPECT_EQ(call("DELETE", "/api/v1/communities/club/members/bo_member", &mo).status, 204);
  // Settings: moderators edit text; only the owner changes visibility.
  EXPECT_EQ(call("PATCH", "/api/v1/communities/club", &mo, {{"description", "new words"}}).status, 200);
  EXPECT_TRUE(IsProblem(call("PATCH", "/api/v1/communities/club", &mo, {{"visibility", "public"}}), 403));
  EXPECT_TRUE(IsProblem(call("PATCH", "/api/v1/communities/club", &bo, {{"description", "x"}}), 403));
  auto changed = call("PATCH", "/api/v1/communities/club", &ann, {{"visibility", "public"}});
  ASSERT_EQ(changed.status, 200) << describe(changed);
  EXPECT_EQ(changed.object().at("visibility"), "public");
  EXPECT_EQ(changed.object().at("description"), "new words");
  // Exactly the five changes that were made (none of the refused ones), newest first.
  auto log = get("/api/v1/communities/club/modlog");
  ASSERT_EQ(log.status, 200) << describe(log);
  std::vector<std::string> entries;
  const auto o = log.object();
  for (const auto& e : o.at("items").as_array())
    entries.push_back(std::string(e.at("action").as_string()) + " by " + std::string(e.at("moderator").as_string()) +
                      ": " + std::string(e.at("reason").as_string()));
  EXPECT_EQ(entries,
            (std::vector<std::string>{"update_community by ann_owner: visibility: public",
                                      "update_community by mo_moderator: ", "remove_member by mo_moderator: was member",
                                      "add_member by mo_moderator: ", "add_moderator by ann_owner: "}));
  EXPECT_EQ(rows("mod_actions"), 5);
}

TEST_F(Communities, ListingPagesWithACursor) {
  auto ann = user("ann_owner");
  auto bo = user("bo_member");
  auto cy = user("cy_member");
  for (int i = 0; i < 7; ++i) community(ann, "club-" + std::to_string(i));
  // Member counts with ties, in an order that is neither id order nor its
  // reverse: club-1 and club-4 have 3, club-3 and club-6 have 2, the rest 1.
  for (const auto* slug : {"club-1", "club-4", "club-3"})
    ASSERT_EQ(post("/api/v1/communities/" + std::string(slug) + "/join", bo).status, 200);
  for (const auto* slug : {"club-1", "club-4", "club-6"})
    ASSERT_EQ(post("/api/v1/communities/" + std::string(slug) + "/join", cy).status, 200);
  // Ties are broken by id, newest first.
  const std::vector<std::string> by_members = {"club-4", "club-1", "club-6", "club-3", "club-5", "club-2", "club-0"};
  const std::vector<std::string> by_new = {"club-6", "club-5", "club-4", "club-3", "club-2", "club-1", "club-0"};
  for (const auto& [sort, want] :
       std::vector<std::pair<std::string, std::vector<std::string>>>{{"members", by_members}, {"new", by_new}}) {
    EXPECT_EQ(slugs(get("/api/v1/communities?sort=" + sort)), want) << sort;
    // Pages of 2 end inside the tie at 1 member (club-2 | club-0); pages of
    // 3 inside the tie at 2 (club-6 | club-3); both also where the count
    // changes. Only an id tie-break in the cursor gets all of them right.
    for (int limit : {1, 2, 3}) {
      std::vector<std::string> seen;
      each_page("/api/v1/communities?sort=" + sort, limit, nullptr, [&](const HttpResponse& r) {
        const auto items = slugs(r);
        seen.insert(seen.end(), items.begin(), items.end());
      });
      EXPECT_EQ(seen, want) << sort << " limit " << limit;
    }
  }
  EXPECT_TRUE(IsProblem(get("/api/v1/communities?cursor=bm9wZQ"), 400));
  EXPECT_TRUE(IsProblem(get("/api/v1/communities?limit=0"), 400));
  EXPECT_TRUE(IsProblem(get("/api/v1/communities?sort=best"), 400));
}

TEST_F(Communities, MemberListPagesByUserId) {
  auto ann = user("ann_owner");
  community(ann, "club");
  // Join in an order that is not user id order.
  std::vector<Member> people;
  people.reserve(5);
  for (int i = 0; i < 5; ++i) people.push_back(user("person_" + std::to_string(i)));
  for (int i : {3, 0, 4, 2}) ASSERT_EQ(post("/api/v1/communities/club/join", people[std::size_t(i)]).status, 200);
  const std::vector<std::string> want = {"ann_owner", "person_0", "person_2", "person_3", "person_4"};
  for (int limit : {1, 2, 3, 50}) {
    std::vector<std::string> seen;
    each_page("/api/v1/communities/club/members", limit, nullptr, [&](const HttpResponse& r) {
      const auto o = r.object();  // a named copy: the loop must not read a destroyed temporary
      for (const auto& m : o.at("items").as_array()) seen.emplace_back(m.at("username").as_string());
    });
    EXPECT_EQ(seen, want) << "limit " << limit;
  }
}

}  // namespace
}  // namespace agora::test
