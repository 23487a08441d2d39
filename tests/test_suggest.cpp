#include "tl_boost/suggest.hpp"

#include <gtest/gtest.h>

namespace tl_boost {
namespace {

const std::vector<std::string> kCommands{"run", "suite", "report", "bench", "validate", "help"};

TEST(EditDistance, CountsInsertionsDeletionsAndSubstitutions) {
  EXPECT_EQ(edit_distance("run", "run"), 0u);
  EXPECT_EQ(edit_distance("", "run"), 3u);
  EXPECT_EQ(edit_distance("suit", "suite"), 1u);
  EXPECT_EQ(edit_distance("bemch", "bench"), 1u);
  EXPECT_EQ(edit_distance("rnu", "run"), 2u);  // a swapped pair is two substitutions
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
}

TEST(ClosestMatch, SuggestsTheNameAFewTyposAway) {
  EXPECT_EQ(closest_match("rnu", kCommands), "run");
  EXPECT_EQ(closest_match("suit", kCommands), "suite");
  EXPECT_EQ(closest_match("reprot", kCommands), "report");
  EXPECT_EQ(closest_match("valdate", kCommands), "validate");
  EXPECT_EQ(closest_match("train.l", {"lr", "momentum"}), std::nullopt);
  EXPECT_EQ(closest_match("l", {"lr", "momentum"}), "lr");
}

TEST(ClosestMatch, SuggestsNothingForAnUnrelatedWord) {
  EXPECT_EQ(closest_match("train", kCommands), std::nullopt);
  EXPECT_EQ(closest_match("xyz", kCommands), std::nullopt);
  EXPECT_EQ(closest_match("run", {}), std::nullopt);
}

TEST(ClosestMatch, PrefersTheNearestThenTheFirstOfEquals) {
  EXPECT_EQ(closest_match("rum", {"sum", "run"}), "sum");
  EXPECT_EQ(closest_match("runs", {"rxxs", "run"}), "run");
  EXPECT_EQ(closest_match("abcd", {"abxy"}, 1), std::nullopt);
  EXPECT_EQ(closest_match("abcd", {"abxy"}, 2), "abxy");
}

}  // namespace
}  // namespace tl_boost
