// GET /api/v1/admin/mailbox: roles, cursor pagination, query validation.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>

#include "support/api.hpp"

namespace agora::test {
namespace {
namespace json = boost::json;

class AdminMailbox : public ApiTest {
 protected:
  HttpResponse mailbox(const std::string& query, const HeaderList& headers) {
    return http().get("/api/v1/admin/mailbox" + query, headers);
  }
  HttpResponse as_admin(const std::string& query = "") { return mailbox(query, {bearer(admin().token)}); }

  // Adds `n` messages to `to` directly; returns their ids, oldest first.
  std::vector<std::int64_t> add_mail(int n, const std::string& to) {
    std::vector<std::int64_t> ids;
    for (int i = 0; i < n; ++i)
      ids.push_back(std::stoll(db().scalar("INSERT INTO dev_mailbox (to_address, subject, body) VALUES (" +
                                           sql_literal(to) + ", 'subject " + std::to_string(i) +
                                           "', 'body') "
                                           "RETURNING id")));
    return ids;
  }
};

std::vector<std::int64_t> ids_of(const HttpResponse& r) {
  std::vector<std::int64_t> out;
  const auto o = r.object();  // a named object: the loop must not run over a destroyed temporary
  for (const auto& m : o.at("messages").as_array()) out.push_back(m.at("id").as_int64());
  return out;
}

TEST_F(AdminMailbox, OnlyAdminsMayReadIt) {
  create_user("member@example.com", "plain_member", "member");
  create_user("mod@example.com", "some_mod", "moderator");
  auto member = login_ok("plain_member");
  auto moderator = login_ok("some_mod");

  EXPECT_TRUE(IsProblem(mailbox("", {}), 401));
  EXPECT_TRUE(IsProblem(mailbox("", {bearer("bogus")}), 401));
  auto m = mailbox("", {bearer(member.token)});
  ASSERT_TRUE(IsProblem(m, 403));
  EXPECT_EQ(m.object().at("type"), "/problems/forbidden");
  EXPECT_TRUE(IsProblem(mailbox("", {bearer(moderator.token)}), 403));
  EXPECT_TRUE(IsProblem(mailbox("", {session_cookie(moderator.token)}), 403));

  auto ok = as_admin();
  ASSERT_EQ(ok.status, 200) << describe(ok);
  EXPECT_TRUE(ok.object().at("messages").is_array());
  // A GET with the session cookie needs no CSRF token.
  EXPECT_EQ(mailbox("", {session_cookie(admin().token)}).status, 200);
}

TEST_F(AdminMailbox, RoleChangesApplyToExistingSessions) {
  const auto id = create_user("promoted@example.com", "soon_admin", "member");
  auto s = login_ok("soon_admin");
  EXPECT_TRUE(IsProblem(mailbox("", {bearer(s.token)}), 403));
  db().exec("UPDATE users SET role = 'admin' WHERE id = " + std::to_string(id));
  EXPECT_EQ(mailbox("", {bearer(s.token)}).status, 200);
  db().exec("UPDATE users SET role = 'member' WHERE id = " + std::to_string(id));
  EXPECT_TRUE(IsProblem(mailbox("", {bearer(s.token)}), 403));
}

TEST_F(AdminMailbox, ListsNewestFirstWithCursorPagination) {
  admin();
  auto ids = add_mail(7, "pager@example.com");
  std::vector<std::int64_t> newest_first(ids.rbegin(), ids.rend());

  auto first = as_admin("?to=pager@example.com&limit=3");
  ASSERT_EQ(first.status, 200) << describe(first);
  EXPECT_EQ(ids_of(first), std::vector<std::int64_t>(newest_first.begin(), newest_first.begin() + 3));
  const auto cursor1 = first.object().at("next_cursor");
  ASSERT_TRUE(cursor1.is_string()) << first.body;
  EXPECT_EQ(cursor1.as_string(), std::to_string(newest_first[2]));

  auto second = as_admin("?to=pager@example.com&limit=3&before=" + std::string(cursor1.as_string()));
  ASSERT_EQ(second.status, 200) << describe(second);
  EXPECT_EQ(ids_of(second), std::vector<std::int64_t>(newest_first.begin() + 3, newest_first.begin() + 6));

  auto third =
      as_admin("?to=pager@example.com&limit=3&before=" + std::string(second.object().at("next_cursor").as_string()));
  ASSERT_EQ(third.status, 200) << describe(third);
  EXPECT_EQ(ids_of(third), std::vector<std::int64_t>{newest_first[6]});
  EXPECT_TRUE(third.object().at("next_cursor").is_null()) << third.body;

  // Message fields.
  auto m = first.object().at("messages").as_array()[0].as_object();
  EXPECT_EQ(m.at("to"), "pager@example.com");
  EXPECT_EQ(m.at("subject"), "subject 6");
  EXPECT_EQ(m.at("body"), "body");
  EXPECT_TRUE(m.at("created_at").is_string());
}

TEST_F(AdminMailbox, DefaultLimitIs50AndLimitsUpTo200Work) {
  admin();
  add_mail(60, "many@example.com");
  auto def = as_admin("?to=many@example.com");
  ASSERT_EQ(def.status, 200) << describe(def);
  EXPECT_EQ(ids_of(def).size(), 50u);
  EXPECT_EQ(ids_of(as_admin("?to=many@example.com&limit=200")).size(), 60u);
  EXPECT_EQ(ids_of(as_admin("?to=many@example.com&limit=1")).size(), 1u);
}

TEST_F(AdminMailbox, FiltersByRecipientCaseInsensitively) {
  admin();
  add_mail(2, "one@example.com");
  add_mail(3, "Two@Example.com");
  EXPECT_EQ(ids_of(as_admin("?to=two@EXAMPLE.com")).size(), 3u);
  EXPECT_EQ(ids_of(as_admin("?to=one%40example.com")).size(), 2u);
  EXPECT_EQ(ids_of(as_admin("?to=nobody@example.com")).size(), 0u);
  EXPECT_EQ(ids_of(as_admin("?to=%27%20OR%20%271%27%3D%271")).size(), 0u);
}

TEST_F(AdminMailbox, BadQueryParametersAre400) {
  admin();
  for (const std::string q : {"?limit=0", "?limit=201", "?limit=abc", "?limit=%ZZ", "?limit=-1",
                              "?limit=", "?limit=1.5", "?limit=99999999999999999999", "?limit=%00", "?limit=3%00",
                              "?before=0", "?before=abc", "?before=-5", "?before=", "?to=%ff", "?to=%"}) {
    SCOPED_TRACE(q);
    EXPECT_TRUE(IsProblem(as_admin(q), 400));
  }
  // Unknown parameters are ignored, as usual for query strings.
  EXPECT_EQ(as_admin("?colour=blue").status, 200);
}

TEST_F(AdminMailbox, TextRoundTripsThroughJson) {
  admin();
  const std::string body = "line 1\nline \"2\"\t\\ caf\xc3\xa9 \xf0\x9f\x93\xa8 </script>";
  db().exec("INSERT INTO dev_mailbox (to_address, subject, body) VALUES ('rt@example.com', 'quotes \" and '' ', " +
            sql_literal(body) + ")");
  auto r = as_admin("?to=rt@example.com");
  ASSERT_EQ(r.status, 200) << describe(r);
  auto m = r.object().at("messages").as_array().at(0).as_object();
  EXPECT_EQ(m.at("body").as_string(), body);
  EXPECT_EQ(m.at("subject").as_string(), "quotes \" and ' ");
}

}  // namespace
}  // namespace agora::test
