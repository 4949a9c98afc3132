#pragma once
// Upload rules: who may upload and how often, what is accepted
// (validate.hpp), where it goes (Storage) and what is recorded (repo).
// Media reads come straight from storage: the stored name already proves
// what the file is.
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "core/config.hpp"
#include "db/pool.hpp"
#include "uploads/names.hpp"
#include "uploads/repo.hpp"
#include "uploads/storage.hpp"

namespace agora::uploads {

// Uploads per user and hour (429 above): generous for people, a brake on a
// script filling the disk.
inline constexpr int kUploadsPerHour = 60;

struct Uploaded {
  SavedUpload saved;
  std::string url;
};

// How long a presigned direct-upload URL (and its permission) lasts.
inline constexpr std::chrono::minutes kDirectUploadTtl{15};

struct DirectUpload {
  std::string id;          // what the client completes
  std::string upload_url;  // PUT the bytes here, with this Content-Type
  std::string content_type;
  std::int64_t bytes = 0;
  std::string expires_at;  // RFC 3339
};

class Service {
 public:
  Service(const Config& config, std::unique_ptr<Storage> storage) : config_(config), storage_(std::move(storage)) {}

  // Validates, stores the bytes (unless already stored), then records the
  // row: the file always exists before its row does.
  Task<Uploaded> upload(db::Pool& db, std::int64_t owner_id, std::optional<std::string_view> content_type,
                        const std::string& body);

  // Direct upload, step 1: permission and a presigned URL for one PUT of
  // exactly `bytes` of `content_type` to the bucket (409 when the storage is
  // the local folder: POST the bytes to /api/v1/uploads instead).
  Task<DirectUpload> start_direct(db::Pool& db, std::int64_t owner_id, const std::string& content_type,
                                  std::int64_t bytes);
  // Step 2: the staged bytes checked exactly as upload() checks them, stored
  // under their content name and recorded; the staging object is removed.
  Task<Uploaded> finish_direct(db::Pool& db, std::int64_t owner_id, const std::string& id);

  // The stored file for a /media/ name; nullopt for any name that is not
  // exactly a stored "<sha256>.<ext>".
  Task<std::optional<std::string>> read(const MediaName& name);
  Task<bool> stored(const MediaName& name);

 private:
  Task<Uploaded> store_checked(db::Pool& db, std::int64_t owner_id, std::optional<std::string_view> content_type,
                               const std::string& body);

  const Config& config_;
  std::unique_ptr<Storage> storage_;
};

}  // namespace agora::uploads
