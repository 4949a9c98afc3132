#include "uploads/s3_storage.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "uploads/names.hpp"

namespace agora::uploads {
namespace {

// As LocalStorage: the service only ever passes content names, so anything
// else is a bug to stop, not a key to write.
MediaName require_name(const std::string& name) {
  auto parsed = parse_file_name(name);
  if (!parsed) throw std::invalid_argument("not a media file name: " + name);
  return *parsed;
}

// Staging ids are random base64url tokens made by the service.
std::string staging_key(const std::string& id) {
  const bool ok = id.size() == 43 && std::all_of(id.begin(), id.end(), [](char c) {
                    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
                  });
  if (!ok) throw std::invalid_argument("not a staging id: " + id);
  return "incoming/" + id;
}

}  // namespace

Task<std::string> S3Storage::presign_staging_put(const std::string& id, const std::string& content_type,
                                                 std::uint64_t bytes, std::chrono::seconds ttl) {
  co_return co_await s3_->presign_put(staging_key(id), content_type, bytes, ttl);
}

Task<std::optional<std::string>> S3Storage::open_staged(const std::string& id) {
  auto object = co_await s3_->get(staging_key(id));
  if (!object) co_return std::nullopt;
  co_return std::move(object->body);
}

Task<void> S3Storage::remove_staged(const std::string& id) { co_await s3_->remove(staging_key(id)); }

Task<void> S3Storage::put(const std::string& name, std::string_view bytes) {
  const MediaName media = require_name(name);
  co_await s3_->put(name, std::string(bytes), std::string(media_type(media.type)));
}

Task<std::optional<std::string>> S3Storage::open(const std::string& name) {
  if (!parse_file_name(name)) co_return std::nullopt;
  auto object = co_await s3_->get(name);
  if (!object) co_return std::nullopt;
  co_return std::move(object->body);
}

Task<bool> S3Storage::exists(const std::string& name) {
  if (!parse_file_name(name)) co_return false;
  const auto head = co_await s3_->head(name);
  co_return head.has_value();
}

Task<void> S3Storage::remove(const std::string& name) {
  require_name(name);
  co_await s3_->remove(name);
}

}  // namespace agora::uploads
