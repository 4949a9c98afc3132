#pragma once
// Where upload bytes live, behind the smallest interface the service needs,
// so the local folder (default) and S3 are interchangeable.
// Names are always MediaName::file() strings built by the service from the
// content's digest; an implementation refuses anything else rather than
// turning it into a path or key.
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/config.hpp"
#include "core/task.hpp"

namespace agora::uploads {

class Storage {
 public:
  virtual ~Storage() = default;
  // Stores `bytes` under `name` so that readers see either the whole object
  // or nothing (never a prefix). Storing the same name again is harmless:
  // names are content digests, so the bytes are the same. Throws on failure;
  // then nothing is visible under `name`.
  virtual Task<void> put(const std::string& name, std::string_view bytes) = 0;
  // The whole object; nullopt when there is none (or `name` is not a stored name).
  virtual Task<std::optional<std::string>> open(const std::string& name) = 0;
  virtual Task<bool> exists(const std::string& name) = 0;
  // Deletes the object; a name with nothing stored under it is not an error
  // (removal is retried after partial failures, and S3 answers the same).
  virtual Task<void> remove(const std::string& name) = 0;

  // Direct uploads: a browser PUTs the bytes to a staging object `id` (a
  // random token) with a presigned URL; the service then reads, checks and
  // stores them under their content name. A storage that cannot take them
  // (the local folder) keeps these defaults.
  virtual bool takes_direct_uploads() const { return false; }
  // A URL that accepts one PUT of exactly `bytes` of `content_type` for `ttl`.
  virtual Task<std::string> presign_staging_put(const std::string& id, const std::string& content_type,
                                                std::uint64_t bytes, std::chrono::seconds ttl);
  virtual Task<std::optional<std::string>> open_staged(const std::string& id);
  virtual Task<void> remove_staged(const std::string& id);
};

// The storage `config` asks for: the local folder upload_dir (storage=local)
// or the bucket s3_bucket (storage=s3; AWS credentials from the environment,
// see aws/credentials.hpp). Throws when s3 lacks a bucket or credentials.
std::unique_ptr<Storage> make_storage(const Config& config);

}  // namespace agora::uploads
