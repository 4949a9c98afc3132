// The local folder storage: atomic, private files under content names only,
// created on demand, never following links or client paths.
#include "uploads/local_storage.hpp"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <filesystem>
#include <fstream>

#include "support/temp_dir.hpp"

namespace agora::uploads {
namespace {

namespace fs = std::filesystem;

// A content name (a digest and our extension); a function, not a namespace-scope
// std::string whose construction could throw before main.
std::string png_name() { return std::string(64, 'b') + ".png"; }

class LocalStorageTest : public ::testing::Test {
 protected:
  std::vector<std::string> entries(const fs::path& dir) const {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
  }
  static unsigned mode(const fs::path& p) {
    struct stat st {};
    EXPECT_EQ(::lstat(p.c_str(), &st), 0) << p;
    return st.st_mode & 07777;
  }

  test::TempDir dir_{"agora-storage"};
  const fs::path& root_ = dir_.path();
};

TEST_F(LocalStorageTest, CreatesTheFolderOnDemandAndWritesPrivateFiles) {
  const auto dir = root_ / "a" / "b" / "uploads";
  LocalStorage s(dir.string());
  EXPECT_FALSE(s.exists_now(png_name()));
  EXPECT_FALSE(s.open_now(png_name())) << "a missing folder is simply empty";
  EXPECT_FALSE(fs::exists(dir)) << "reads create nothing";

  s.put_now(png_name(), "hello");
  EXPECT_TRUE(s.exists_now(png_name()));
  EXPECT_EQ(s.open_now(png_name()), "hello");
  EXPECT_EQ(mode(dir), 0700u);
  EXPECT_EQ(mode(root_ / "a"), 0700u);
  EXPECT_EQ(mode(dir / png_name()), 0600u);
  EXPECT_EQ(entries(dir), std::vector<std::string>{png_name()}) << "no temp file left behind";
}

TEST_F(LocalStorageTest, PutReplacesAtomicallyAndBinarySafe) {
  LocalStorage s(root_.string());
  std::string bytes;
  for (int i = 0; i < 300'000; ++i) bytes.push_back(char(i * 7));
  s.put_now(png_name(), bytes);
  s.put_now(png_name(), bytes);  // the same name again: harmless
  EXPECT_EQ(s.open_now(png_name()), bytes);
  EXPECT_EQ(entries(root_), std::vector<std::string>{png_name()});
}

TEST_F(LocalStorageTest, RefusesNamesThatAreNotContentNames) {
  LocalStorage s((root_ / "store").string());
  for (const std::string& bad : {std::string("../escape.png"), std::string("x.png"), "../" + png_name(),
                                 png_name() + "/../../x", std::string("/etc/passwd"), std::string(".")}) {
    EXPECT_THROW(s.put_now(bad, "x"), std::invalid_argument) << bad;
    EXPECT_FALSE(s.open_now(bad)) << bad;
    EXPECT_FALSE(s.exists_now(bad)) << bad;
  }
  EXPECT_EQ(entries(root_), std::vector<std::string>{}) << "nothing written anywhere";
}

TEST_F(LocalStorageTest, DoesNotFollowSymlinksOrServeOtherFileKinds) {
  const auto dir = root_ / "store";
  fs::create_directory(dir);
  std::ofstream(root_ / "secret.txt") << "secret";
  fs::create_symlink(root_ / "secret.txt", dir / png_name());
  const std::string dir_name = std::string(64, 'c') + ".gif";
  fs::create_directory(dir / dir_name);
  LocalStorage s(dir.string());
  EXPECT_FALSE(s.open_now(png_name()));
  EXPECT_FALSE(s.exists_now(png_name()));
  EXPECT_FALSE(s.open_now(dir_name));
  EXPECT_FALSE(s.exists_now(dir_name));
}

TEST_F(LocalStorageTest, AFailedWriteLeavesNothingUnderTheName) {
  // The folder's parent is a regular file: creating the folder fails.
  std::ofstream(root_ / "file") << "x";
  LocalStorage s((root_ / "file" / "uploads").string());
  EXPECT_THROW(s.put_now(png_name(), "data"), std::system_error);
  EXPECT_FALSE(s.exists_now(png_name()));
}

TEST_F(LocalStorageTest, RemoveDeletesAndAMissingNameIsNoError) {
  LocalStorage s((root_ / "rm").string());
  s.put_now(png_name(), "data");
  s.remove_now(png_name());
  EXPECT_FALSE(s.exists_now(png_name()));
  EXPECT_NO_THROW(s.remove_now(png_name()));
  EXPECT_THROW(s.remove_now("../x.png"), std::invalid_argument);
}

TEST_F(LocalStorageTest, AsyncInterfaceRunsOnItsPoolAndResumesTheCaller) {
  LocalStorage s((root_ / "async").string());
  boost::asio::io_context ioc;
  auto work = [&]() -> Task<std::optional<std::string>> {
    const std::string bytes = "payload";
    co_await s.put(png_name(), bytes);
    const bool there = co_await s.exists(png_name());
    EXPECT_TRUE(there);
    co_return co_await s.open(png_name());
  };
  auto result = boost::asio::co_spawn(ioc, work(), boost::asio::use_future);
  ioc.run();
  EXPECT_EQ(result.get(), "payload");
}

}  // namespace
}  // namespace agora::uploads
