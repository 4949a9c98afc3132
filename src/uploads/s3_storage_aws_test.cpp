// S3Storage through the uploads::Storage interface, against the S3 stand-in;
// run by tests/e2e/aws_adapters.sh.
#include "uploads/s3_storage.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include "core/crypto.hpp"
#include "support/aws_env.hpp"
#include "support/run_task.hpp"

namespace agora::uploads {
namespace {

TEST(S3StorageLive, PutOpenExistsRemoveThroughTheInterface) {
  auto s3 = std::make_shared<aws::S3Client>(test::aws_test_s3_options(), test::aws_test_credentials(),
                                            std::make_shared<aws::HttpClient>(2));
  std::unique_ptr<Storage> storage = std::make_unique<S3Storage>(s3);
  boost::asio::io_context ioc;
  const std::string bytes = "\x89PNG not really " + crypto::random_hex(8);
  const std::string name = crypto::sha256_hex(bytes) + ".png";

  EXPECT_FALSE(test::run_task(ioc, storage->exists(name)));
  EXPECT_FALSE(test::run_task(ioc, storage->open(name)));
  test::run_task(ioc, storage->put(name, bytes));
  EXPECT_TRUE(test::run_task(ioc, storage->exists(name)));
  EXPECT_EQ(test::run_task(ioc, storage->open(name)), bytes);
  EXPECT_EQ(s3->head_now(name)->content_type, "image/png") << "served with the type its name says";

  test::run_task(ioc, storage->remove(name));
  EXPECT_FALSE(test::run_task(ioc, storage->exists(name)));
  EXPECT_NO_THROW(test::run_task(ioc, storage->remove(name)));
}

TEST(S3StorageLive, RefusesWhatIsNotAContentName) {
  S3Storage storage(std::make_shared<aws::S3Client>(test::aws_test_s3_options(), test::aws_test_credentials(),
                                                    std::make_shared<aws::HttpClient>(1)));
  boost::asio::io_context ioc;
  EXPECT_THROW(test::run_task(ioc, storage.put("../etc/passwd", "x")), std::invalid_argument);
  EXPECT_FALSE(test::run_task(ioc, storage.exists("../etc/passwd")));
  EXPECT_FALSE(test::run_task(ioc, storage.open("x.png")));
}

TEST(S3StorageLive, MakeStorageChoosesByConfig) {
  Config config;
  config.storage = "s3";
  config.s3_bucket = test::aws_env("AWSTEST_S3_BUCKET");
  config.s3_endpoint = test::aws_env("AWSTEST_S3_ENDPOINT");
  config.aws_region = test::aws_env("AWSTEST_REGION");
  // The e2e script exports the stand-in's key pair as AWS_ACCESS_KEY_ID/…
  auto storage = make_storage(config);
  ASSERT_NE(dynamic_cast<S3Storage*>(storage.get()), nullptr);
  boost::asio::io_context ioc;
  const std::string bytes = "config " + crypto::random_hex(8);
  const std::string name = crypto::sha256_hex(bytes) + ".gif";
  test::run_task(ioc, storage->put(name, bytes));
  EXPECT_EQ(test::run_task(ioc, storage->open(name)), bytes);
  test::run_task(ioc, storage->remove(name));

  config.storage = "local";
  EXPECT_EQ(dynamic_cast<S3Storage*>(make_storage(config).get()), nullptr);
}

}  // namespace
}  // namespace agora::uploads

namespace agora::uploads {
namespace {

// Direct uploads: the browser's PUT to the presigned staging URL, as S3
// checks it (the stand-in's SigV4 check: type and length are signed).
TEST(S3StorageLive, AStagingPutNeedsTheSignedTypeAndLengthAndIsReadBackAndRemoved) {
  S3Storage storage(std::make_shared<aws::S3Client>(test::aws_test_s3_options(), test::aws_test_credentials(),
                                                    std::make_shared<aws::HttpClient>(2)));
  boost::asio::io_context ioc;
  ASSERT_TRUE(storage.takes_direct_uploads());
  const std::string id = crypto::random_token();
  const std::string bytes = "\x89PNG staged " + crypto::random_hex(8);
  const auto url =
      test::run_task(ioc, storage.presign_staging_put(id, "image/png", bytes.size(), std::chrono::minutes(5)));
  auto put = [&](const std::string& type, const std::string& body) {
    aws::HttpRequest req;
    req.method = "PUT";
    req.url = url;
    req.headers = {{"Content-Type", type}};
    req.body = body;
    return aws::perform(req).status;
  };
  EXPECT_EQ(put("image/jpeg", bytes), 403) << "another type than signed";
  EXPECT_EQ(put("image/png", bytes + "more"), 403) << "another length than signed";
  EXPECT_EQ(test::run_task(ioc, storage.open_staged(id)), std::nullopt);
  ASSERT_EQ(put("image/png", bytes), 200);
  EXPECT_EQ(test::run_task(ioc, storage.open_staged(id)), bytes);
  EXPECT_FALSE(test::run_task(ioc, storage.exists(id))) << "a staging id is not a content name";
  test::run_task(ioc, storage.remove_staged(id));
  EXPECT_EQ(test::run_task(ioc, storage.open_staged(id)), std::nullopt);
  EXPECT_THROW(test::run_task(ioc, storage.open_staged("../../etc/passwd")), std::invalid_argument);
}

}  // namespace
}  // namespace agora::uploads
