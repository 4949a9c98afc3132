#include "uploads/local_storage.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <functional>
#include <stdexcept>
#include <system_error>

#include "core/crypto.hpp"
#include "uploads/names.hpp"

namespace agora::uploads {
namespace {

class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  explicit operator bool() const { return fd_ >= 0; }
  // close() reports write-back errors on some file systems: check it.
  int close() {
    const int rc = ::close(fd_);
    fd_ = -1;
    return rc;
  }

 private:
  int fd_;
};

[[noreturn]] void fail(const std::string& what) { throw std::system_error(errno, std::generic_category(), what); }

void require_name(const std::string& name) {
  // The service only ever passes digests; anything else is a bug, not input.
  if (!parse_file_name(name)) throw std::invalid_argument("not a media file name: " + name);
}

// mkdir -p with mode 0700 for every folder it creates.
void make_dirs(const std::string& dir) {
  for (std::size_t i = 1; i <= dir.size(); ++i) {
    if (i != dir.size() && dir[i] != '/') continue;
    const std::string prefix = dir.substr(0, i);
    if (::mkdir(prefix.c_str(), 0700) == 0 || errno == EEXIST) continue;
    // Some systems answer EACCES for an existing parent we may not write to.
    struct stat st {};
    if (::stat(prefix.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) fail("cannot create upload folder " + prefix);
  }
}

Fd open_dir(const std::string& dir) { return Fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)); }

void write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("cannot write upload");
    }
    bytes.remove_prefix(std::size_t(n));
  }
}

}  // namespace

LocalStorage::LocalStorage(std::string dir, int io_threads)
    : dir_(dir.empty() ? std::string(".") : std::move(dir)), io_(std::make_unique<BlockingPool>(io_threads)) {}

void LocalStorage::put_now(const std::string& name, std::string_view bytes) const {
  require_name(name);
  make_dirs(dir_);
  Fd dir = open_dir(dir_);
  if (!dir) fail("cannot open upload folder " + dir_);
  // A dot-name no MediaName matches, unique per attempt (O_EXCL).
  const std::string temp = "." + name + ".tmp-" + crypto::random_hex(8);
  Fd file(::openat(dir.get(), temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
  if (!file) fail("cannot create upload temp file");
  try {
    write_all(file.get(), bytes);
    if (::fsync(file.get()) != 0) fail("cannot fsync upload");
    if (file.close() != 0) fail("cannot close upload");
    if (::renameat(dir.get(), temp.c_str(), dir.get(), name.c_str()) != 0) fail("cannot rename upload into place");
  } catch (...) {
    ::unlinkat(dir.get(), temp.c_str(), 0);
    throw;
  }
  // The rename is durable only once the folder itself is on disk.
  if (::fsync(dir.get()) != 0) fail("cannot fsync upload folder");
}

std::optional<std::string> LocalStorage::open_now(const std::string& name) const {
  if (!parse_file_name(name)) return std::nullopt;
  Fd dir = open_dir(dir_);
  if (!dir) return std::nullopt;  // nothing stored yet
  Fd file(::openat(dir.get(), name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK));
  if (!file) {
    if (errno == ENOENT || errno == ELOOP || errno == ENOTDIR) return std::nullopt;
    fail("cannot open upload");
  }
  struct stat st {};
  if (::fstat(file.get(), &st) != 0) fail("cannot stat upload");
  if (!S_ISREG(st.st_mode)) return std::nullopt;
  std::string out(std::size_t(st.st_size), '\0');
  std::size_t done = 0;
  while (done < out.size()) {
    const ssize_t n = ::read(file.get(), out.data() + done, out.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("cannot read upload");
    }
    if (n == 0) break;  // shrank meanwhile; files are never rewritten, so this is damage
    done += std::size_t(n);
  }
  if (done != out.size()) throw std::runtime_error("upload " + name + " is shorter than its size");
  return out;
}

bool LocalStorage::exists_now(const std::string& name) const {
  if (!parse_file_name(name)) return false;
  struct stat st {};
  const std::string path = dir_ + "/" + name;
  if (::fstatat(AT_FDCWD, path.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return false;
  return S_ISREG(st.st_mode);
}

void LocalStorage::remove_now(const std::string& name) const {
  require_name(name);
  if (::unlink((dir_ + "/" + name).c_str()) != 0 && errno != ENOENT) fail("cannot remove upload");
}

Task<void> LocalStorage::put(const std::string& name, std::string_view bytes) {
  // Named, not a temporary in the co_await expression (GCC 12 coroutine bug).
  std::function<void()> work = [&] { put_now(name, bytes); };
  co_await io_->run(std::move(work));
}

Task<std::optional<std::string>> LocalStorage::open(const std::string& name) {
  std::optional<std::string> out;
  std::function<void()> work = [&] { out = open_now(name); };
  co_await io_->run(std::move(work));
  co_return out;
}

Task<bool> LocalStorage::exists(const std::string& name) {
  bool found = false;
  std::function<void()> work = [&] { found = exists_now(name); };
  co_await io_->run(std::move(work));
  co_return found;
}

Task<void> LocalStorage::remove(const std::string& name) {
  std::function<void()> work = [&] { remove_now(name); };
  co_await io_->run(std::move(work));
}

}  // namespace agora::uploads
