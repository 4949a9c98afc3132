// Direct uploads (start → PUT to storage → complete) against PostgreSQL.
// The storage here is the local folder plus a staging area the test writes
// into, standing in for the browser's PUT to S3; the presigned S3 side is
// tested against a local S3 server in s3_storage_aws_test.cpp.
#include <gtest/gtest.h>

#include <map>

#include "core/errors.hpp"
#include "db/standalone.hpp"
#include "support/api.hpp"
#include "support/temp_dir.hpp"
#include "uploads/local_storage.hpp"
#include "uploads/service.hpp"
#include "uploads/test_images.hpp"

namespace agora::test {
namespace {

using namespace agora::uploads::test;

// The local folder, with a staging area a test fills as a browser's PUT would.
class StagingStorage : public uploads::LocalStorage {
 public:
  using LocalStorage::LocalStorage;
  bool takes_direct_uploads() const override { return true; }
  Task<std::string> presign_staging_put(const std::string& id, const std::string& content_type, std::uint64_t bytes,
                                        std::chrono::seconds) override {
    signed_[id] = {content_type, bytes};
    co_return "https://bucket.example.com/incoming/" + id + "?X-Amz-Signature=test";
  }
  Task<std::optional<std::string>> open_staged(const std::string& id) override {
    auto it = staged.find(id);
    if (it == staged.end()) co_return std::nullopt;
    co_return it->second;
  }
  Task<void> remove_staged(const std::string& id) override {
    staged.erase(id);
    co_return;
  }
  // What S3 would accept: only the signed type and length.
  bool browser_put(const std::string& id, const std::string& content_type, const std::string& bytes) {
    auto it = signed_.find(id);
    if (it == signed_.end() || it->second.first != content_type || it->second.second != bytes.size()) return false;
    staged[id] = bytes;
    return true;
  }
  std::map<std::string, std::string> staged;

 private:
  std::map<std::string, std::pair<std::string, std::uint64_t>> signed_;
};

class DirectUploads : public ApiTest {
 protected:
  void configure(Config& c) override { c.upload_dir = (dir_.path() / "media").string(); }
  template <class T>
  T with_service(const std::function<Task<T>(uploads::Service&, db::Pool&)>& f) {
    T out{};
    db::with_pool(server().config(), [&](db::Pool& pool) -> Task<void> { out = co_await f(svc_, pool); });
    return out;
  }
  TempDir dir_{"agora-direct"};
  StagingStorage* storage_ = nullptr;
  uploads::Service svc_{server_config_holder(), make()};

 private:
  const Config& server_config_holder() {
    static Config c;
    return c;
  }
  std::unique_ptr<uploads::Storage> make() {
    auto s = std::make_unique<StagingStorage>((dir_.path() / "media").string());
    storage_ = s.get();
    return s;
  }
};

TEST_F(DirectUploads, TheLocalFolderSaysToPostTheBytesInstead) {
  const auto id = signup_ok("ada@example.com", "ada_l");
  (void)id;
  auto s = login_ok("ada_l");
  auto r = http().post_json("/api/v1/uploads/direct",
                            boost::json::object{{"content_type", "image/png"}, {"bytes", 100}}, {bearer(s.token)});
  EXPECT_TRUE(IsProblem(r, 409)) << describe(r);
  auto missing = http().post_json("/api/v1/uploads/direct/" + std::string(43, 'a') + "/complete", boost::json::object{},
                                  {bearer(s.token)});
  EXPECT_TRUE(IsProblem(missing, 404)) << describe(missing);
  auto bad =
      http().post_json("/api/v1/uploads/direct", boost::json::object{{"content_type", "text/html"}}, {bearer(s.token)});
  EXPECT_TRUE(IsProblem(bad, 422)) << describe(bad);
}

TEST_F(DirectUploads, StartPutCompleteStoresTheCheckedImageOnceForItsOwnerOnly) {
  const auto ann = create_user("ann@example.com", "ann_a", "member");
  const auto bob = create_user("bob@example.com", "bob_b", "member");
  const std::string image = png(3, 2);
  const auto d =
      with_service<uploads::DirectUpload>([&](uploads::Service& s, db::Pool& pool) -> Task<uploads::DirectUpload> {
        co_return co_await s.start_direct(pool, ann, "image/png", std::int64_t(image.size()));
      });
  EXPECT_EQ(d.id.size(), 43u);
  EXPECT_EQ(db().count("direct_uploads"), 1);
  // Completing before the PUT: 409; S3 refuses a PUT of another type or length.
  auto early = [&] {
    with_service<int>([&](uploads::Service& s, db::Pool& pool) -> Task<int> {
      co_await s.finish_direct(pool, ann, d.id);
      co_return 0;
    });
  };
  EXPECT_THROW(early(), Problem);
  EXPECT_FALSE(storage_->browser_put(d.id, "image/jpeg", image));
  EXPECT_FALSE(storage_->browser_put(d.id, "image/png", image + "x"));
  ASSERT_TRUE(storage_->browser_put(d.id, "image/png", image));
  // Someone else's permission is not found.
  EXPECT_THROW((with_service<int>([&](uploads::Service& s, db::Pool& pool) -> Task<int> {
                 co_await s.finish_direct(pool, bob, d.id);
                 co_return 0;
               })),
               Problem);
  const auto url = with_service<std::string>([&](uploads::Service& s, db::Pool& pool) -> Task<std::string> {
    auto up = co_await s.finish_direct(pool, ann, d.id);
    co_return up.url;
  });
  EXPECT_EQ(url.rfind("/media/", 0), 0u);
  EXPECT_EQ(db().count("uploads"), 1);
  EXPECT_EQ(db().count("direct_uploads"), 0) << "a permission is used once";
  EXPECT_TRUE(storage_->staged.empty()) << "the staging object is removed";
}

TEST_F(DirectUploads, StagedBytesAreCheckedLikeAnyUpload) {
  const auto ann = create_user("ann@example.com", "ann_a", "member");
  const std::string not_png = "GIF89a but not really an image at all";
  const auto d =
      with_service<uploads::DirectUpload>([&](uploads::Service& s, db::Pool& pool) -> Task<uploads::DirectUpload> {
        co_return co_await s.start_direct(pool, ann, "image/png", std::int64_t(not_png.size()));
      });
  ASSERT_TRUE(storage_->browser_put(d.id, "image/png", not_png));
  try {
    with_service<int>([&](uploads::Service& s, db::Pool& pool) -> Task<int> {
      co_await s.finish_direct(pool, ann, d.id);
      co_return 0;
    });
    ADD_FAILURE() << "a non-image was accepted";
  } catch (const Problem& p) {
    EXPECT_GE(p.status(), 400);
    EXPECT_LT(p.status(), 500);
  }
  EXPECT_EQ(db().count("uploads"), 0);
}

}  // namespace
}  // namespace agora::test
