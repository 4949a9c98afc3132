#include "live/comment_stream.hpp"

#include "comments/repo.hpp"
#include "content/paging.hpp"
#include "db/pool.hpp"
#include "live/event_text.hpp"

namespace agora::live {

CommentStream::CommentStream(std::shared_ptr<http::EventQueue> queue, std::shared_ptr<void> holds,
                             std::chrono::milliseconds max_age, db::Pool& db, Credentials credentials,
                             const communities::Viewer& viewer, std::int64_t post_id)
    : LiveStream(std::move(queue), std::move(holds), max_age),
      db_(db),
      credentials_(std::move(credentials)),
      viewer_(viewer),
      post_id_(post_id) {}

Task<void> CommentStream::catch_up(std::int64_t after_id) {
  after_id_ = after_id;
  auto missed = co_await comments::repo::since(db_, post_id_, after_id, reader(), kMaxCatchUp + 1);
  if (int(missed.size()) > kMaxCatchUp) {
    // The listing the client reloads is read after this: it has everything
    // up to `newest`, and live events resume after it.
    after_id_ = co_await comments::repo::newest_id(db_, post_id_);
    send(format_event("reload", std::to_string(after_id_),
                      "{\"reason\":\"more than " + std::to_string(kMaxCatchUp) + " comments were missed\"}"));
    co_return;
  }
  for (auto& c : missed) {
    sent_.insert(c.id);
    send(format_event("comment", std::to_string(c.id), c.json));
  }
}

Task<bool> CommentStream::still_allowed() {
  auto viewer = co_await credentials_.recheck(viewer_.id);
  if (!viewer) co_return false;
  viewer_ = *viewer;
  co_return (co_await communities::post_by_id(db_, post_id_, viewer_)).has_value();
}

Task<bool> CommentStream::on_item(const std::string& item) {
  std::int64_t id = 0;
  if (!content::parse_id(item, id)) co_return true;  // not ours: the hub routes only comment ids here
  if (id <= after_id_ || sent_.count(id)) co_return true;
  auto json = co_await comments::repo::json_if_visible(db_, id, post_id_, reader());
  if (json) {
    send(format_event("comment", item, *json));
    co_return true;
  }
  // Not readable by this reader now: the comment is gone, or the reader's
  // access is. A full check tells which; a reader who lost access is done.
  co_return co_await still_allowed();
}

}  // namespace agora::live
