#include "live/unread_stream.hpp"

#include "db/pool.hpp"
#include "live/event_text.hpp"
#include "notifications/repo.hpp"

namespace agora::live {

UnreadStream::UnreadStream(std::shared_ptr<http::EventQueue> queue, std::shared_ptr<void> holds,
                           std::chrono::milliseconds max_age, db::Pool& db, Credentials credentials,
                           std::int64_t user_id)
    : LiveStream(std::move(queue), std::move(holds), max_age),
      db_(db),
      credentials_(std::move(credentials)),
      user_id_(user_id) {}

Task<void> UnreadStream::send_count_if_changed() {
  const auto n = co_await notifications::repo::unread_count(db_, user_id_);
  if (n == last_sent_) co_return;
  last_sent_ = n;
  send(format_event("unread", "", "{\"unread\":" + std::to_string(n) + "}"));
}

Task<bool> UnreadStream::still_allowed() { co_return (co_await credentials_.recheck(user_id_)).has_value(); }

}  // namespace agora::live
