// COPY text format as the seed writes it: escapes, NULLs, timestamps.
#include <gtest/gtest.h>

#include "app/seed_libpq.hpp"

namespace agora::app::seeding {
namespace {

TEST(SeedCopyBuffer, FieldsAreTabSeparatedAndEscaped) {
  CopyBuffer b;
  b.field(std::int64_t(-42)).field("a\tb\nc\\d\re").null().field("").end_row();
  b.field(std::int64_t(7)).end_row();
  EXPECT_EQ(b.data(), "-42\ta\\tb\\nc\\\\d\\re\t\\N\t\n7\n");
}

TEST(SeedCopyBuffer, TimestampsAreUtcWithMicroseconds) {
  auto ts = [](std::int64_t us) {
    CopyBuffer b;
    b.timestamp(us);
    return b.data();
  };
  EXPECT_EQ(ts(0), "1970-01-01 00:00:00.000000+00");
  EXPECT_EQ(ts(1'700'000'000'123'456), "2023-11-14 22:13:20.123456+00");
  EXPECT_EQ(ts(951'782'400'000'001), "2000-02-29 00:00:00.000001+00") << "leap day";
  EXPECT_EQ(ts(4'102'444'799'999'999), "2099-12-31 23:59:59.999999+00");
  EXPECT_EQ(ts(-1), "1969-12-31 23:59:59.999999+00");
}

}  // namespace
}  // namespace agora::app::seeding
