#pragma once
// Storage in a local folder (AGORA_UPLOAD_DIR). File system calls block, and
// fsync can take long on a busy disk, so every operation runs on a small
// thread pool of its own and the event loop keeps serving meanwhile.
//
//   - the folder (and missing parents) is created on first write, mode 0700;
//     files are 0600: only the service's own user reads them
//   - writes go to a temp file in the same folder, are fsynced, then renamed
//     over the final name and the folder is fsynced: a crash leaves the old
//     state or the new one, at worst a stray ".tmp-" file that no name matches
//   - names must parse as MediaName files; files are opened with O_NOFOLLOW
//     and must be regular files, so a symlink planted in the folder is not
//     followed
#include <memory>

#include "core/offload.hpp"
#include "uploads/storage.hpp"

namespace agora::uploads {

class LocalStorage : public Storage {
 public:
  explicit LocalStorage(std::string dir, int io_threads = 2);

  Task<void> put(const std::string& name, std::string_view bytes) override;
  Task<std::optional<std::string>> open(const std::string& name) override;
  Task<bool> exists(const std::string& name) override;
  Task<void> remove(const std::string& name) override;

  // Blocking versions (what the pool runs); public for tests and tools.
  void put_now(const std::string& name, std::string_view bytes) const;
  std::optional<std::string> open_now(const std::string& name) const;
  bool exists_now(const std::string& name) const;
  void remove_now(const std::string& name) const;

  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
  std::unique_ptr<BlockingPool> io_;
};

}  // namespace agora::uploads
