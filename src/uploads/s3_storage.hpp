#pragma once
// Uploads in an S3 bucket (AGORA_STORAGE=s3). Object keys are the content
// names themselves (the bucket holds nothing else), stored with the media
// type their extension names, so S3 and a CDN in front of it serve them with
// the right Content-Type. A PUT is atomic in S3 (readers see the old object
// or the new one, never a prefix), which is the interface's promise.
#include <memory>

#include "aws/s3.hpp"
#include "uploads/storage.hpp"

namespace agora::uploads {

class S3Storage : public Storage {
 public:
  explicit S3Storage(std::shared_ptr<aws::S3Client> s3) : s3_(std::move(s3)) {}

  Task<void> put(const std::string& name, std::string_view bytes) override;
  Task<std::optional<std::string>> open(const std::string& name) override;
  Task<bool> exists(const std::string& name) override;
  Task<void> remove(const std::string& name) override;

  // Staging objects live under incoming/ (a lifecycle rule expires them).
  bool takes_direct_uploads() const override { return true; }
  Task<std::string> presign_staging_put(const std::string& id, const std::string& content_type, std::uint64_t bytes,
                                        std::chrono::seconds ttl) override;
  Task<std::optional<std::string>> open_staged(const std::string& id) override;
  Task<void> remove_staged(const std::string& id) override;

  aws::S3Client& client() { return *s3_; }

 private:
  std::shared_ptr<aws::S3Client> s3_;
};

}  // namespace agora::uploads
