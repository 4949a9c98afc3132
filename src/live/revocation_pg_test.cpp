// Live streams must not outlive the reader's right to what they carry.
//
// Before 19f94d0 a comment stream re-checked its reader only after a
// heartbeat interval (15 s) of silence, and sent every new comment without
// any check: a member removed from a private community, banned, or signed
// out kept receiving its comments while GET /api/v1/posts/{id} already
// answered 404 (or 401). Now every comment is checked at delivery against
// the reader's session and access (comments::repo::json_if_visible), and an
// access event (live/access_events) ends the affected streams at once; the
// client reconnects and is checked like any new request.
//
// Every test here leaves the heartbeat at its default 15 s and bounds its
// waits well below it, so the old heartbeat re-check cannot be what ends a
// stream: only the new per-event check and access events can pass them.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "live/event_text.hpp"
#include "support/community_api.hpp"
#include "support/elapsed.hpp"
#include "support/sse_stream.hpp"

namespace agora::test {
namespace {
namespace json = boost::json;
using std::chrono::milliseconds;

// How long a revoked stream may take to end: far below the 15 s heartbeat.
constexpr milliseconds kEndsWithin{5000};
// How long "nothing arrives" is watched for where that is the property.
constexpr milliseconds kQuiet{1500};

// What a stream delivered until the server ended it.
struct Drained {
  bool ended = false;                 // the server ended the stream within the bound
  std::vector<std::string> comments;  // ids of the comment events received
  std::vector<std::string> events;    // names of all events received
};

Drained drain(SseStream& s, milliseconds within) {
  Drained out;
  const auto deadline = Clock::now() + within;
  try {
    for (;;) {
      const auto left = std::max(milliseconds(1), std::chrono::duration_cast<milliseconds>(deadline - Clock::now()));
      auto e = s.next(left);
      if (!e) {
        out.ended = true;
        break;
      }
      out.events.push_back(e->event);
      if (e->event == "comment") out.comments.push_back(e->id);
    }
  } catch (const std::runtime_error&) {  // still open at the deadline
  }
  return out;
}

bool contains(const std::vector<std::string>& ids, std::int64_t id) {
  return std::find(ids.begin(), ids.end(), std::to_string(id)) != ids.end();
}

class HostileRevocation : public CommunityApiTest {
 protected:
  void SetUp() override {
    CommunityApiTest::SetUp();
    // The old code's only way to end a stream was the re-check on a
    // heartbeat; at 15 s it cannot fall inside kEndsWithin.
    live::set_heartbeat_interval_for_tests(std::chrono::seconds(15));
    ASSERT_EQ(live::heartbeat_interval(), std::chrono::seconds(15));
    ann = user("ann_owner");
    bo = user("bo_member");
    community(ann, "circle", "private");
    ASSERT_EQ(call("PUT", "/api/v1/communities/circle/members/bo_member", &ann, {{"role", "member"}}).status, 204);
    inner = new_post(ann, "circle", "Members only");
  }

  static std::string events_path(std::int64_t post) { return "/api/v1/posts/" + std::to_string(post) + "/events"; }
  static std::string post_path(std::int64_t post) { return "/api/v1/posts/" + std::to_string(post); }

  std::unique_ptr<SseStream> open(const std::string& path, const std::string& token = "", HeaderList headers = {}) {
    if (!token.empty()) headers.push_back(bearer(token));
    return std::make_unique<SseStream>(server().port(), path, headers);
  }
  std::unique_ptr<SseStream> open(std::int64_t post, const Member* who, HeaderList headers = {}) {
    return open(events_path(post), who ? who->token : "", std::move(headers));
  }

  // Comments as `who` and waits until `stream` delivers that comment (the
  // stream works, and everything before it has been read).
  std::int64_t comment_seen_by(SseStream& stream, const Member& who, std::int64_t post, const std::string& body) {
    const auto id = comment(who, post, body);
    auto e = stream.next();
    EXPECT_TRUE(e) << "the stream ended before delivering comment " << id;
    if (e) {
      EXPECT_EQ(e->event, "comment");
      EXPECT_EQ(e->id, std::to_string(id));
    }
    return id;
  }

