#include "uploads/storage.hpp"

#include <stdexcept>

#include "uploads/local_storage.hpp"
#include "uploads/s3_storage.hpp"

namespace agora::uploads {

// The defaults for storages without direct uploads: the service checks
// takes_direct_uploads() first, so reaching these is a bug.
Task<std::string> Storage::presign_staging_put(const std::string&, const std::string&, std::uint64_t,
                                               std::chrono::seconds) {
  throw std::logic_error("this storage takes no direct uploads");
}

Task<std::optional<std::string>> Storage::open_staged(const std::string&) {
  throw std::logic_error("this storage takes no direct uploads");
}

Task<void> Storage::remove_staged(const std::string&) {
  throw std::logic_error("this storage takes no direct uploads");
}

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
