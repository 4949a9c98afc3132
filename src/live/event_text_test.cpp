#include "live/event_text.hpp"

#include <gtest/gtest.h>

#include "core/errors.hpp"

namespace agora::live {
namespace {

http::Request with(std::string header, std::string query = {}) {
  http::Request r;
  if (!header.empty()) r.headers.emplace_back("Last-Event-ID", std::move(header));
  r.query = std::move(query);
  return r;
}

TEST(EventText, AnEventHasItsIdNameAndOneDataLinePerLine) {
  EXPECT_EQ(format_event("comment", "42", "{\"id\":42}"), "id: 42\nevent: comment\ndata: {\"id\":42}\n\n");
  EXPECT_EQ(format_event("unread", "", "a\nb"), "event: unread\ndata: a\ndata: b\n\n");
  EXPECT_EQ(retry_field(std::chrono::milliseconds(2000)), "retry: 2000\n\n");
}

TEST(EventText, LastEventIdFromTheHeaderElseTheQuery) {
  EXPECT_EQ(last_event_id(with("")), std::nullopt);
  EXPECT_EQ(last_event_id(with("17")), 17);
  EXPECT_EQ(last_event_id(with("", "last_event_id=5")), 5);
  EXPECT_EQ(last_event_id(with("9", "last_event_id=5")), 9);
  EXPECT_EQ(last_event_id(with("0")), 0);
}

TEST(EventText, AMalformedLastEventIdIs400) {
  for (const char* bad : {"x", "-1", "1.0", "1 ", "+3", "99999999999999999999"}) {
    try {
      last_event_id(with(bad));
      ADD_FAILURE() << bad << " was accepted";
    } catch (const Problem& p) {
      EXPECT_EQ(p.status(), 400) << bad;
    }
  }
}

}  // namespace
}  // namespace agora::live