  // The revocation step every test shares: `stream` is open and has
  // delivered a comment; `revoke` takes its reader's access away; a new
  // comment follows. The stream must end within kEndsWithin without ever
  // carrying that comment.
  template <class Revoke>
  std::int64_t expect_stream_ends_after(SseStream& stream, Revoke revoke, const char* what) {
    comment_seen_by(stream, ann, inner, "before: " + std::string(what));
    revoke();
    const auto revoked = Clock::now();
    const auto after = comment(ann, inner, "after: " + std::string(what));
    const auto seen = drain(stream, kEndsWithin);
    EXPECT_TRUE(seen.ended) << what << ": the stream was still open " << since(revoked).count()
                            << " ms after the revocation (the heartbeat is 15 s)";
    EXPECT_FALSE(contains(seen.comments, after)) << what << ": the revoked reader received comment " << after;
    return after;
  }

  Member ann, bo;
  std::int64_t inner = 0;
};

// Guards: a member removed by a moderator keeps receiving a private
// community's comments. Old code: the comment written after the removal was
// delivered (json_by_id, unchecked) and both streams lived until the next
// heartbeat (15 s), far beyond kEndsWithin.
TEST_F(HostileRevocation, AMemberRemovedByAModeratorStopsReceivingAtOnce) {
  // A post nobody comments on after the removal: only the access event can
  // end its stream (the per-event check needs an event).
  const auto quiet_post = new_post(ann, "circle", "Quiet");
  auto quiet = open(quiet_post, &bo);
  auto stream = open(inner, &bo);
  ASSERT_EQ(quiet->status(), 200);
  ASSERT_EQ(stream->status(), 200);
  expect_stream_ends_after(
      *stream, [&] { ASSERT_EQ(call("DELETE", "/api/v1/communities/circle/members/bo_member", &ann).status, 204); },
      "removed");
  EXPECT_TRUE(drain(*quiet, kEndsWithin).ended) << "a stream with no new event outlived the removal";
  EXPECT_EQ(get(post_path(inner), &bo).status, 404);
  EXPECT_TRUE(IsProblem(get(events_path(inner), &bo), 404)) << "the reconnect must be refused like the post";
}

// Guards: a banned member keeps receiving. Old code: as above, the ban
// (which also removes the membership) reached the stream only at the next
// heartbeat, and the comment after it was sent.
TEST_F(HostileRevocation, ABannedMemberStopsReceivingAtOnce) {
  auto stream = open(inner, &bo);
  ASSERT_EQ(stream->status(), 200);
  expect_stream_ends_after(
      *stream,
      [&] {
        auto r = call("PUT", "/api/v1/communities/circle/bans/bo_member", &ann, {{"reason", "spam"}});
        ASSERT_EQ(r.status, 204) << describe(r);
      },
      "banned");
  EXPECT_EQ(get(post_path(inner), &bo).status, 404);
  EXPECT_TRUE(IsProblem(get(events_path(inner), &bo), 404));
}

// Guards: a signed-out session keeps its stream. Old code: the stream kept
// the token's request and re-checked it only on a heartbeat; the comment
// after the logout was delivered. The user's other sessions' streams end too
// (an access event names the user, documented in live/access_events.hpp),
// and reconnect at once with what they missed.
TEST_F(HostileRevocation, SigningOutEndsTheStreamOpenedWithThatSession) {
  const auto other = login_ok("bo_member");
  auto signed_out = open(inner, &bo);
  auto elsewhere = open(events_path(inner), other.token);
  ASSERT_EQ(signed_out->status(), 200);
  ASSERT_EQ(elsewhere->status(), 200);
  const auto before = comment_seen_by(*signed_out, ann, inner, "before the logout");
  auto e = elsewhere->next();
  ASSERT_TRUE(e);
  ASSERT_EQ(e->id, std::to_string(before));

  ASSERT_EQ(post("/api/v1/auth/logout", bo).status, 204);
  const auto out = Clock::now();
  const auto after = comment(ann, inner, "after the logout");
  const auto seen = drain(*signed_out, kEndsWithin);
  EXPECT_TRUE(seen.ended) << "still open " << since(out).count() << " ms after the logout (the heartbeat is 15 s)";
  EXPECT_FALSE(contains(seen.comments, after)) << "the signed-out session received comment " << after;
  // The token is gone: 401, as for any request.
  EXPECT_TRUE(IsProblem(get(post_path(inner), &bo), 401));
  EXPECT_TRUE(IsProblem(get(events_path(inner), &bo), 401));
  // The other session loses nothing. Its stream may end as well (the access
  // event names the user, live/access_events.hpp); then its reconnect is
  // accepted and catches up.
  const auto other_seen = drain(*elsewhere, kEndsWithin);
  if (!contains(other_seen.comments, after)) {
    ASSERT_TRUE(other_seen.ended) << "the other session's stream neither delivered " << after << " nor ended";
    auto again = open(events_path(inner), other.token, {{"Last-Event-ID", std::to_string(before)}});
    ASSERT_EQ(again->status(), 200);
    e = again->next();
    ASSERT_TRUE(e);
    EXPECT_EQ(e->id, std::to_string(after));
  }
}

// Guards: a password change (which deletes the user's other sessions) leaves
// those sessions' streams running. Old code: they ran until the next
// heartbeat and carried the comments written meanwhile.
TEST_F(HostileRevocation, APasswordChangeEndsTheStreamsOfTheOtherSessions) {
  const auto stolen = login_ok("bo_member");  // e.g. a session on a lost laptop
  auto stream = open(events_path(inner), stolen.token);
  ASSERT_EQ(stream->status(), 200);
  expect_stream_ends_after(
      *stream,
      [&] {
        auto r = post("/api/v1/me/password", bo,
                      {{"current_password", kPassword}, {"new_password", "Another-Staple-77-horse"}});
        ASSERT_EQ(r.status, 204) << describe(r);
      },
      "password changed elsewhere");
  HttpResponse r = http().get(post_path(inner), {bearer(stolen.token)});
  EXPECT_TRUE(IsProblem(r, 401));
  // The session that changed the password stays, streams included.
  EXPECT_EQ(get(post_path(inner), &bo).status, 200);
  auto mine = open(inner, &bo);
  EXPECT_EQ(mine->status(), 200);
}

// Guards: an outsider watching a public community's post keeps receiving
// after the owner makes the community private. Old code: the anonymous and
// the signed-in outsider's streams both carried the next comment and lived
// until their heartbeat. Documented: a visibility change ends every stream
// of the community, members' too; theirs reconnect at once.
TEST_F(HostileRevocation, MakingTheCommunityPrivateEndsOutsidersStreams) {
  const auto cy = user("cy_outsider");
  community(ann, "town");
  ASSERT_EQ(call("PUT", "/api/v1/communities/town/members/bo_member", &ann, {{"role", "member"}}).status, 204);
  const auto square = new_post(ann, "town", "Town square");
  auto outsider = open(square, &cy);
  auto anonymous = open(square, nullptr);
  auto member = open(square, &bo);
  ASSERT_EQ(outsider->status(), 200);
  ASSERT_EQ(anonymous->status(), 200);
  ASSERT_EQ(member->status(), 200);
  const auto before = comment_seen_by(*outsider, ann, square, "public words");
  for (auto* s : {anonymous.get(), member.get()}) {
    auto e = s->next();
    ASSERT_TRUE(e);
    EXPECT_EQ(e->id, std::to_string(before));
  }

  auto r = call("PATCH", "/api/v1/communities/town", &ann, {{"visibility", "private"}});
  ASSERT_EQ(r.status, 200) << describe(r);
  const auto changed = Clock::now();
  const auto after = comment(ann, square, "private words");
  for (auto* s : {outsider.get(), anonymous.get()}) {
    const auto seen = drain(*s, kEndsWithin);
    EXPECT_TRUE(seen.ended) << "still open " << since(changed).count() << " ms after the community became private";
    EXPECT_FALSE(contains(seen.comments, after)) << "comment " << after << " delivered after the change";
  }
  EXPECT_EQ(get(post_path(square), &cy).status, 404);
  EXPECT_EQ(get(post_path(square)).status, 404);
  EXPECT_TRUE(IsProblem(get(events_path(square), &cy), 404));
  EXPECT_TRUE(IsProblem(get(events_path(square)), 404));
  // The member may still read. Documented: a visibility change ends every
  // stream of the community, so its stream may end too; then the reconnect
  // is accepted and resumes where it stopped.
  const auto member_seen = drain(*member, kEndsWithin);
  if (!contains(member_seen.comments, after)) {
    ASSERT_TRUE(member_seen.ended) << "the member's stream neither delivered " << after << " nor ended";
    auto again = open(square, &bo, {{"Last-Event-ID", std::to_string(before)}});
    ASSERT_EQ(again->status(), 200);
    auto e = again->next();
    ASSERT_TRUE(e);
    EXPECT_EQ(e->id, std::to_string(after));
  }
}

// Guards: the unread-count stream outlives its session. Old code: it
// re-checked only on its heartbeat (15 s), and sent counts meanwhile.
TEST_F(HostileRevocation, TheUnreadCountStreamEndsOnLogout) {
  auto stream = open("/api/v1/notifications/events", bo.token);
  ASSERT_EQ(stream->status(), 200);
  auto e = stream->next();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->event, "unread");
  EXPECT_EQ(json::parse(e->data).at("unread").as_int64(), 0);
  const auto bos = new_post(bo, "circle", "Bo asks");
  ASSERT_EQ(post("/api/v1/auth/logout", bo).status, 204);
  const auto out = Clock::now();
  comment(ann, bos, "a reply bo is notified of");  // a count change after the logout
  ASSERT_EQ(db().scalar("SELECT count(*) FROM notifications WHERE user_id = " + std::to_string(bo.id)), "1");
  const auto seen = drain(*stream, kEndsWithin);
  EXPECT_TRUE(seen.ended) << "still open " << since(out).count() << " ms after the logout";
  EXPECT_TRUE(seen.events.empty()) << "the signed-out stream sent " << seen.events.size() << " more event(s)";
  EXPECT_TRUE(IsProblem(get("/api/v1/notifications/events", &bo), 401));
}

// Guards: comments of a post removed by moderators reach non-moderators,
// live or on reconnect. Nothing ends these streams (the post itself stays
// readable), so only the per-event check can hold the comment back. Old
// code: on_item sent json_by_id unchecked, and catch_up (repo::since) read
// every comment of the post. The comment is inserted with SQL and announced
// as notifications/fanout does, since the API refuses comments on a removed
// post.
TEST_F(HostileRevocation, CommentsOfARemovedPostReachOnlyModerators) {
  community(ann, "club");
  const auto p = new_post(ann, "club", "Soon removed");
  auto moderator = open(p, &ann);
  auto reader = open(p, &bo);
  auto anonymous = open(p, nullptr);
  ASSERT_EQ(moderator->status(), 200);
  ASSERT_EQ(reader->status(), 200);
  ASSERT_EQ(anonymous->status(), 200);
  const auto before = comment_seen_by(*moderator, ann, p, "on topic");
  for (auto* s : {reader.get(), anonymous.get()}) {
    auto e = s->next();
    ASSERT_TRUE(e);
    EXPECT_EQ(e->id, std::to_string(before));
  }
  auto r = post("/api/v1/posts/" + std::to_string(p) + "/remove", ann, {{"reason", "off topic"}});
  ASSERT_EQ(r.status, 200) << describe(r);

  // Written after the removal, announced on the post's topic.
  const auto hidden = std::stoll(db().scalar(
      "WITH n AS (SELECT nextval(pg_get_serial_sequence('comments', 'id')) AS id), "
      "ins AS (INSERT INTO comments (id, post_id, root_id, depth, author_id, body_md, body_html) "
      "OVERRIDING SYSTEM VALUE SELECT n.id, " +
      std::to_string(p) + ", n.id, 0, " + std::to_string(ann.id) +
      ", 'after the removal', '<p>after the removal</p>' FROM n RETURNING id, post_id) "
      "SELECT ins.id, pg_notify('agora_events', json_build_object('type', 'comment', 'post_id', ins.post_id, "
      "'comment_id', ins.id)::text) FROM ins"));
  // The moderator's stream shows the event went out and is deliverable.
  auto e = moderator->next();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->id, std::to_string(hidden));
  for (auto* s : {reader.get(), anonymous.get()}) {
    const auto seen = drain(*s, kQuiet);
    EXPECT_FALSE(contains(seen.comments, hidden)) << "a non-moderator received a comment of a removed post";
  }
  // Nor does a reconnect's catch-up send it.
  for (const Member* who : {static_cast<const Member*>(&bo), static_cast<const Member*>(nullptr)}) {
    auto again = open(p, who, {{"Last-Event-ID", std::to_string(before)}});
    ASSERT_EQ(again->status(), 200);
    const auto seen = drain(*again, kQuiet);
    EXPECT_FALSE(contains(seen.comments, hidden)) << (who ? "bo" : "anonymous") << " caught up on it";
  }
  auto mod_again = open(p, &ann, {{"Last-Event-ID", std::to_string(before)}});
  e = mod_again->next();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->id, std::to_string(hidden)) << "moderators still catch up on it";
}

