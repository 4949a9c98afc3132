#pragma once
// A fresh private directory under the system's temp folder, deleted with everything in it when the
// object goes: tests that need files (upload storage, scratch data) leave nothing behind.
#include <cstdlib>  // mkdtemp (POSIX)
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>

namespace agora::test {

class TempDir {
 public:
  // `prefix` names the directory (prefix-XXXXXX) so a leftover from a killed run says whose it is.
  explicit TempDir(std::string_view prefix) {
    std::string pattern = (std::filesystem::temp_directory_path() / (std::string(prefix) + "-XXXXXX")).string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed for " + pattern);
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;  // a destructor must not throw; a leftover in /tmp is harmless
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace agora::test
