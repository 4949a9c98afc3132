#pragma once
// How every fuzz target reports a broken invariant: what broke (and, where it helps, the text that
// broke it, cut at 2,000 bytes) on stderr, then abort(), so that libFuzzer keeps the input as a
// reproducer and names the target itself.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string_view>

[[noreturn]] inline void fail(std::string_view what, std::string_view detail = {}) {
  (void)std::fprintf(stderr, "\ninvariant violated: %.*s\n", int(what.size()), what.data());
  if (!detail.empty())
    (void)std::fprintf(stderr, "%.*s\n", int(std::min<std::size_t>(detail.size(), 2000)), detail.data());
  (void)std::fflush(stderr);
  std::abort();
}

// A macro rather than a function so that `what` (often a built string) costs nothing unless it fails.
#define CHECK(cond, what)    \
  do {                       \
    if (!(cond)) fail(what); \
  } while (0)
