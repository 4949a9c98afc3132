// Regression tests for what fuzz/http_request_fuzz found in content/paging
// (the input of each is in fuzz/corpus/http_request_fuzz/, named in the test).
#include <gtest/gtest.h>

#include "content/paging.hpp"
#include "core/errors.hpp"

namespace agora::content {
namespace {

http::Request with_cursor(const std::vector<std::string>& fields) {
  http::Request req;
  req.query = "q=rust&cursor=" + encode_cursor(fields);
  return req;
}

// fuzz/corpus/http_request_fuzz/regression-search-cursor-real-underflow:
// GET /api/v1/search?q=rust&cursor=YzF8MWUtODh8NQ, the cursor "c1|1e-88|5".
// 1e-88 is a finite double well inside +/-FLT_MAX, so the float4 check let it
// through, but search/text_search.cpp casts the rank with $6::real, and
// PostgreSQL's real refuses a value that underflows to zero ("1e-88" is out
// of range for type real): a database error, the 500 a forged cursor must
// not cause. The float4 check must refuse what float4in refuses.
TEST(PagingFuzzRegression, Float4CursorFieldThatUnderflowsARealIsRefused) {
  EXPECT_FALSE(cursor_field_valid("1e-88", CursorField::float4));
  EXPECT_FALSE(cursor_field_valid("-1e-50", CursorField::float4));
  EXPECT_FALSE(cursor_field_valid("1e-300", CursorField::float4));
  try {
    typed_cursor_param(with_cursor({"1e-88", "5"}), {CursorField::float4, CursorField::id});
    ADD_FAILURE() << "a search cursor whose rank PostgreSQL cannot read as real was accepted";
  } catch (const Problem& p) {
    EXPECT_EQ(p.status(), 400);
  }
}

// What real does read stays accepted: zero, normal values down to the
// smallest normal real, and the largest finite one.
TEST(PagingFuzzRegression, Float4CursorFieldsThatARealHoldsStayAccepted) {
  for (const char* ok : {"0", "0.0", "-0", "0.0607927", "1e-30", "1.17549435e-38", "3.4028234e38"})
    EXPECT_TRUE(cursor_field_valid(ok, CursorField::float4)) << ok;
  EXPECT_EQ(typed_cursor_param(with_cursor({"0.0607927", "5"}), {CursorField::float4, CursorField::id}),
            (std::vector<std::string>{"0.0607927", "5"}));
}

}  // namespace
}  // namespace agora::content
