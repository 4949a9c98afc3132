#include "content/paging.hpp"

#include <gtest/gtest.h>

#include "core/errors.hpp"

namespace agora::content {
namespace {

http::Request with_cursor(const std::vector<std::string>& fields) {
  http::Request req;
  req.query = "cursor=" + encode_cursor(fields);
  return req;
}

int status_of(const std::vector<std::string>& fields, std::initializer_list<CursorField> types) {
  try {
    typed_cursor_param(with_cursor(fields), types);
  } catch (const Problem& p) {
    return p.status();
  }
  return 200;
}

// Issue 10: a decimal or out-of-range number where an integer is expected
// gave a 500 on every paginated route (the cast failed in SQL).
TEST(HostileCursor, EachFieldIsCheckedToItsExactType) {
  using F = CursorField;
  for (const char* bad : {"1.5", "1e3", "-1", "+1", "9223372036854775808", "0x10", " 1", "1 ", "", "nan", "١"})
    EXPECT_FALSE(cursor_field_valid(bad, F::id)) << bad;
  for (const char* ok : {"0", "1", "9223372036854775807"}) EXPECT_TRUE(cursor_field_valid(ok, F::id)) << ok;
  for (const char* bad : {"2147483648", "-2147483649", "1.0", "1e2"}) EXPECT_FALSE(cursor_field_valid(bad, F::int32));
  for (const char* ok : {"-2147483648", "2147483647", "0", "-5"}) EXPECT_TRUE(cursor_field_valid(ok, F::int32));
  for (const char* bad : {"9007199254740993", "-9007199254740993", "1.5"})
    EXPECT_FALSE(cursor_field_valid(bad, F::micros));
  EXPECT_TRUE(cursor_field_valid("1796083200000000", F::micros));
  for (const char* bad : {"inf", "-inf", "nan", "1e309", "1e-400", "0x1p3", "1,5", "1e"})
    EXPECT_FALSE(cursor_field_valid(bad, F::float8)) << bad;
  for (const char* ok : {"0", "-3.25", "1.2345678901234567e+01", "1e300"})
    EXPECT_TRUE(cursor_field_valid(ok, F::float8));
  EXPECT_FALSE(cursor_field_valid("1e39", F::float4));
}

TEST(HostileCursor, AForgedCursorIsA400NeverAPassThrough) {
  using F = CursorField;
  EXPECT_EQ(status_of({"7", "12"}, {F::int32, F::id}), 200);
  EXPECT_EQ(status_of({"7.5", "12"}, {F::int32, F::id}), 400);
  EXPECT_EQ(status_of({"7", "12.0"}, {F::int32, F::id}), 400);
  EXPECT_EQ(status_of({"99999999999", "12"}, {F::int32, F::id}), 400);
  EXPECT_EQ(status_of({"7"}, {F::int32, F::id}), 400);  // wrong number of fields
  EXPECT_EQ(status_of({"1e400", "1"}, {F::float8, F::id}), 400);
}

}  // namespace
}  // namespace agora::content