// Guards against collateral ends: an access event for one user must not end
// other readers' streams (they would all reconnect at once, a thundering
// herd on every moderation action). Documented exception: an access event
// for a user ends all of that user's streams, on any community; they are
// accepted again at once and resume with Last-Event-ID.
TEST_F(HostileRevocation, RemovingSomeoneElseEndsNoOtherStream) {
  const auto cy = user("cy_member");
  ASSERT_EQ(call("PUT", "/api/v1/communities/circle/members/cy_member", &ann, {{"role", "member"}}).status, 204);
  community(ann, "club");
  const auto open_post = new_post(ann, "club", "Open thread");
  auto bo_inner = open(inner, &bo);
  auto bo_open = open(open_post, &bo);
  auto cy_inner = open(inner, &cy);
  auto anon_open = open(open_post, nullptr);
  for (auto* s : {bo_inner.get(), bo_open.get(), cy_inner.get(), anon_open.get()}) ASSERT_EQ(s->status(), 200);

  ASSERT_EQ(call("DELETE", "/api/v1/communities/circle/members/cy_member", &ann).status, 204);
  EXPECT_TRUE(drain(*cy_inner, kEndsWithin).ended) << "the removed member's stream is still open";
  // "Nothing happens": the others stay open, and still deliver.
  for (auto* s : {bo_inner.get(), bo_open.get(), anon_open.get()}) {
    const auto seen = drain(*s, kQuiet);
    EXPECT_FALSE(seen.ended) << "a stream whose reader's access did not change was ended";
  }
  comment_seen_by(*bo_inner, ann, inner, "still here");
  const auto open_comment = comment(ann, open_post, "still public");
  for (auto* s : {bo_open.get(), anon_open.get()}) {
    auto e = s->next();
    ASSERT_TRUE(e);
    EXPECT_EQ(e->id, std::to_string(open_comment));
  }

  // Documented: an access event names a user and ends all of that user's
  // streams, also those on other communities. bo's removal from circle may
  // therefore end his stream on the public club; if it does, he is accepted
  // again at once and loses nothing. Other readers of the club see nothing.
  ASSERT_EQ(call("DELETE", "/api/v1/communities/circle/members/bo_member", &ann).status, 204);
  EXPECT_TRUE(drain(*bo_inner, kEndsWithin).ended);
  const auto missed = comment(ann, open_post, "after bo's removal");
  auto e = anon_open->next();
  ASSERT_TRUE(e) << "an anonymous reader's stream ended with bo's removal";
  EXPECT_EQ(e->id, std::to_string(missed));
  const auto bo_seen = drain(*bo_open, kQuiet);
  if (!contains(bo_seen.comments, missed)) {
    ASSERT_TRUE(bo_seen.ended) << "bo's stream on the club neither delivered " << missed << " nor ended";
    auto again = open(open_post, &bo, {{"Last-Event-ID", std::to_string(open_comment)}});
    ASSERT_EQ(again->status(), 200);
    e = again->next();
    ASSERT_TRUE(e);
    EXPECT_EQ(e->id, std::to_string(missed));
  }
}

}  // namespace
}  // namespace agora::test
