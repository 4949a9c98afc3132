// Who may read an uploaded file (issue 10: /media/ files of private
// communities were public to anyone with the URL, and cached for a year).
// ADR 0075: access follows the visible texts that show the file.
#include <gtest/gtest.h>

#include "core/crypto.hpp"
#include "support/community_api.hpp"
#include "support/temp_dir.hpp"
#include "uploads/test_images.hpp"

namespace agora::test {
namespace {

class HostileMedia : public CommunityApiTest {
 protected:
  void SetUp() override {
    CommunityApiTest::SetUp();
    ann = user("ann_owner");
    bo = user("bo_member");
    outsider = user("cy_outsider");
    community(ann, "secret", "private");
    community(ann, "open");
    ASSERT_EQ(call("PUT", "/api/v1/communities/secret/members/bo_member", &ann, {{"role", "member"}}).status, 204);
  }
  void configure(Config& c) override {
    CommunityApiTest::configure(c);
    c.upload_dir = (root_.path() / "media").string();
  }
  // Uploads an image as `who`; returns its /media/ URL.
  std::string upload(const Member& who, const std::string& bytes) {
    auto r = http().post("/api/v1/uploads", bytes, "image/png", {bearer(who.token)});
    EXPECT_EQ(r.status, 201) << describe(r);
    return "/media/" + crypto::sha256_hex(bytes) + ".png";
  }
  int status_for(const std::string& url, const Member* who) {
    HeaderList h;
    if (who) h.push_back(bearer(who->token));
    return http().get(url, h).status;
  }
  TempDir root_{"agora-media"};
  Member ann, bo, outsider;
};

TEST_F(HostileMedia, AnImageShownOnlyInAPrivateCommunityIsPrivate) {
  const auto url = upload(bo, uploads::test::png(5, 5));
  const auto post = new_post(bo, "secret", "Our plans", "![plan](" + url + ")");
  ASSERT_GT(post, 0);
  EXPECT_EQ(status_for(url, nullptr), 404);
  EXPECT_EQ(status_for(url, &outsider), 404);
  // Members read it, and no shared cache keeps it.
  auto member = http().get(url, {bearer(ann.token)});
  ASSERT_EQ(member.status, 200) << describe(member);
  EXPECT_EQ(member.header("Cache-Control"), "private, no-cache");
  EXPECT_EQ(status_for(url, &bo), 200);
  // A member removed from the community loses it with the rest.
  ASSERT_EQ(call("DELETE", "/api/v1/communities/secret/members/bo_member", &ann).status, 204);
  EXPECT_EQ(status_for(url, &bo), 200) << "still the uploader";
  const auto other = upload(ann, uploads::test::png(6, 6));
  ASSERT_GT(new_post(ann, "secret", "More plans", "![x](" + other + ")"), 0);
  EXPECT_EQ(status_for(other, &bo), 404);
}

TEST_F(HostileMedia, AnImageShownInAPublicCommunityIsPublicAndStopsBeingSoWithItsText) {
  const auto url = upload(bo, uploads::test::png(7, 7));
  const auto c = comment(bo, new_post(bo, "open", "Hello"), "look ![me](" + url + ")");
  ASSERT_GT(c, 0);
  auto anonymous = http().get(url);
  ASSERT_EQ(anonymous.status, 200) << describe(anonymous);
  EXPECT_EQ(anonymous.header("Cache-Control"), "public, max-age=31536000, immutable");
  // Removed by a moderator: the comment no longer vouches for the file.
  ASSERT_EQ(post("/api/v1/comments/" + std::to_string(c) + "/remove", ann, {{"reason", "no"}}).status, 200);
  EXPECT_EQ(status_for(url, nullptr), 404);
  EXPECT_EQ(status_for(url, &bo), 200);
  // An edit that drops the image drops the reference too.
  const auto p = new_post(bo, "open", "Edited", "![me](" + url + ")");
  EXPECT_EQ(status_for(url, nullptr), 200);
  ASSERT_EQ(call("PATCH", "/api/v1/posts/" + std::to_string(p), &bo, {{"body", "no picture"}}).status, 200);
  EXPECT_EQ(status_for(url, nullptr), 404);
}

TEST_F(HostileMedia, ASharedFileIsPublicIfAnyVisibleTextShowsItPublicly) {
  // The same bytes, shown in a private and a public community: the public
  // text makes them public; nothing private leaks by it (the bytes are the
  // same, and were already shown publicly).
  const auto bytes = uploads::test::png(8, 8);
  const auto url = upload(bo, bytes);
  ASSERT_GT(new_post(bo, "secret", "private copy", "![a](" + url + ")"), 0);
  EXPECT_EQ(status_for(url, nullptr), 404);
  upload(ann, bytes);
  ASSERT_GT(new_post(ann, "open", "public copy", "![a](" + url + ")"), 0);
  EXPECT_EQ(status_for(url, nullptr), 200);
}

}  // namespace
}  // namespace agora::test
