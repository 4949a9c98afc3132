// Live updates over Server-Sent Events, across replicas: two servers on one
// database stand for two `agora serve` replicas; events travel between them
// only through PostgreSQL's LISTEN/NOTIFY.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <thread>

#include "live/event_text.hpp"
#include "support/community_api.hpp"
#include "support/elapsed.hpp"
#include "support/sse_stream.hpp"

namespace agora::test {
namespace {
namespace json = boost::json;
using std::chrono::milliseconds;

class LiveEvents : public CommunityApiTest {
 protected:
  void configure(Config& c) override {
    CommunityApiTest::configure(c);
    c.shutdown_deadline = std::chrono::seconds(20);  // a stream held to it would show
  }
  void SetUp() override {
    CommunityApiTest::SetUp();
    ann = user("ann_owner");
    bo = user("bo_member");
    community(ann, "club");
    post_id = new_post(ann, "club", "Live thread");
  }
  void TearDown() override {
    live::set_heartbeat_interval_for_tests(std::chrono::seconds(15));
    CommunityApiTest::TearDown();
  }
  // A second replica on the same database.
  std::unique_ptr<TestServer> replica() {
    return std::make_unique<TestServer>(db().url(), [this](Config& c) { configure(c); });
  }
  std::string events_path(std::int64_t post) const { return "/api/v1/posts/" + std::to_string(post) + "/events"; }
  std::unique_ptr<SseStream> open(const std::string& path, const Member* who = nullptr, HeaderList headers = {},
                                  int port = 0) {
    if (who) headers.push_back(bearer(who->token));
    return std::make_unique<SseStream>(port ? port : server().port(), path, headers);
  }
  // Comment as B's client: the other replica does the write.
  std::int64_t comment_via(TestServer& s, const Member& who, std::int64_t post, const std::string& body) {
    auto r = s.client().request("POST", "/api/v1/posts/" + std::to_string(post) + "/comments",
                                json::serialize(json::object{{"body", body}}),
                                {bearer(who.token), {"Content-Type", "application/json"}});
    EXPECT_EQ(r.status, 201) << describe(r);
    return r.object().at("id").as_int64();
  }
  double open_streams() {
    auto r = http().get("/metrics");
    const auto at = r.body.find("\nhttp_event_streams_open ");
    return at == std::string::npos ? 0 : std::stod(r.body.substr(at + 25));
  }
  // Waits (bounded) until the open-streams gauge reads `n`; false if it never does.
  bool open_streams_reach(double n, milliseconds within = milliseconds(10'000)) {
    const auto deadline = Clock::now() + within;
    while (open_streams() != n) {
      if (Clock::now() >= deadline) return false;
      std::this_thread::sleep_for(milliseconds(10));
    }
    return true;
  }
  Member ann, bo;
  std::int64_t post_id = 0;
};

std::int64_t unread_in(const SseEvent& e) {
  EXPECT_EQ(e.event, "unread");
  return json::parse(e.data).at("unread").as_int64();
}

TEST_F(LiveEvents, ACommentWrittenOnOneReplicaReachesAStreamOnTheOther) {
  auto b = replica();
  auto stream = open(events_path(post_id));  // anonymous: the community is public
  ASSERT_EQ(stream->status(), 200);
  EXPECT_EQ(stream->head().content_type(), "text/event-stream");
  EXPECT_EQ(stream->head().header("Cache-Control"), "no-store");
  EXPECT_EQ(stream->head().header("X-Accel-Buffering"), "no");
  const auto id = comment_via(*b, bo, post_id, "hello from B");
  auto e = stream->next();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->event, "comment");
  EXPECT_EQ(e->id, std::to_string(id));
  // The data is the comment as GET /api/v1/comments/{id} and the listing render it.
  EXPECT_EQ(json::parse(e->data), get("/api/v1/comments/" + std::to_string(id)).json());
  // Comments on other posts are not sent.
  const auto other = new_post(ann, "club", "Elsewhere");
  comment_via(*b, bo, other, "not for this stream");
  const auto second = comment_via(*b, bo, post_id, "second");
  e = stream->next();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->id, std::to_string(second));
}

TEST_F(LiveEvents, ReconnectingWithLastEventIdDeliversEachMissedCommentOnce) {
  auto b = replica();
  const auto seen = comment(bo, post_id, "seen before the disconnect");
  std::vector<std::int64_t> missed;
  missed.reserve(3);
  for (int i = 0; i < 3; ++i) missed.push_back(comment_via(*b, bo, post_id, "missed " + std::to_string(i)));
  auto stream = open(events_path(post_id), &ann, {{"Last-Event-ID", std::to_string(seen)}});
  ASSERT_EQ(stream->status(), 200);
  for (const auto id : missed) {
    auto e = stream->next();
    ASSERT_TRUE(e);
    EXPECT_EQ(e->id, std::to_string(id));
  }
  const auto live = comment_via(*b, bo, post_id, "live");
  auto e = stream->next();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->id, std::to_string(live)) << "a missed comment was sent twice, or the live one lost";
  // The query parameter works for a first connect, the header wins over it.
  auto by_query = open(events_path(post_id) + "?last_event_id=" + std::to_string(missed[1]));
  e = by_query->next();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->id, std::to_string(missed[2]));
}

