#include "uploads/storage.hpp"

#include <stdexcept>

#include "uploads/local_storage.hpp"
#include "uploads/s3_storage.hpp"

namespace agora::uploads {

std::unique_ptr<Storage> make_storage(const Config& config) {
  if (config.storage != "s3") return std::make_unique<LocalStorage>(config.upload_dir);
  if (config.s3_bucket.empty()) throw std::invalid_argument("AGORA_STORAGE=s3 needs AGORA_S3_BUCKET");
  aws::S3Options options{config.s3_bucket, config.aws_region, config.s3_endpoint};
  auto s3 =
      std::make_shared<aws::S3Client>(std::move(options), aws::credentials_from_process_environment(config.aws_region),
                                      std::make_shared<aws::HttpClient>(4));
  return std::make_unique<S3Storage>(std::move(s3));
}

}  // namespace agora::uploads
