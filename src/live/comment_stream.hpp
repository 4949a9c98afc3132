#pragma once
// GET /api/v1/posts/{id}/events: new comments on a post as `comment` events
// whose id is the comment id, so a reconnecting client's Last-Event-ID says
// where to resume. Every comment is sent only if the stream's reader may read
// it at that moment (comments::repo::json_if_visible: session, community,
// post); the reader's access is re-checked on every heartbeat, and the
// stream ends when an access event arrives (live/access_events).
#include <cstdint>
#include <unordered_set>

#include "comments/repo.hpp"
#include "db/pool.hpp"
#include "live/credentials.hpp"
#include "live/live_stream.hpp"

namespace agora::live {

// Most missed comments sent on reconnect; beyond it the client is told to reload.
inline constexpr int kMaxCatchUp = 500;

class CommentStream : public LiveStream {
 public:
  CommentStream(std::shared_ptr<http::EventQueue> queue, std::shared_ptr<void> holds, std::chrono::milliseconds max_age,
                db::Pool& db, Credentials credentials, const communities::Viewer& viewer, std::int64_t post_id);

  // Sends the comments after `after_id` (call after subscribing, so nothing
  // falls between this query and the live events; live duplicates of what
  // it sent are skipped). More than kMaxCatchUp: a `reload` event instead,
  // carrying the newest id so a reconnect resumes from there.
  Task<void> catch_up(std::int64_t after_id);

 protected:
  Task<bool> still_allowed() override;
  Task<bool> on_item(const std::string& item) override;

 private:
  db::Pool& db_;
  Credentials credentials_;
  communities::Viewer viewer_;
  std::int64_t post_id_;
  comments::repo::StreamReader reader() const { return {viewer_.id, viewer_.admin, credentials_.session_digest()}; }
  std::int64_t after_id_ = 0;              // the client has everything up to here
  std::unordered_set<std::int64_t> sent_;  // sent by catch_up(): not again
};

}  // namespace agora::live
