#include "live/hub.hpp"

#include <gtest/gtest.h>

namespace agora::live {
namespace {

using Routed = std::optional<std::pair<std::string, std::string>>;

TEST(HubRouting, PayloadsGoToThePostOrTheUserTheyConcern) {
  // As json_build_object renders them in notifications/fanout and repo.
  EXPECT_EQ(route_payload(R"({"type" : "comment", "post_id" : 7, "comment_id" : 91})"),
            Routed(std::pair{"post:7", "91"}));
  EXPECT_EQ(route_payload(R"({"type" : "notification", "user_id" : 3, "notification_id" : 12})"),
            Routed(std::pair{"user:3", "changed"}));
  EXPECT_EQ(route_payload(R"({"type" : "unread", "user_id" : 3})"), Routed(std::pair{"user:3", "changed"}));
}

TEST(HubRouting, AccessEventsGoToTheUserOrTheCommunity) {
  // As live/access_events renders them.
  EXPECT_EQ(route_payload(R"({"type" : "access", "user_id" : 5})"), Routed(std::pair{"user:5", "access"}));
  EXPECT_EQ(route_payload(R"({"type" : "access", "community_id" : 9})"), Routed(std::pair{"community:9", "access"}));
  EXPECT_EQ(route_payload(R"({"type" : "access"})"), std::nullopt);
}

TEST(HubRouting, UnknownOrMalformedPayloadsAreDropped) {
  for (const char* p : {"", "not json", "[]", R"({"type":"vote","post_id":1})", R"({"type":"comment","post_id":1})",
                        R"({"type":"comment","post_id":"1","comment_id":2})", R"({"user_id":3})"})
    EXPECT_EQ(route_payload(p), std::nullopt) << p;
}

}  // namespace
}  // namespace agora::live