TEST_F(LiveEvents, BadInputIsAClear4xx) {
  for (const std::string bad : {"abc", "-1", "1.5", "99999999999999999999999", "7a"}) {
    auto r = http().get(events_path(post_id), {{"Last-Event-ID", bad}});
    EXPECT_TRUE(IsProblem(r, 400)) << bad << ": " << describe(r);
  }
  EXPECT_TRUE(IsProblem(http().get(events_path(post_id) + "?last_event_id=x"), 400));
  EXPECT_TRUE(IsProblem(http().get("/api/v1/posts/abc/events"), 404));
  EXPECT_TRUE(IsProblem(http().get("/api/v1/posts/0/events"), 404));
  EXPECT_TRUE(IsProblem(http().get(events_path(post_id + 1000)), 404));
  EXPECT_TRUE(IsProblem(http().get(events_path(post_id), {bearer("not-a-session")}), 401));
}

TEST_F(LiveEvents, PrivatePostsStreamOnlyToThoseWhoMayReadThem) {
  community(ann, "secret", "private");
  const auto hidden = new_post(ann, "secret", "Members only");
  // As GET /api/v1/posts/{id}: 404 for outsiders and anonymous callers alike.
  EXPECT_EQ(get("/api/v1/posts/" + std::to_string(hidden), &bo).status, 404);
  EXPECT_TRUE(IsProblem(http().get(events_path(hidden), {bearer(bo.token)}), 404));
  EXPECT_TRUE(IsProblem(http().get(events_path(hidden)), 404));
  auto owner = open(events_path(hidden), &ann);
  EXPECT_EQ(owner->status(), 200);
}

TEST_F(LiveEvents, LosingAccessEndsTheStreamAtTheNextHeartbeat) {
  live::set_heartbeat_interval_for_tests(milliseconds(200));
  community(ann, "circle", "private");
  ASSERT_EQ(call("PUT", "/api/v1/communities/circle/members/bo_member", &ann, {{"role", "member"}}).status, 204);
  const auto p = new_post(ann, "circle", "Inner");
  auto stream = open(events_path(p), &bo);
  ASSERT_EQ(stream->status(), 200);
  EXPECT_FALSE(stream->ends_within(milliseconds(700))) << "ended while bo could still read";
  EXPECT_GT(stream->heartbeats(), 0);
  ASSERT_EQ(call("DELETE", "/api/v1/communities/circle/members/bo_member", &ann).status, 204);
  EXPECT_TRUE(stream->ends_within(milliseconds(5000)));
}

