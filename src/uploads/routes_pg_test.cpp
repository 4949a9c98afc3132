// Uploads end to end: POST /api/v1/uploads and GET /media/{name} against a
// real server and database, each test with its own upload folder. Hostile
// input must get a clear 4xx (never a 500) and leave no row and no file.
#include <sys/stat.h>

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <thread>

#include "core/crypto.hpp"
#include "db/standalone.hpp"
#include "support/api.hpp"
#include "support/temp_dir.hpp"
#include "uploads/repo.hpp"
#include "uploads/test_images.hpp"

namespace agora::test {
namespace {

namespace fs = std::filesystem;
using namespace agora::uploads::test;

class UploadsApi : public ApiTest {
 protected:
  void SetUp() override {
    upload_dir_ = root_.path() / "media";
    set_up_api();
  }
  // ApiTest's set-up alone, with upload_dir_ as it is: for a test that
  // points it elsewhere itself.
  void set_up_api() { ApiTest::SetUp(); }
  void configure(Config& c) override {
    c.upload_dir = upload_dir_.string();
    c.upload_max_pixels = max_pixels_;
  }

  // A signed-up, signed-in member.
  LoggedIn member(const std::string& name) {
    signup_ok(name + "@example.com", name);
    return login_ok(name);
  }
  HttpResponse upload(const std::string& body, const std::string& type, const HeaderList& headers) {
    return http().post("/api/v1/uploads", body, type, headers);
  }
  std::vector<std::string> stored_files() const {
    std::vector<std::string> out;
    if (!fs::exists(upload_dir_)) return out;
    for (const auto& e : fs::directory_iterator(upload_dir_)) out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
  }
  // Nothing recorded and nothing stored: what every refused upload must leave.
  void expect_nothing_written() {
    EXPECT_EQ(db().count("uploads"), 0);
    EXPECT_EQ(stored_files(), std::vector<std::string>{});
  }

