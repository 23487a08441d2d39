#include "tl_boost/stats.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

#include <gtest/gtest.h>

namespace tl_boost {
namespace {

// Welch's t-test examples 1 and 2 from the Wikipedia article "Welch's t-test" (section
// "Examples"), which reports t, the Welch–Satterthwaite degrees of freedom and the two-sided p to
// the digits compared here.
const std::vector<double> kExample1A{27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1,
                                     21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4};
const std::vector<double> kExample1B{27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0,
                                     24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4};
const std::vector<double> kExample2A{17.2, 20.9, 22.6, 18.1, 21.7, 21.4, 23.5, 24.2, 14.7, 21.8};
const std::vector<double> kExample2B{21.5, 22.8, 21.0, 23.0, 21.6, 23.6, 22.5, 20.7, 23.4, 21.8,
                                     20.7, 21.7, 21.5, 22.5, 23.6, 21.5, 22.5, 23.5, 21.5, 21.8};

TEST(Stats, WelchMatchesPublishedExamples) {
  const TTest e1 = welch_t_test(kExample1A, kExample1B);
  EXPECT_NEAR(e1.t, -2.46, 0.005);
  EXPECT_NEAR(e1.df, 25.0, 0.05);
  EXPECT_NEAR(e1.p, 0.021, 0.0005);
  const TTest e2 = welch_t_test(kExample2A, kExample2B);
  EXPECT_NEAR(e2.t, -1.57, 0.005);
  EXPECT_NEAR(e2.df, 9.9, 0.05);
  EXPECT_NEAR(e2.p, 0.149, 0.0005);
  EXPECT_EQ(e1.name, "Welch's t-test");
}

TEST(Stats, CriticalValuesMatchTables) {
  // Two-sided 95 % critical values of Student's t (any statistics table).
  EXPECT_NEAR(t_critical(0.95, 4), 2.776, 0.0005);
  EXPECT_NEAR(t_critical(0.95, 9), 2.262, 0.0005);
  EXPECT_NEAR(t_critical(0.99, 10), 3.169, 0.0005);
}

TEST(Stats, SummaryInterval) {
  const SampleSummary s = summarize({1.0, 2.0, 3.0, 4.0, 5.0});
  EXPECT_DOUBLE_EQ(s.mean, 3.0);
  EXPECT_NEAR(s.sd, 1.5811388, 1e-6);
  EXPECT_NEAR(s.ci_high - s.mean, 2.776445 * 1.5811388 / std::sqrt(5.0), 1e-5);
  EXPECT_NEAR(s.mean - s.ci_low, s.ci_high - s.mean, 1e-12);
  EXPECT_EQ(summarize({7.0}).ci_low, 7.0);
}

TEST(Stats, PairedTest) {
  // Differences 1, 2, 3, 4, 5: mean 3, sd 1.5811, t = 3 / (1.5811 / sqrt 5) = 4.2426, df 4.
  const TTest t = paired_t_test({2, 4, 6, 8, 10}, {1, 2, 3, 4, 5});
  EXPECT_NEAR(t.t, 4.2426, 1e-4);
  EXPECT_DOUBLE_EQ(t.df, 4.0);
  EXPECT_NEAR(t.p, 0.01324, 1e-4);
  EXPECT_NEAR(t.cohens_d, 3.0 / 1.5811388, 1e-6);
  EXPECT_EQ(t.name, "paired t-test");
}

TEST(Stats, CohensDUsesThePooledSd) {
  // Means 2 and 4, both sd 1: d = -2.
  EXPECT_NEAR(welch_t_test({1, 2, 3}, {3, 4, 5}).cohens_d, -2.0, 1e-12);
}

TEST(Stats, VerdictsReachEveryOutcome) {
  const double alpha = 0.05;
  const std::vector<double> high{0.80, 0.81, 0.82, 0.80, 0.81};
  const std::vector<double> low{0.70, 0.71, 0.72, 0.70, 0.71};
  const std::vector<double> noisy{0.60, 0.95, 0.70, 0.90, 0.75};
  EXPECT_EQ(verdict_greater(welch_t_test(high, low), alpha), Verdict::kSupported);
  EXPECT_EQ(verdict_greater(welch_t_test(low, high), alpha), Verdict::kContradicted);
  EXPECT_EQ(verdict_greater(welch_t_test(high, noisy), alpha), Verdict::kInconclusive);

  const std::vector<double> same{0.800, 0.801, 0.802, 0.800, 0.801};
  const std::vector<double> close{0.801, 0.800, 0.802, 0.801, 0.800};
  const TTest eq = welch_t_test(same, close);
  EXPECT_EQ(verdict_equivalent(eq, tost(eq, 0.01), alpha), Verdict::kSupported);
  const TTest far = welch_t_test(high, low);
  EXPECT_EQ(verdict_equivalent(far, tost(far, 0.01), alpha), Verdict::kContradicted);
  const TTest unsure = welch_t_test(same, noisy);
  EXPECT_EQ(verdict_equivalent(unsure, tost(unsure, 0.01), alpha), Verdict::kInconclusive);
  EXPECT_EQ(to_string(Verdict::kInconclusive), "inconclusive");
}

TEST(Stats, TostPValuesAreOneSided) {
  const TTest t = welch_t_test({1.0, 1.1, 0.9, 1.0}, {1.0, 1.05, 0.95, 1.0});
  const EquivalenceTest e = tost(t, 0.5);
  EXPECT_LT(e.p, 0.001);
  EXPECT_DOUBLE_EQ(e.p, std::max(e.p_lower, e.p_upper));
  EXPECT_GT(tost(t, 0.001).p, 0.4);
}

TEST(Stats, TooFewValuesAreRejected) {
  EXPECT_THROW(welch_t_test({1.0}, {1.0, 2.0}), std::invalid_argument);
  EXPECT_THROW(paired_t_test({1.0, 2.0}, {1.0}), std::invalid_argument);
}

// Student's sleep data (Cushny and Peebles via "Student" 1908; R's `sleep` data set): extra hours
// of sleep of 10 patients under drug 1 and drug 2. R 4.x,
//   t.test(extra ~ group, data = sleep, paired = TRUE)
// reports t = -4.0621, df = 9, p-value = 0.002833 (two-sided), 0.001416 with alternative = "less"
// and 0.9986 with alternative = "greater"; mean difference -1.58.
const std::vector<double> kSleepDrug1{0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0};
const std::vector<double> kSleepDrug2{1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4};

TEST(Stats, OneSidedPMatchesRsPairedSleepExample) {
  const TTest t = paired_t_test(kSleepDrug1, kSleepDrug2);
  EXPECT_NEAR(t.t, -4.0621, 5e-5);
  EXPECT_DOUBLE_EQ(t.df, 9.0);
  EXPECT_NEAR(t.difference, -1.58, 1e-12);
  EXPECT_NEAR(t.p, 0.002833, 5e-7);
  EXPECT_NEAR(p_value(t, Alternative::kTwoSided), 0.002833, 5e-7);
  EXPECT_NEAR(p_value(t, Alternative::kLess), 0.001416, 5e-7);
  EXPECT_NEAR(p_value(t, Alternative::kGreater), 0.9986, 5e-5);
  // The two one-sided p-values of one test add up to 1; the smaller one is half the two-sided p.
  EXPECT_NEAR(p_value(t, Alternative::kLess) + p_value(t, Alternative::kGreater), 1.0, 1e-12);
  EXPECT_NEAR(p_value(t, Alternative::kLess), t.p / 2, 1e-12);
  EXPECT_EQ(to_string(Alternative::kLess), "less");
  EXPECT_EQ(to_string(Alternative::kGreater), "greater");
  EXPECT_EQ(to_string(Alternative::kTwoSided), "two-sided");
}

TEST(Stats, OneSidedPOfAZeroStandardError) {
  // Identical differences: t = +inf, so "greater" is certain and "less" impossible.
  const TTest up = paired_t_test({2, 3, 4}, {1, 2, 3});
  EXPECT_EQ(p_value(up, Alternative::kGreater), 0.0);
  EXPECT_EQ(p_value(up, Alternative::kLess), 1.0);
  // No difference at all: t is nan and no alternative is supported.
  const TTest none = paired_t_test({1, 2, 3}, {1, 2, 3});
  EXPECT_EQ(p_value(none, Alternative::kGreater), 1.0);
  EXPECT_EQ(p_value(none, Alternative::kLess), 1.0);
}

TEST(Stats, PairedEffectSizeIsNamedDz) {
  // d_z of the sleep data: mean difference -1.58 over the sd of the differences 1.229995.
  const TTest paired = paired_t_test(kSleepDrug1, kSleepDrug2);
  EXPECT_EQ(effect_size_name(paired), "d_z");
  EXPECT_NEAR(paired.cohens_d, -1.58 / 1.2299955, 1e-6);
  EXPECT_EQ(paired.name, "paired t-test");  // report.json keeps its test names
  const TTest welch = welch_t_test(kExample1A, kExample1B);
  EXPECT_EQ(effect_size_name(welch), "Cohen's d");
  EXPECT_EQ(welch.name, "Welch's t-test");
  // A test rebuilt from its name alone (as the report does from report.json) answers the same.
  TTest rebuilt;
  rebuilt.name = "paired t-test";
  EXPECT_EQ(effect_size_name(rebuilt), "d_z");
}

TEST(Stats, HolmMatchesRsPAdjustExample) {
  // R: p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm") = 0.03 0.06 0.06 0.02.
  const auto adjusted = holm_adjust({0.01, 0.04, 0.03, 0.005});
  ASSERT_EQ(adjusted.size(), 4u);
  EXPECT_NEAR(adjusted[0], 0.03, 1e-12);
  EXPECT_NEAR(adjusted[1], 0.06, 1e-12);
  EXPECT_NEAR(adjusted[2], 0.06, 1e-12);
  EXPECT_NEAR(adjusted[3], 0.02, 1e-12);
}

TEST(Stats, HolmMatchesWikipediaExample) {
  // Wikipedia, "Holm–Bonferroni method": four hypotheses with p = 0.01, 0.03, 0.04, 0.005 at
  // alpha 0.05; hypotheses one and four are rejected, two and three are not (0.03 > 0.05 / 2 stops
  // the procedure).
  const auto adjusted = holm_adjust({0.01, 0.03, 0.04, 0.005});
  const double alpha = 0.05;
  EXPECT_LT(adjusted[0], alpha);
  EXPECT_GE(adjusted[1], alpha);
  EXPECT_GE(adjusted[2], alpha);
  EXPECT_LT(adjusted[3], alpha);
  // 0.04 alone would pass its own step (0.04 < 0.05 / 1), but the procedure stopped before it.
  EXPECT_NEAR(adjusted[2], 0.06, 1e-12);
}

TEST(Stats, HolmEdgeCases) {
  EXPECT_TRUE(holm_adjust({}).empty());
  EXPECT_EQ(holm_adjust({0.03}), std::vector<double>{0.03});  // one test: nothing to adjust
  // Ties get the same adjusted value whatever their order: 3 x 0.01 for both.
  const auto tied = holm_adjust({0.02, 0.01, 0.01});
  EXPECT_NEAR(tied[1], 0.03, 1e-12);
  EXPECT_NEAR(tied[2], 0.03, 1e-12);
  EXPECT_NEAR(tied[0], 0.03, 1e-12);  // max(0.03, 1 x 0.02)
  // Capped at 1, also for an input p above 1.
  const auto capped = holm_adjust({0.6, 0.5, 1.5});
  EXPECT_EQ(capped[0], 1.0);
  EXPECT_EQ(capped[1], 1.0);
  EXPECT_EQ(capped[2], 1.0);
  EXPECT_THROW(holm_adjust({0.1, std::numeric_limits<double>::quiet_NaN()}), std::invalid_argument);
  EXPECT_THROW(holm_adjust({-0.1}), std::invalid_argument);
}

// Montgomery, Design and Analysis of Experiments (random-effects model, the looms example): four
// looms, four strength measurements each. The book's ANOVA gives MS_treatments = 29.73,
// MS_E = 1.90, sigma^2_tau = (29.73 - 1.90) / 4 = 6.96 and sigma^2 = 1.90, so 6.96 / 8.86 = 0.79
// of the variance lies between looms; the grand mean is 1527 / 16 = 95.44.
// Stage 2 by hand: the loom means are 97.5, 91.5, 95.75, 97.0; their mean 95.4375, their sd
// sqrt(22.296875 / 3) = 2.726223, standard error 2.726223 / 2 = 1.363111; t(0.975, 3) = 3.182446,
// so the 95 % interval is 95.4375 ± 4.338029 = [91.099471, 99.775529] and t = 70.0144.
const std::vector<std::vector<double>> kLooms{{98, 97, 99, 96}, {91, 90, 93, 92}, {96, 95, 97, 95}, {95, 96, 99, 98}};

TEST(Stats, TwoStageVarianceComponentsMatchMontgomeryLooms) {
  const SplitLevelEstimate e = two_stage_estimate(kLooms);
  ASSERT_TRUE(e.has_variance_components);
  EXPECT_EQ(e.splits, 4u);
  EXPECT_EQ(e.observations, 16u);
  EXPECT_NEAR(e.ms_between, 29.73, 0.005);
  EXPECT_NEAR(e.ms_within, 1.90, 0.005);
  EXPECT_DOUBLE_EQ(e.n0, 4.0);  // balanced: n0 is the group size
  EXPECT_NEAR(e.variance_between, 6.96, 0.005);
  EXPECT_NEAR(e.variance_within, 1.90, 0.005);
  EXPECT_NEAR(e.between_share, 0.79, 0.005);
  EXPECT_NEAR(e.grand_mean, 95.44, 0.005);
}

TEST(Stats, TwoStageIntervalIsATestOverSplitMeans) {
  const SplitLevelEstimate e = two_stage_estimate(kLooms);
  ASSERT_TRUE(e.has_test);
  ASSERT_EQ(e.per_split.size(), 4u);
  EXPECT_DOUBLE_EQ(e.per_split[0].mean, 97.5);
  EXPECT_DOUBLE_EQ(e.per_split[1].mean, 91.5);
  EXPECT_DOUBLE_EQ(e.per_split[2].mean, 95.75);
  EXPECT_DOUBLE_EQ(e.per_split[3].mean, 97.0);
  EXPECT_EQ(e.per_split[0].n, 4u);
  EXPECT_DOUBLE_EQ(e.mean, 95.4375);
  EXPECT_NEAR(e.sd_of_split_means, 2.726223, 1e-6);
  EXPECT_NEAR(e.standard_error, 1.363111, 1e-6);
  EXPECT_DOUBLE_EQ(e.df, 3.0);  // k - 1, not N - 1: the split is the unit
  EXPECT_NEAR(e.ci_low, 91.099471, 1e-5);
  EXPECT_NEAR(e.ci_high, 99.775529, 1e-5);
  EXPECT_NEAR(e.t, 70.0144, 1e-4);
  EXPECT_LT(e.p, 1e-5);
  // A split's own interval is the t interval over its seeds (forest plot).
  const SampleSummary loom2 = summarize(kLooms[1]);
  EXPECT_DOUBLE_EQ(e.per_split[1].ci_low, loom2.ci_low);
  EXPECT_DOUBLE_EQ(e.per_split[1].ci_high, loom2.ci_high);
}

TEST(Stats, TwoStageOneSidedPFollowsTheAlternative) {
  // Split means 1, 2, 3: mean 2, sd 1, se 1 / sqrt 3, t = 2 sqrt 3 = 3.4641 with 2 df.
  const std::vector<std::vector<double>> d{{0.5, 1.5}, {2.0}, {3.0, 2.5, 3.5}};
  const auto two = two_stage_estimate(d);
  const auto greater = two_stage_estimate(d, 0.95, Alternative::kGreater);
  const auto less = two_stage_estimate(d, 0.95, Alternative::kLess);
  EXPECT_NEAR(two.t, 3.4641016, 1e-6);
  EXPECT_NEAR(greater.p, two.p / 2, 1e-12);
  EXPECT_NEAR(less.p, 1 - two.p / 2, 1e-12);
  EXPECT_EQ(greater.alternative, Alternative::kGreater);
  EXPECT_DOUBLE_EQ(greater.ci_low, two.ci_low);  // the interval stays two-sided
}

TEST(Stats, TwoStageUnbalancedSplitsUseN0) {
  // Splits {1, 2, 3}, {5}, {4, 6}: N = 6, k = 3, split means 2, 5, 5, grand mean 21 / 6 = 3.5.
  // SSB = 3 (1.5)^2 + 1 (1.5)^2 + 2 (1.5)^2 = 13.5, MSB = 6.75; SSW = 2 + 0 + 2 = 4, MSW = 4 / 3;
  // n0 = (6 - (9 + 1 + 4) / 6) / 2 = 11 / 6; sigma^2_b = (6.75 - 4 / 3) / (11 / 6) = 65 / 22.
  const SplitLevelEstimate e = two_stage_estimate({{1, 2, 3}, {5}, {4, 6}});
  ASSERT_TRUE(e.has_variance_components);
  EXPECT_NEAR(e.grand_mean, 3.5, 1e-12);
  EXPECT_NEAR(e.mean, 4.0, 1e-12);  // each split weighs the same in stage 2
  EXPECT_NEAR(e.ms_between, 6.75, 1e-12);
  EXPECT_NEAR(e.ms_within, 4.0 / 3.0, 1e-12);
  EXPECT_NEAR(e.n0, 11.0 / 6.0, 1e-12);
  EXPECT_NEAR(e.variance_between, 65.0 / 22.0, 1e-12);
  EXPECT_NEAR(e.between_share, (65.0 / 22.0) / (65.0 / 22.0 + 4.0 / 3.0), 1e-12);
  // The split with one seed: its interval collapses to its value.
  EXPECT_EQ(e.per_split[1].n, 1u);
  EXPECT_EQ(e.per_split[1].ci_low, 5.0);
  EXPECT_EQ(e.per_split[1].ci_high, 5.0);
}

TEST(Stats, TwoStageBetweenShareIsZeroWhenSplitsAgreeBeyondNoise) {
  // MSB < MSW: the between variance is clamped at 0, not negative.
  const SplitLevelEstimate e = two_stage_estimate({{0, 10}, {1, 9}, {2, 8}});
  ASSERT_TRUE(e.has_variance_components);
  EXPECT_EQ(e.variance_between, 0.0);
  EXPECT_EQ(e.between_share, 0.0);
  EXPECT_GT(e.variance_within, 0.0);
}

TEST(Stats, TwoStageWithOneSplitHasNoTest) {
  const SplitLevelEstimate e = two_stage_estimate({{0.01, 0.03, 0.02}});
  EXPECT_FALSE(e.has_test);
  EXPECT_FALSE(e.has_variance_components);
  EXPECT_EQ(e.splits, 1u);
  EXPECT_NEAR(e.mean, 0.02, 1e-12);
  EXPECT_EQ(e.ci_low, e.mean);
  EXPECT_EQ(e.ci_high, e.mean);
  EXPECT_EQ(e.p, 1.0);
  EXPECT_EQ(e.t, 0.0);
  for (double v : {e.t, e.p, e.df, e.standard_error, e.sd_of_split_means, e.between_share, e.ms_within}) {
    EXPECT_TRUE(std::isfinite(v));  // JSON-safe
  }
  // The split's own interval still comes from its seeds.
  EXPECT_LT(e.per_split[0].ci_low, 0.01);
}

TEST(Stats, TwoStageWithOneSeedPerSplitHasATestButNoVarianceComponents) {
  const SplitLevelEstimate e = two_stage_estimate({{0.01}, {0.03}, {0.02}});
  EXPECT_TRUE(e.has_test);
  EXPECT_FALSE(e.has_variance_components);  // no within-split degree of freedom
  EXPECT_DOUBLE_EQ(e.df, 2.0);
  EXPECT_TRUE(std::isfinite(e.between_share));
}

TEST(Stats, TwoStageWithIdenticalSplitMeans) {
  const auto zero = two_stage_estimate({{-1, 1}, {0}});
  EXPECT_EQ(zero.t, 0.0);
  EXPECT_EQ(zero.p, 1.0);
  const auto positive = two_stage_estimate({{1, 3}, {2}}, 0.95, Alternative::kGreater);
  EXPECT_EQ(positive.p, 0.0);
  EXPECT_TRUE(std::isinf(positive.t));
}

TEST(Stats, TwoStageRejectsEmptyInput) {
  EXPECT_THROW(two_stage_estimate({}), std::invalid_argument);
  EXPECT_THROW(two_stage_estimate({{1.0}, {}}), std::invalid_argument);
}

TEST(Stats, PairedEstimateOfOneSplitTestsThePairsAndOfSeveralTheSplitMeans) {
  const PairedEstimate one = paired_estimate({{}, {0.01, 0.03, 0.02}});  // an empty split is skipped
  EXPECT_EQ(one.splits, 1u);
  EXPECT_EQ(one.pairs, 3u);
  EXPECT_NEAR(one.mean, 0.02, 1e-12);
  EXPECT_NEAR(one.standard_error, 0.01 / std::sqrt(3.0), 1e-12);
  EXPECT_DOUBLE_EQ(one.df, 2.0);
  EXPECT_NEAR(one.p, p_value(2 * std::sqrt(3.0), 2, Alternative::kTwoSided), 1e-9);
  const std::vector<std::vector<double>> splits = {{0.01, 0.03}, {0.02}, {0.05, 0.04, 0.06}};
  const PairedEstimate several = paired_estimate(splits, Alternative::kGreater);
  const SplitLevelEstimate two_stage = two_stage_estimate(splits, 0.95, Alternative::kGreater);
  EXPECT_EQ(several.splits, 3u);
  EXPECT_EQ(several.pairs, 6u);
  EXPECT_DOUBLE_EQ(several.mean, two_stage.mean);
  EXPECT_DOUBLE_EQ(several.df, 2.0);
  EXPECT_DOUBLE_EQ(several.p, two_stage.p);
  EXPECT_FALSE(paired_estimate({{0.01}}).has_test);  // one pair tests nothing
  EXPECT_THROW(paired_estimate({{}}), std::invalid_argument);
}

}  // namespace
}  // namespace tl_boost
