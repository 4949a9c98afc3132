#pragma once
// The Unicode tables of ai/nfkc, generated into nfkc_data.cpp by
// tests/ai/gen-nfkc.mjs from the normalize() the reference tokenizer calls.
#include <cstddef>
#include <cstdint>

namespace agora::ai::nfkc_data {

// Every code point in [first, last] decomposes to the one code point
// target + (cp - first).
struct SingleRun {
  char32_t first, last, target;
};
// `cp` decomposes to kPool[offset .. offset + length).
struct Multi {
  char32_t cp;
  std::uint16_t offset;
  std::uint8_t length;
};
// Code points in [first, last] have the non-zero canonical combining class of
// this rank; ranks keep the classes' order, which is all NFKC uses.
struct ClassRun {
  char32_t first, last;
  std::uint8_t rank;
};
// Canonical composition: first + second -> composite.
struct Pair {
  char32_t first, second, composite;
};

extern const std::uint32_t kUnicodeMajor;
extern const SingleRun kSingles[];
extern const std::size_t kSinglesSize;
extern const Multi kMulti[];
extern const std::size_t kMultiSize;
extern const char32_t kPool[];
extern const ClassRun kClasses[];
extern const std::size_t kClassesSize;
extern const Pair kPairs[];
extern const std::size_t kPairsSize;

}  // namespace agora::ai::nfkc_data
