// GET /api/v1/admin/mailbox: roles, cursor pagination, query validation.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "support/api.hpp"

namespace agora::test {
namespace {
namespace json = boost::json;

using Ids = std::vector<std::int64_t>;
using Strings = std::vector<std::string>;

class AdminMailbox : public ApiTest {
 protected:
  HttpResponse mailbox(const std::string& query, const HeaderList& headers) {
    return http().get("/api/v1/admin/mailbox" + query, headers);
  }
  HttpResponse as_admin(const std::string& query = "") { return mailbox(query, {bearer(admin().token)}); }

  // Adds one message directly, with the body "body of <subject>"; returns its id.
  std::int64_t add(const std::string& to, const std::string& subject) {
    return std::stoll(db().scalar("INSERT INTO dev_mailbox (to_address, subject, body) VALUES (" + sql_literal(to) +
                                  ", " + sql_literal(subject) + ", " + sql_literal("body of " + subject) +
                                  ") RETURNING id"));
  }
  // Adds `n` messages to `to` ("subject 0" …); returns their ids, oldest first.
  Ids add_mail(int n, const std::string& to) {
    Ids ids;
    for (int i = 0; i < n; ++i) ids.push_back(add(to, "subject " + std::to_string(i)));
    return ids;
  }
  // The mailbox holds nothing the test did not add (admin() sends no mail).
  void expect_empty_mailbox() { EXPECT_EQ(db().scalar("SELECT count(*) FROM dev_mailbox"), "0"); }
};

Ids ids_of(const HttpResponse& r) {
  Ids out;
  if (r.status != 200) {
    ADD_FAILURE() << describe(r);
    return out;
  }
  const auto o = r.object();  // a named object: the loop must not run over a destroyed temporary
  for (const auto& m : o.at("messages").as_array()) out.push_back(m.at("id").as_int64());
  return out;
}

// "to: subject" of each message of a page, checking each body matches its subject.
Strings mails_of(const HttpResponse& r) {
  Strings out;
  if (r.status != 200) {
    ADD_FAILURE() << describe(r);
    return out;
  }
  const auto o = r.object();
  for (const auto& m : o.at("messages").as_array()) {
    const std::string subject(m.at("subject").as_string());
    EXPECT_EQ(m.at("body").as_string(), "body of " + subject);
    out.push_back(std::string(m.at("to").as_string()) + ": " + subject);
  }
  return out;
}

std::string cursor_of(const HttpResponse& r) {
  if (r.status != 200) return "(" + describe(r) + ")";
  const auto o = r.object();
  const auto& c = o.at("next_cursor");
  return c.is_string() ? std::string(c.as_string()) : "null";
}

// ids[from, to) of a list.
Ids slice(const Ids& ids, std::size_t from, std::size_t to) {
  return {ids.begin() + std::ptrdiff_t(from), ids.begin() + std::ptrdiff_t(to)};
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

  expect_empty_mailbox();
  const auto mail = add("someone@example.com", "hello");
  auto ok = as_admin();
  ASSERT_EQ(ok.status, 200) << describe(ok);
  EXPECT_EQ(ids_of(ok), (Ids{mail}));
  EXPECT_EQ(mails_of(ok), (Strings{"someone@example.com: hello"}));
  // A GET with the session cookie needs no CSRF token.
  auto cookie = mailbox("", {session_cookie(admin().token)});
  ASSERT_EQ(cookie.status, 200) << describe(cookie);
  EXPECT_EQ(ids_of(cookie), (Ids{mail}));
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
  expect_empty_mailbox();
  // Two recipients' mails interleaved, so the filter, the order and the
  // cursor all have something to get wrong.
  Ids pager, other;
  for (int i = 0; i < 7; ++i) {
    pager.push_back(add("pager@example.com", "pager " + std::to_string(i)));
    other.push_back(add("other@example.com", "other " + std::to_string(i)));
  }

  auto first = as_admin("?to=pager@example.com&limit=3");
  ASSERT_EQ(first.status, 200) << describe(first);
  EXPECT_EQ(ids_of(first), (Ids{pager[6], pager[5], pager[4]}));
  EXPECT_EQ(mails_of(first),
            (Strings{"pager@example.com: pager 6", "pager@example.com: pager 5", "pager@example.com: pager 4"}));
  EXPECT_EQ(cursor_of(first), std::to_string(pager[4]));

  auto second = as_admin("?to=pager@example.com&limit=3&before=" + cursor_of(first));
  ASSERT_EQ(second.status, 200) << describe(second);
  EXPECT_EQ(ids_of(second), (Ids{pager[3], pager[2], pager[1]}));
  EXPECT_EQ(mails_of(second),
            (Strings{"pager@example.com: pager 3", "pager@example.com: pager 2", "pager@example.com: pager 1"}));
  EXPECT_EQ(cursor_of(second), std::to_string(pager[1]));

  auto third = as_admin("?to=pager@example.com&limit=3&before=" + cursor_of(second));
  ASSERT_EQ(third.status, 200) << describe(third);
  EXPECT_EQ(ids_of(third), (Ids{pager[0]}));
  EXPECT_EQ(mails_of(third), (Strings{"pager@example.com: pager 0"}));
  EXPECT_EQ(cursor_of(third), "null");

  // Without the filter the pages hold both recipients, newest first.
  Strings all;
  for (int i = 6; i >= 0; --i) {
    all.push_back("other@example.com: other " + std::to_string(i));
    all.push_back("pager@example.com: pager " + std::to_string(i));
  }
  Strings paged;
  std::string cursor;
  int pages = 0;
  for (; pages < 10; ++pages) {
    auto r = as_admin("?limit=4" + (cursor.empty() ? "" : "&before=" + cursor));
    ASSERT_EQ(r.status, 200) << describe(r);
    auto page = mails_of(r);
    paged.insert(paged.end(), page.begin(), page.end());
    cursor = cursor_of(r);
    if (cursor == "null") break;
  }
  EXPECT_EQ(paged, all);
  EXPECT_EQ(pages, 3);  // 4 + 4 + 4 + 2

  // `before` need not be a cursor: any id, here one of the other recipient's.
  EXPECT_EQ(ids_of(as_admin("?to=pager@example.com&before=" + std::to_string(other[3]))),
            (Ids{pager[3], pager[2], pager[1], pager[0]}));
  EXPECT_EQ(ids_of(as_admin("?limit=3&before=" + std::to_string(other[3]))), (Ids{pager[3], other[2], pager[2]}));
  // A full page has a cursor even when it is the last (null only when a
  // page is not full, as the spec says); the page after it is empty.
  auto full = as_admin("?to=pager@example.com&limit=7");
  EXPECT_EQ(ids_of(full), (Ids{pager[6], pager[5], pager[4], pager[3], pager[2], pager[1], pager[0]}));
  EXPECT_EQ(cursor_of(full), std::to_string(pager[0]));
  auto after = as_admin("?to=pager@example.com&limit=7&before=" + cursor_of(full));
  EXPECT_EQ(ids_of(after), Ids{});
  EXPECT_EQ(cursor_of(after), "null");

  // Message fields.
  auto m = first.object().at("messages").as_array()[0].as_object();
  EXPECT_EQ(m.at("id").as_int64(), pager[6]);
  EXPECT_EQ(m.at("to"), "pager@example.com");
  EXPECT_EQ(m.at("subject"), "pager 6");
  EXPECT_EQ(m.at("body"), "body of pager 6");
  ASSERT_TRUE(m.at("created_at").is_string());
  EXPECT_EQ(m.at("created_at").as_string(), db().scalar("SELECT to_char(created_at AT TIME ZONE 'UTC', "
                                                        "'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') FROM dev_mailbox "
                                                        "WHERE id = " +
                                                        std::to_string(pager[6])));
}

TEST_F(AdminMailbox, DefaultLimitIs50AndLimitsUpTo200Work) {
  admin();
  expect_empty_mailbox();
  // 205 mails to one address, with one to another after every 20th, so the
  // largest limit is reached with and without the filter.
  Ids many, all;
  for (int i = 0; i < 205; ++i) {
    many.push_back(add("many@example.com", "many " + std::to_string(i)));
    all.push_back(many.back());
    if (i % 20 == 19) all.push_back(add("else@example.com", "else " + std::to_string(i)));
  }
  const Ids many_newest(many.rbegin(), many.rend());
  const Ids all_newest(all.rbegin(), all.rend());
  ASSERT_EQ(all_newest.size(), 215u);

  auto def = as_admin("?to=many@example.com");
  ASSERT_EQ(def.status, 200) << describe(def);
  EXPECT_EQ(ids_of(def), slice(many_newest, 0, 50));
  EXPECT_EQ(cursor_of(def), std::to_string(many_newest[49]));
  EXPECT_EQ(mails_of(def).front(), "many@example.com: many 204");
  EXPECT_EQ(mails_of(def).back(), "many@example.com: many 155");

  auto big = as_admin("?to=many@example.com&limit=200");
  EXPECT_EQ(ids_of(big), slice(many_newest, 0, 200));
  EXPECT_EQ(cursor_of(big), std::to_string(many_newest[199]));
  auto rest = as_admin("?to=many@example.com&limit=200&before=" + cursor_of(big));
  EXPECT_EQ(ids_of(rest), slice(many_newest, 200, 205));
  EXPECT_EQ(mails_of(rest), (Strings{"many@example.com: many 4", "many@example.com: many 3", "many@example.com: many 2",
                                     "many@example.com: many 1", "many@example.com: many 0"}));
  EXPECT_EQ(cursor_of(rest), "null");

  auto one = as_admin("?to=many@example.com&limit=1");
  EXPECT_EQ(ids_of(one), (Ids{many_newest[0]}));
  EXPECT_EQ(cursor_of(one), std::to_string(many_newest[0]));
  EXPECT_EQ(ids_of(as_admin("?to=many@example.com&limit=1&before=" + cursor_of(one))), (Ids{many_newest[1]}));

  EXPECT_EQ(ids_of(as_admin()), slice(all_newest, 0, 50));
  auto all_big = as_admin("?limit=200");
  EXPECT_EQ(ids_of(all_big), slice(all_newest, 0, 200));
  EXPECT_EQ(ids_of(as_admin("?limit=200&before=" + cursor_of(all_big))), slice(all_newest, 200, 215));
}

TEST_F(AdminMailbox, FiltersByRecipientCaseInsensitively) {
  admin();
  expect_empty_mailbox();
  // Interleaved, with near misses that a prefix, suffix, substring or LIKE
  // match would take for two@example.com.
  const auto one0 = add("one@example.com", "one 0");
  const auto two0 = add("Two@Example.com", "two 0");
  add("two@example.org", "near 0");
  const auto one1 = add("one@example.com", "one 1");
  add("xtwo@example.com", "near 1");
  const auto two1 = add("Two@Example.com", "two 1");
  add("two@example.com.evil", "near 2");
  const auto two2 = add("TWO@EXAMPLE.COM", "two 2");
  const auto near3 = add("two_example.com", "near 3");

  auto two = as_admin("?to=two@EXAMPLE.com");
  EXPECT_EQ(ids_of(two), (Ids{two2, two1, two0}));
  // The address as it was stored, not as it was asked for.
  EXPECT_EQ(mails_of(two), (Strings{"TWO@EXAMPLE.COM: two 2", "Two@Example.com: two 1", "Two@Example.com: two 0"}));
  EXPECT_EQ(ids_of(as_admin("?to=one%40example.com")), (Ids{one1, one0}));
  EXPECT_EQ(ids_of(as_admin("?to=one@example.com&limit=1")), (Ids{one1}));
  EXPECT_EQ(ids_of(as_admin("?to=two@example.com&before=" + std::to_string(two1))), (Ids{two0}));
  EXPECT_EQ(ids_of(as_admin("?to=nobody@example.com")), Ids{});
  EXPECT_EQ(ids_of(as_admin("?to=two%25")), Ids{});                  // % is not a wildcard
  EXPECT_EQ(ids_of(as_admin("?to=two_example.com")), (Ids{near3}));  // _ is an underscore
  EXPECT_EQ(ids_of(as_admin("?to=_wo@example.com")), Ids{});         // nor is _
  EXPECT_EQ(ids_of(as_admin("?to=%27%20OR%20%271%27%3D%271")), Ids{});
  EXPECT_EQ(db().scalar("SELECT count(*) FROM dev_mailbox"), "9");
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
  add("rt@example.org", "a newer mail to someone else");
  auto r = as_admin("?to=rt@example.com");
  ASSERT_EQ(r.status, 200) << describe(r);
  ASSERT_EQ(r.object().at("messages").as_array().size(), 1u) << r.body;
  auto m = r.object().at("messages").as_array().at(0).as_object();
  EXPECT_EQ(m.at("body").as_string(), body);
  EXPECT_EQ(m.at("subject").as_string(), "quotes \" and ' ");
}

}  // namespace
}  // namespace agora::test
