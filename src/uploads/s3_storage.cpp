#include "uploads/s3_storage.hpp"

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

}  // namespace

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