TEST_F(LiveEvents, UnreadCountStreamsOnlyTheCallersCount) {
  auto b = replica();
  EXPECT_TRUE(IsProblem(http().get("/api/v1/notifications/events"), 401));
  auto anns = open("/api/v1/notifications/events", &ann);
  auto bos = open("/api/v1/notifications/events", &bo, {}, b->port());
  ASSERT_EQ(anns->status(), 200);
  auto e = anns->next();
  ASSERT_TRUE(e);
  EXPECT_EQ(unread_in(*e), 0);
  e = bos->next();
  ASSERT_TRUE(e);
  EXPECT_EQ(unread_in(*e), 0);

  comment_via(*b, bo, post_id, "a reply to ann's post");  // notifies ann, not bo
  e = anns->next();
  ASSERT_TRUE(e);
  EXPECT_EQ(unread_in(*e), 1);
  const auto list = get("/api/v1/notifications", &ann).object();
  const auto nid = list.at("items").as_array().at(0).at("id").as_int64();
  ASSERT_EQ(post("/api/v1/notifications/" + std::to_string(nid) + "/read", ann).status, 204);
  e = anns->next();
  ASSERT_TRUE(e);
  EXPECT_EQ(unread_in(*e), 0);

  // Bo's stream heard nothing of ann's count: his next event is his own.
  const auto bos_post = new_post(bo, "club", "Bo asks");
  comment_via(*b, ann, bos_post, "ann answers");
  e = bos->next();
  ASSERT_TRUE(e);
  EXPECT_EQ(unread_in(*e), 1);
  ASSERT_EQ(post("/api/v1/notifications/read-all", bo).status, 200);
  e = bos->next();
  ASSERT_TRUE(e);
  EXPECT_EQ(unread_in(*e), 0);
}

TEST_F(LiveEvents, StoppingTheServerEndsOpenStreamsPromptly) {
  auto anon = open(events_path(post_id));
  auto mine = open("/api/v1/notifications/events", &ann);
  ASSERT_TRUE(mine->next());
  const auto started = Clock::now();
  server().stop();
  EXPECT_LT(since(started), milliseconds(5000)) << "stop waited for the streams (deadline is 20 s)";
  EXPECT_TRUE(anon->ends_within(milliseconds(1000)));
  EXPECT_TRUE(mine->ends_within(milliseconds(1000)));
}

TEST_F(LiveEvents, AClientThatHangsUpIsReleased) {
  {
    auto stream = open(events_path(post_id));
    ASSERT_EQ(stream->status(), 200);
    EXPECT_TRUE(open_streams_reach(1));
  }  // hangs up
  EXPECT_TRUE(open_streams_reach(0)) << "the stream was not released when its client left";
  // Still serving, streams included.
  EXPECT_EQ(get("/api/v1/posts/" + std::to_string(post_id)).status, 200);
  auto again = open(events_path(post_id));
  const auto id = comment(bo, post_id, "after the hang-up");
  auto e = again->next();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->id, std::to_string(id));
}

TEST_F(LiveEvents, LosingTheListenConnectionEndsStreamsAndTheNextOnesWork) {
  auto stream = open(events_path(post_id));
  ASSERT_EQ(stream->status(), 200);
  // As if the database restarted: its streams may have missed events.
  db().exec(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN%' "
      "AND pid <> pg_backend_pid()");
  EXPECT_TRUE(stream->ends_within(milliseconds(5000)));
  auto again = open(events_path(post_id));  // waits for the listener to reconnect
  ASSERT_EQ(again->status(), 200);
  const auto id = comment(bo, post_id, "after the reconnect");
  auto e = again->next();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->id, std::to_string(id));
}

// A client that stops reading is dropped (its queue is bounded, its writes
// time out) instead of holding the server's memory.
class LiveEventsSlowClient : public LiveEvents {
 protected:
  void configure(Config& c) override {
    LiveEvents::configure(c);
    c.http_body_timeout = milliseconds(1000);
  }
};

TEST_F(LiveEventsSlowClient, AClientThatStopsReadingIsDropped) {
  SseStream stalled(server().port(), events_path(post_id), {}, std::chrono::seconds(10), /*receive_buffer=*/4096);
  ASSERT_EQ(stalled.status(), 200);
  ASSERT_TRUE(open_streams_reach(1));
  const std::string big(9000, 'x');
  int written = 0;  // ~9 KB each: far more than the socket buffers hold
  for (; written < 1000 && open_streams() > 0; ++written) comment(bo, post_id, big + std::to_string(written));
  EXPECT_TRUE(open_streams_reach(0)) << "still streaming to a client that read nothing, after " << written
                                     << " comments";
  EXPECT_EQ(get("/api/v1/posts/" + std::to_string(post_id)).status, 200);
}

}  // namespace
}  // namespace agora::test
