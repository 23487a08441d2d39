#include "tl_boost/stats.hpp"

#include <cmath>

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

}  // namespace
}  // namespace tl_boost
