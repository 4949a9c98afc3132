#pragma once
// GET /api/v1/notifications/events: the signed-in user's unread notification
// count as `unread` events, sent on connect and whenever it changes (a new
// notification, mark read, read all; and on heartbeats, which also catch a
// community becoming unreadable). Only this user's topic is subscribed.
#include <cstdint>

#include "db/pool.hpp"
#include "live/credentials.hpp"
#include "live/live_stream.hpp"

namespace agora::live {

class UnreadStream : public LiveStream {
 public:
  UnreadStream(std::shared_ptr<http::EventQueue> queue, std::shared_ptr<void> holds, std::chrono::milliseconds max_age,
               db::Pool& db, Credentials credentials, std::int64_t user_id);

  // Sends the count when it differs from the last one sent.
  Task<void> send_count_if_changed();

 protected:
  Task<bool> still_allowed() override;
  Task<bool> on_item(const std::string&) override {
    co_await send_count_if_changed();
    co_return true;
  }
  Task<void> on_heartbeat() override { co_await send_count_if_changed(); }

 private:
  db::Pool& db_;
  Credentials credentials_;
  std::int64_t user_id_;
  std::int64_t last_sent_ = -1;
};

}  // namespace agora::live
