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

const std::vector<std::string> kSuiteFlags{"--seeds", "--splits", "--jobs", "--threads", "--device", "--out",
                                          "--set",   "--unit",   "--plan", "--data-dir", "--help"};

TEST(ClosestFlag, SuggestsTheCommandsFlagAFewTyposAwayWithOrWithoutAValue) {
  EXPECT_EQ(closest_flag("--seed", kSuiteFlags), "--seeds");
  EXPECT_EQ(closest_flag("--seeed", {"--seed", "--set", "--out"}), "--seed");
  EXPECT_EQ(closest_flag("--seeed=3", {"--seed", "--set", "--out"}), "--seed");
  EXPECT_EQ(closest_flag("--datadir", kSuiteFlags), "--data-dir");
  EXPECT_EQ(closest_flag("-jobs", kSuiteFlags), "--jobs");
  EXPECT_EQ(closest_flag("--splts=0-2", kSuiteFlags), "--splits");
}

TEST(ClosestFlag, SuggestsNothingForAnUnrelatedFlagOrAWordThatIsNoFlag) {
  EXPECT_EQ(closest_flag("--resume", kSuiteFlags), std::nullopt);
  EXPECT_EQ(closest_flag("--no-such-flag", kSuiteFlags), std::nullopt);
  EXPECT_EQ(closest_flag("seeds", kSuiteFlags), std::nullopt);
  EXPECT_EQ(closest_flag("--", kSuiteFlags), std::nullopt);
  EXPECT_EQ(closest_flag("", kSuiteFlags), std::nullopt);
}

TEST(UnknownFlagMessage, NamesTheFlagAndTheNearestFlagOfTheCommand) {
  const CommandFlags suite{"suite", kSuiteFlags};
  const std::vector<CommandFlags> others{{"run", {"--seed", "--resume", "--force"}}, {"bench", {"--resume", "--part"}}};
  EXPECT_EQ(unknown_flag_message("--seed", suite, others), "unknown flag '--seed' for 'suite'; did you mean '--seeds'?");
  EXPECT_EQ(unknown_flag_message("--splts=0-2", suite, others),
            "unknown flag '--splts' for 'suite'; did you mean '--splits'?");
  EXPECT_EQ(unknown_flag_message("--force", suite, others), "unknown flag '--force' for 'suite' ('run' takes it)");
  EXPECT_EQ(unknown_flag_message("--resume", suite, others),
            "unknown flag '--resume' for 'suite' ('run', 'bench' take it)");
  EXPECT_EQ(unknown_flag_message("--no-such-flag", suite, others), "unknown flag '--no-such-flag' for 'suite'");
  EXPECT_EQ(unknown_flag_message("--verison", {"", {"--version", "--quiet"}}, {}),
            "unknown flag '--verison'; did you mean '--version'?");
}

TEST(TypoAllowance, IsTwoEditsAndAThirdOfALongKey) {
  EXPECT_EQ(typo_allowance(1), 2u);
  EXPECT_EQ(typo_allowance(6), 2u);
  EXPECT_EQ(typo_allowance(12), 4u);
  EXPECT_EQ(closest_match("intrpolatoin", {"interpolation", "splits"}, typo_allowance(12)), "interpolation");
}

}  // namespace
}  // namespace tl_boost