  TempDir root_{"agora-uploads"};
  fs::path upload_dir_;
  std::int64_t max_pixels_ = 40'000'000;
};

std::string sha_of(const std::string& bytes) { return crypto::sha256_hex(bytes); }
std::string str(const boost::json::value& v) { return std::string(v.as_string()); }

TEST_F(UploadsApi, PngIsStoredUnderItsDigestAndServedWithSafeHeaders) {
  const auto me = member("painter");
  const auto image = png(3, 2);
  const auto r = upload(image, "image/png", {bearer(me.token)});
  ASSERT_EQ(r.status, 201) << describe(r);
  const std::string url = "/media/" + sha_of(image) + ".png";
  EXPECT_EQ(r.header("Location"), url);
  EXPECT_EQ(r.content_type(), "application/json");
  const auto o = r.object();
  EXPECT_GT(o.at("id").as_int64(), 0);
  EXPECT_EQ(str(o.at("url")), url);
  EXPECT_EQ(str(o.at("content_type")), "image/png");
  EXPECT_EQ(o.at("bytes").as_int64(), std::int64_t(image.size()));
  EXPECT_EQ(o.at("width").as_int64(), 3);
  EXPECT_EQ(o.at("height").as_int64(), 2);
  EXPECT_EQ(o.size(), 6u) << r.body;

  EXPECT_EQ(db().scalar("SELECT owner_id || ' ' || sha256 || ' ' || content_type || ' ' || bytes || ' ' || width || "
                        "' ' || height FROM uploads"),
            std::to_string(me.user_id) + " " + sha_of(image) + " image/png " + std::to_string(image.size()) + " 3 2");
  ASSERT_EQ(stored_files(), std::vector<std::string>{sha_of(image) + ".png"});
  struct stat st {};
  ASSERT_EQ(::stat(upload_dir_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u) << "the folder is created private";
  ASSERT_EQ(::stat((upload_dir_ / (sha_of(image) + ".png")).c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  // Shown nowhere yet: only its uploader reads it, and no cache but the
  // uploader's browser keeps it.
  EXPECT_TRUE(IsProblem(http().get(url), 404));
  const auto mine = http().get(url, {bearer(me.token)});
  ASSERT_EQ(mine.status, 200) << describe(mine);
  EXPECT_EQ(mine.body, image);
  EXPECT_EQ(mine.header("Cache-Control"), "private, no-cache");

  // As an avatar it is public.
  const auto set = http().request("PATCH", "/api/v1/me/settings", R"({"avatar_url":")" + url + R"("})",
                                  {bearer(me.token), {"Content-Type", "application/json"}});
  ASSERT_EQ(set.status, 200) << describe(set);
  const auto got = http().get(url);
  ASSERT_EQ(got.status, 200) << describe(got);
  EXPECT_EQ(got.body, image);
  EXPECT_EQ(got.content_type(), "image/png");
  EXPECT_EQ(got.header("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(got.header("ETag"), "\"" + sha_of(image) + "\"");
  EXPECT_EQ(got.header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(got.header("Content-Security-Policy"), "default-src 'none'; sandbox");
  EXPECT_EQ(got.headers_named("Cache-Control").size(), 1u) << "no second, no-store, Cache-Control";
}

TEST_F(UploadsApi, IfNoneMatchWithTheDigestIs304WithoutABody) {
  const auto me = member("cacher");
  const auto image = gif(4, 4);
  ASSERT_EQ(upload(image, "image/gif", {bearer(me.token)}).status, 201);
  const std::string url = "/media/" + sha_of(image) + ".gif";
  const std::string etag = "\"" + sha_of(image) + "\"";
  for (const std::string& inm : {etag, "W/" + etag, "\"other\", " + etag, std::string("*")}) {
    const auto r = http().get(url, {bearer(me.token), {"If-None-Match", inm}});
    EXPECT_EQ(r.status, 304) << inm << " " << describe(r);
    EXPECT_TRUE(r.body.empty());
    EXPECT_EQ(r.header("ETag"), etag);
    EXPECT_EQ(r.header("Cache-Control"), "private, no-cache");
  }
  EXPECT_EQ(http().get(url, {bearer(me.token), {"If-None-Match", "\"other\""}}).status, 200);
  // Revalidation checks access too: a matching ETag tells a stranger nothing.
  EXPECT_TRUE(IsProblem(http().get(url, {{"If-None-Match", etag}}), 404));
  // A name that is not stored is a 404 even when the client claims a match.
  EXPECT_TRUE(IsProblem(http().get("/media/" + std::string(64, 'e') + ".gif", {{"If-None-Match", "*"}}), 404));
}

TEST_F(UploadsApi, EachFormatRoundTripsWithItsContentType) {
  const auto me = member("formats");
  struct Case {
    std::string bytes, type, ext;
    int w, h;
  };
  const std::vector<Case> cases = {{jpeg(640, 480), "image/jpeg", "jpg", 640, 480},
                                   {gif(2, 3), "image/gif", "gif", 2, 3},
                                   {webp_lossy(30, 40), "image/webp", "webp", 30, 40},
                                   {webp_lossless(5, 6), "image/webp", "webp", 5, 6},
                                   {webp_extended(70, 80), "image/webp", "webp", 70, 80}};
  for (const auto& c : cases) {
    const auto r = upload(c.bytes, c.type + "; charset=binary", {bearer(me.token)});
    ASSERT_EQ(r.status, 201) << c.type << " " << describe(r);
    EXPECT_EQ(str(r.object().at("url")), "/media/" + sha_of(c.bytes) + "." + c.ext);
    EXPECT_EQ(r.object().at("width").as_int64(), c.w);
    EXPECT_EQ(r.object().at("height").as_int64(), c.h);
    const auto got = http().get("/media/" + sha_of(c.bytes) + "." + c.ext, {bearer(me.token)});
    EXPECT_EQ(got.status, 200);
    EXPECT_EQ(got.content_type(), c.type);
    EXPECT_EQ(got.body, c.bytes);
  }
  EXPECT_EQ(db().count("uploads"), std::int64_t(cases.size()));
}

TEST_F(UploadsApi, TheSameBytesAreStoredOnceAndRecordedOncePerOwner) {
  const auto ann = member("ann_up"), bob = member("bob_up");
  const auto image = png(5, 5);
  const auto first = upload(image, "image/png", {bearer(ann.token)});
  ASSERT_EQ(first.status, 201);
  const auto again = upload(image, "image/png", {bearer(ann.token)});
  ASSERT_EQ(again.status, 200) << "an existing upload is returned, not created";
  EXPECT_EQ(again.object().at("id"), first.object().at("id"));
  EXPECT_EQ(again.header("Location"), first.header("Location"));
  const auto other = upload(image, "image/png", {bearer(bob.token)});
  ASSERT_EQ(other.status, 201);
  EXPECT_NE(other.object().at("id"), first.object().at("id"));
  EXPECT_EQ(db().count("uploads"), 2);
  EXPECT_EQ(stored_files().size(), 1u);
}

TEST_F(UploadsApi, ConcurrentIdenticalUploadsMakeOneRowAndOneFile) {
  const auto me = member("racer");
  const auto image = jpeg(9, 9);
  std::vector<int> statuses(6);
  std::vector<std::thread> threads;
  threads.reserve(statuses.size());
  for (auto& status : statuses)
    threads.emplace_back([&, &s = status] { s = upload(image, "image/jpeg", {bearer(me.token)}).status; });
  for (auto& t : threads) t.join();
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 201), 1);
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 200), 5);
  EXPECT_EQ(db().count("uploads"), 1);
  EXPECT_EQ(stored_files(), std::vector<std::string>{sha_of(image) + ".jpg"}) << "no temp files left";
}

// ---------------------------------------------------------------- hostile input

TEST_F(UploadsApi, WrongMagicWrongTypeAndMismatchAre415) {
  const auto me = member("liar");
  const auto auth = HeaderList{bearer(me.token)};
  struct Case {
    std::string body, type, says;
  };
  const std::vector<Case> cases = {
      {"<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>", "image/png", "not a PNG, JPEG, GIF or WebP"},
      {"<html><script>alert(1)</script></html>", "image/gif", "not a PNG, JPEG, GIF or WebP"},
      {png(1, 1), "image/svg+xml", "Content-Type"},
      {png(1, 1), "text/html", "Content-Type"},
      {png(1, 1), "", "Content-Type"},
      {png(1, 1), "application/json", "Content-Type"},
      {jpeg(1, 1), "image/png", "is image/jpeg but Content-Type says image/png"},
      {webp_lossy(1, 1), "image/gif", "is image/webp but Content-Type says image/gif"}};
  for (const auto& c : cases) {
    const auto r = upload(c.body, c.type, auth);
    ASSERT_TRUE(IsProblem(r, 415)) << c.type << " " << describe(r);
    EXPECT_EQ(str(r.object().at("type")), "/problems/unsupported-media-type");
    EXPECT_NE(std::string(r.object().at("detail").as_string()).find(c.says), std::string::npos) << r.body;
  }
  expect_nothing_written();
}

TEST_F(UploadsApi, EmptyTruncatedAndCorruptBodiesAreClear4xx) {
  const auto me = member("breaker");
  const auto auth = HeaderList{bearer(me.token)};
  EXPECT_TRUE(IsProblem(upload("", "image/png", auth), 400));
  const auto image = png(4, 4);
  for (std::size_t n : {std::size_t(8), std::size_t(20), std::size_t(33), image.size() - 1}) {
    const auto r = upload(image.substr(0, n), "image/png", auth);
    EXPECT_TRUE(IsProblem(r, 422)) << n << " " << describe(r);
  }
  auto lying = png(1, 1);
  lying[19] = '\x09';  // width changed after the CRC was computed
  const auto r = upload(lying, "image/png", auth);
  ASSERT_TRUE(IsProblem(r, 422)) << describe(r);
  EXPECT_EQ(str(r.object().at("type")), "/problems/invalid-image");
  EXPECT_TRUE(IsProblem(upload(std::string("\xFF\xD8\xFF\xD9", 4), "image/jpeg", auth), 422));
  expect_nothing_written();
}

TEST_F(UploadsApi, ZeroHugeAndTooManyPixelsAre422) {
  const auto me = member("giant");
  const auto auth = HeaderList{bearer(me.token)};
  EXPECT_TRUE(IsProblem(upload(png(0, 1), "image/png", auth), 422));
  EXPECT_TRUE(IsProblem(upload(png(100'000, 1), "image/png", auth), 422));
  EXPECT_TRUE(IsProblem(upload(png(0x7FFFFFFF, 0x7FFFFFFF), "image/png", auth), 422));
  EXPECT_TRUE(IsProblem(upload(gif(65535, 65535), "image/gif", auth), 422)) << "4.3 gigapixels, a 40-byte file";
  EXPECT_TRUE(IsProblem(upload(webp_extended(1u << 24, 1u << 24), "image/webp", auth), 422));
  EXPECT_TRUE(IsProblem(upload(gif(8000, 5001), "image/gif", auth), 422)) << "above the 40M default";
  expect_nothing_written();
  EXPECT_EQ(upload(gif(8000, 5000), "image/gif", auth).status, 201) << "exactly 40M pixels";
}

TEST_F(UploadsApi, AboveTheUploadLimitIs413BeforeAnythingIsParsed) {
  const auto me = member("heavy");
  std::string big = png(1, 1);
  big.resize(server().config().upload_max_bytes + 1, '\0');
  const auto r = upload(big, "image/png", {bearer(me.token)});
  ASSERT_TRUE(IsProblem(r, 413)) << describe(r);
  EXPECT_EQ(str(r.object().at("type")), "/problems/body-too-large");
  expect_nothing_written();
}

TEST_F(UploadsApi, SignedOutIs401SuspendedIs403AndCookiesNeedCsrf) {
  const auto image = png(1, 1);
  EXPECT_TRUE(IsProblem(upload(image, "image/png", {}), 401));
  EXPECT_TRUE(IsProblem(upload(image, "image/png", {bearer("not-a-session-token")}), 401));

  const auto me = member("rebel");
  EXPECT_TRUE(IsProblem(upload(image, "image/png", {session_cookie(me.token)}), 403)) << "cookie without CSRF";
  db().exec("UPDATE users SET suspended_until = now() + interval '1 day' WHERE id = " + std::to_string(me.user_id));
  const auto r = upload(image, "image/png", {bearer(me.token)});
  ASSERT_TRUE(IsProblem(r, 403)) << describe(r);
  EXPECT_EQ(str(r.object().at("type")), "/problems/suspended");
  expect_nothing_written();

  db().exec("UPDATE users SET suspended_until = NULL WHERE id = " + std::to_string(me.user_id));
  EXPECT_EQ(upload(image, "image/png", {session_cookie(me.token), {"X-CSRF-Token", me.csrf}}).status, 201);
}

TEST_F(UploadsApi, AnythingButAStoredContentNameIs404) {
  const auto me = member("walker");
  const auto image = png(2, 2);
  ASSERT_EQ(upload(image, "image/png", {bearer(me.token)}).status, 201);
  const std::string sha = sha_of(image);
  // Files next to the upload folder that a traversal would reach.
  std::ofstream(root_.path() / "secret.png") << "TOP-SECRET-CONTENT";
  fs::create_symlink(root_.path() / "secret.png", upload_dir_ / (std::string(64, 'f') + ".png"));

  for (const std::string& target : std::vector<std::string>{
           "/media/" + sha + ".jpg",                   // stored, but not as this type
           "/media/" + std::string(64, '0') + ".png",  // well-formed, not stored
           "/media/" + std::string(64, 'f') + ".png",  // a symlink in the folder
           "/media/../secret.png", "/media/..%2fsecret.png", "/media/%2e%2e%2fsecret.png", "/media/%2e%2e/secret.png",
           "/media/..%5csecret.png", "/media/secret.png", "/media/" + sha + ".PNG", "/media/" + sha + ".jpeg",
           "/media/" + std::string(sha.begin(), sha.end() - 1) + ".png", "/media/" + sha + ".png.tmp",
           "/media/." + sha + ".png", "/media/" + sha + ".png/extra", "/media/%2fetc%2fpasswd", "/media/", "/media"}) {
    const auto r = http().get(target, {bearer(me.token)});
    EXPECT_TRUE(IsProblem(r, 404)) << target << " " << describe(r);
    EXPECT_EQ(r.body.find("TOP-SECRET"), std::string::npos) << target;
  }
  // A NUL is refused by the path decoder before routing: still a clear 4xx.
  EXPECT_TRUE(IsProblem(http().get("/media/" + sha + ".png%00.txt", {bearer(me.token)}), 400));
  // Uppercase hex in the percent-encoding of a real name still names it.
  EXPECT_EQ(http().get("/media/" + sha + "%2Epng", {bearer(me.token)}).status, 200);
}

TEST_F(UploadsApi, UploadsPerUserAreRateLimited) {
  const auto me = member("spammer");
  const auto image = gif(1, 1);
  for (int i = 0; i < 60; ++i) ASSERT_LT(upload(image, "image/gif", {bearer(me.token)}).status, 300) << i;
  const auto r = upload(image, "image/gif", {bearer(me.token)});
  ASSERT_TRUE(IsProblem(r, 429)) << describe(r);
  EXPECT_TRUE(r.header("Retry-After"));
  // Garbage counts too: the limit is per attempt, so it also brakes a
  // client probing with bad bodies.
  EXPECT_TRUE(IsProblem(upload("junk", "image/gif", {bearer(me.token)}), 429));
  // Another user has a budget of their own.
  const auto other = member("quiet_one");
  EXPECT_EQ(upload(image, "image/gif", {bearer(other.token)}).status, 201);
}

TEST_F(UploadsApi, WhenStorageFailsNoRowIsWritten) {
  // The upload folder cannot be created (its parent is a regular file):
  // the request fails as a server error, and no row points at a missing file.
  TearDown();
  std::ofstream(root_.path() / "blocker") << "x";
  upload_dir_ = root_.path() / "blocker" / "media";
  set_up_api();

  const auto me = member("unlucky");
  const auto r = upload(png(1, 1), "image/png", {bearer(me.token)});
  EXPECT_TRUE(IsProblem(r, 500)) << describe(r);
  EXPECT_EQ(db().count("uploads"), 0);
}

TEST_F(UploadsApi, OwnedByIsTrueOnlyForTheUploadersExactUrl) {
  const auto ann = member("ann_own"), bob = member("bob_own");
  const auto image = webp_lossless(3, 3);
  const auto r = upload(image, "image/webp", {bearer(ann.token)});
  ASSERT_EQ(r.status, 201);
  const std::string url(r.object().at("url").as_string());
  auto owned = [&](const std::string& u, std::int64_t user) {
    bool result = false;
    db::with_pool(server().config(),
                  [&](db::Pool& pool) -> Task<void> { result = co_await uploads::owned_by(pool, u, user); });
    return result;
  };
  EXPECT_TRUE(owned(url, ann.user_id));
  EXPECT_FALSE(owned(url, bob.user_id));
  EXPECT_FALSE(owned(url, 0));
  const std::string sha = sha_of(image);
  EXPECT_FALSE(owned("/media/" + sha + ".png", ann.user_id)) << "same digest, other type";
  EXPECT_FALSE(owned("https://elsewhere.example" + url, ann.user_id));
  EXPECT_FALSE(owned(url + "?v=1", ann.user_id));
  EXPECT_FALSE(owned("/media/" + std::string(64, '1') + ".webp", ann.user_id));
  EXPECT_FALSE(owned("/media/x' OR '1'='1.webp", ann.user_id));
  EXPECT_FALSE(owned("", ann.user_id));
}

}  // namespace
}  // namespace agora::test
