// ts_headline's marked text into runs.
#include "search/highlight.hpp"

#include <gtest/gtest.h>

namespace agora::search {
namespace {

std::string show(const std::vector<Run>& runs) {
  std::string out;
  for (const auto& r : runs) out += (r.match ? "[" : "(") + r.text + (r.match ? "]" : ")");
  return out;
}

TEST(HighlightRuns, SplitsAtTheMarkersAndDropsEmptyRuns) {
  EXPECT_EQ(show(runs_of("plain")), "(plain)");
  EXPECT_EQ(show(runs_of("")), "");
  EXPECT_EQ(show(runs_of("\x01run\x02 fast")), "[run]( fast)");
  EXPECT_EQ(show(runs_of("a \x01"
                         "b\x02 c \x01"
                         "d\x02")),
            "(a )[b]( c )[d]");
  // Adjacent matches (ts_headline marks word by word) become one run.
  EXPECT_EQ(show(runs_of("\x01"
                         "big\x02\x01 \x02\x01"
                         "dog\x02!")),
            "[big dog](!)");
  // Stray or unbalanced markers never lose text.
  EXPECT_EQ(show(runs_of("\x02"
                         "a\x01"
                         "b")),
            "(a)[b]");
  EXPECT_EQ(show(runs_of("\x01\x02")), "");
}

TEST(HighlightRuns, EllipsesWhereThePassagesWereCut) {
  const std::string whole = "One two three. Four five six. Seven eight nine.";
  auto cut = [&](const std::string& marked) {
    auto runs = runs_of(marked);
    mark_cuts(runs, whole);
    return show(runs);
  };
  EXPECT_EQ(cut(whole), "(" + whole + ")");
  EXPECT_EQ(cut("One \x01two\x02 three."), "(One )[two]( three. …)");
  EXPECT_EQ(cut("Four \x01"
                "five\x02 six."),
            "(… Four )[five]( six. …)");
  EXPECT_EQ(cut("\x01Seven\x02 eight nine."), "(… )[Seven]( eight nine.)");
  EXPECT_EQ(cut("One two … eight \x01nine\x02."), "(One two … eight )[nine](.)");
  EXPECT_EQ(cut(""), "");
}

}  // namespace
}  // namespace agora::search
