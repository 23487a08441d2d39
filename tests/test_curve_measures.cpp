#include "tl_boost/report/curve_measures.hpp"

#include <cmath>
#include <stdexcept>

#include <gtest/gtest.h>

namespace tl_boost {
namespace {

// A curve whose training loss halves each epoch from `start`, train accuracy rising by `step`.
Curve halving(double start, int epochs, double acc0 = 0.5, double step = 0.1, double val_offset = 0.1) {
  Curve c;
  double loss = start;
  for (int e = 1; e <= epochs; ++e, loss /= 2) {
    const double acc = std::min(1.0, acc0 + step * (e - 1));
    c.push_back({e, loss, acc, 2 * loss, acc - val_offset});
  }
  return c;
}

TEST(CurveMeasures, FirstEpochReachingALossIsTheFirstAtOrBelowIt) {
  const Curve c = halving(1.0, 5);  // 1, 0.5, 0.25, 0.125, 0.0625
  EXPECT_EQ(first_epoch_reaching_loss(c, 0.5), 2);
  EXPECT_EQ(first_epoch_reaching_loss(c, 0.2), 4);
  EXPECT_EQ(first_epoch_reaching_loss(c, 2.0), 1);
  EXPECT_FALSE(first_epoch_reaching_loss(c, 0.05).has_value());  // not reached
}

TEST(CurveMeasures, FirstPointReachingAnAccuracyCarriesItsValidationFigures) {
  const Curve c = halving(1.0, 6, 0.5, 0.1, 0.2);  // train acc 0.5 .. 1.0
  const auto p = first_point_reaching_accuracy(c, 0.9);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->epoch, 5);
  EXPECT_NEAR(p->val_acc, 0.7, 1e-12);
  EXPECT_FALSE(first_point_reaching_accuracy(halving(1.0, 3), 0.9).has_value());
}

TEST(CurveMeasures, ValidationAccuracyIsInterpolatedInLogLossAtTheCrossing) {
  // Epoch 2: loss 0.5, val 0.5; epoch 3: loss 0.25, val 0.6. sqrt(0.5 * 0.25) lies halfway in log.
  const Curve c = halving(1.0, 4);
  EXPECT_NEAR(*val_acc_at_train_loss(c, std::sqrt(0.125)), 0.55, 1e-12);
  EXPECT_NEAR(*val_acc_at_train_loss(c, 0.25), 0.6, 1e-12);
  EXPECT_NEAR(*val_acc_at_train_loss(c, 3.0), 0.4, 1e-12);  // reached at the first epoch
  EXPECT_FALSE(val_acc_at_train_loss(c, 0.01).has_value());
}

TEST(CurveMeasures, CommonTrainingLossIsTheLowestBothReach) {
  EXPECT_DOUBLE_EQ(*common_train_loss(halving(1.0, 4), halving(1.0, 6)), 0.125);
  EXPECT_FALSE(common_train_loss({}, halving(1.0, 2)).has_value());
}

TEST(CurveMeasures, BarrierIsTheLargestRiseAboveTheChordAndZeroWhenConvex) {
  EXPECT_NEAR(interpolation_barrier({0, 0.25, 0.5, 0.75, 1}, {1.0, 1.5, 2.0, 1.0, 0.0}), 2.0 - 0.5, 1e-12);
  EXPECT_DOUBLE_EQ(interpolation_barrier({0, 0.5, 1}, {1.0, 0.2, 0.5}), 0.0);
  EXPECT_THROW(interpolation_barrier({0}, {1.0}), std::invalid_argument);
  EXPECT_THROW(interpolation_barrier({0, 1}, {1.0}), std::invalid_argument);
}

TEST(CurveMeasures, LeastSquaresRecoversAKnownLineAndItsStandardErrors) {
  // y = 1 + 2x + e with residuals ±0.1 alternating: coefficients exact to the e's projection.
  std::vector<std::vector<double>> x;
  std::vector<double> y;
  for (int i = 0; i < 6; ++i) {
    x.push_back({1.0, static_cast<double>(i)});
    y.push_back(1 + 2 * i);
  }
  const auto exact = ordinary_least_squares(x, y);
  ASSERT_TRUE(exact.has_value());
  EXPECT_NEAR((*exact)[0].estimate, 1.0, 1e-12);
  EXPECT_NEAR((*exact)[1].estimate, 2.0, 1e-12);
  EXPECT_NEAR((*exact)[1].standard_error, 0.0, 1e-9);
  EXPECT_FALSE(ordinary_least_squares({{1, 0}, {1, 1}}, {0, 1}).has_value());  // no residual df
  EXPECT_FALSE(ordinary_least_squares({{1, 1}, {1, 1}, {1, 1}}, {0, 1, 2}).has_value());  // singular
  // A textbook fit: x 1..5, y 2, 4, 5, 4, 5 → slope 0.6, intercept 2.2, se(slope) = sqrt(2.4/3/10).
  const auto fit = ordinary_least_squares({{1, 1}, {1, 2}, {1, 3}, {1, 4}, {1, 5}}, {2, 4, 5, 4, 5});
  ASSERT_TRUE(fit.has_value());
  EXPECT_NEAR((*fit)[1].estimate, 0.6, 1e-12);
  EXPECT_NEAR((*fit)[0].estimate, 2.2, 1e-12);
  EXPECT_NEAR((*fit)[1].standard_error, std::sqrt(2.4 / 3 / 10), 1e-12);
  EXPECT_DOUBLE_EQ((*fit)[1].df, 3.0);
  EXPECT_LT((*fit)[1].ci_low, 0.6);
  EXPECT_GT((*fit)[1].ci_high, 0.6);
}

TEST(CurveMeasures, AncovaFindsTheOffsetOfThePairedDifferencesWhereTheirLossesMatch) {
  // Test accuracy falls with log loss the same way for both; a sits 0.02 above at every loss but
  // reaches lower losses, so the raw mean difference mixes the two. Units: the pairs (one split).
  std::vector<AncovaPair> pairs;
  const double noise[] = {0.001, -0.001, 0.0005, -0.0005, 0.0};
  for (int i = 0; i < 5; ++i) {
    const double d = -0.2 * (i + 1);  // log loss of a − b
    pairs.push_back({"", d, -0.03 * d + 0.02 + noise[i]});
  }
  const auto a = paired_ancova(pairs, {});
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->pairs, 5u);
  EXPECT_EQ(a->units, 5u);
  EXPECT_EQ(a->splits, 0u);
  EXPECT_NEAR(a->protocol.estimate, 0.02, 2e-3);
  EXPECT_NEAR(a->log_train_loss.estimate, -0.03, 2e-3);
  EXPECT_DOUBLE_EQ(a->protocol.df, 3.0);
  EXPECT_LT(a->protocol.p, 0.05);
}

TEST(CurveMeasures, WithSeveralSplitsTheAncovaUnitIsTheSplitMean) {
  // Four splits of three pairs: the regression runs over 4 split means (df 2), not 12 pairs.
  std::vector<AncovaPair> pairs;
  const std::vector<std::string> splits = {"s1", "s2", "s3", "s4"};
  for (std::size_t s = 0; s < splits.size(); ++s) {
    for (int i = 0; i < 3; ++i) {
      const double d = -0.1 * static_cast<double>(s + 1) + 0.01 * i, n = (s + i) % 2 ? 0.001 : -0.001;
      pairs.push_back({splits[s], d, 0.02 - 0.05 * d + n});
    }
  }
  const auto a = paired_ancova(pairs, splits);
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->splits, 4u);
  EXPECT_EQ(a->units, 4u);
  EXPECT_EQ(a->pairs, 12u);
  EXPECT_DOUBLE_EQ(a->protocol.df, 2.0);
  EXPECT_NEAR(a->protocol.estimate, 0.02, 3e-3);
  EXPECT_FALSE(paired_ancova({pairs[0], pairs[3]}, splits).has_value());  // 2 units: nothing left to test
}

TEST(CurveMeasures, PairedLogLossDifferenceAtEveryEpochAndItsArea) {
  // a's loss is half of b's at every epoch: log difference −log 2 at each of 4 epochs.
  std::vector<CurvePair> pairs;
  for (std::uint64_t seed = 1; seed <= 3; ++seed) {
    const double wobble = 1.0 + 0.01 * static_cast<double>(seed);
    pairs.push_back({"", seed, halving(0.5 * wobble, 4), halving(1.0 * wobble, 4)});
  }
  const CurveComparison c = compare_curves("a", "b", pairs, {});
  ASSERT_EQ(c.log_loss.size(), 4u);
  for (const auto& e : c.log_loss) {
    EXPECT_NEAR(e.log_loss.mean, -std::log(2.0), 1e-12);
    EXPECT_EQ(e.log_loss.pairs, 3u);
  }
  ASSERT_TRUE(c.log_loss_area.has_value());
  EXPECT_NEAR(c.log_loss_area->mean, -4 * std::log(2.0), 1e-12);
  EXPECT_LT(c.log_loss_area->p, 0.05);
}

TEST(CurveMeasures, RunsNotReachingALevelAreExcludedAndCounted) {
  // Seed 1's b never reaches a loss of 0.1 in 3 epochs (1, 0.5, 0.25); the others do.
  std::vector<CurvePair> pairs = {{"", 1, halving(0.4, 5), halving(1.0, 3)},
                                  {"", 2, halving(0.4, 5), halving(0.4, 5)},
                                  {"", 3, halving(0.2, 5), halving(0.4, 5)}};
  const CurveComparison c = compare_curves("a", "b", pairs, {});
  const LossReach& r = c.reach[2];
  ASSERT_DOUBLE_EQ(r.loss, 0.1);
  EXPECT_FALSE(r.epochs_b[0].has_value());
  EXPECT_EQ(r.epochs_a[0], 3);
  EXPECT_EQ(r.excluded, 1u);
  ASSERT_TRUE(r.difference.has_value());
  EXPECT_EQ(r.difference->pairs, 2u);
  EXPECT_NEAR(r.difference->mean, (0.0 + -1.0) / 2, 1e-12);
}

TEST(CurveMeasures, MatchedFitComparesAtTheFirstEpochEachRunReachesTheAccuracy) {
  // a reaches 0.9 at epoch 3 (step 0.2) with gap 0.05; b at epoch 5 (step 0.1) with gap 0.15.
  std::vector<CurvePair> pairs;
  for (std::uint64_t seed = 1; seed <= 3; ++seed) {
    const double n = 0.001 * static_cast<double>(seed);
    pairs.push_back({"", seed, halving(1.0, 6, 0.5, 0.2, 0.05 + n), halving(1.0, 6, 0.5, 0.1, 0.15 + n)});
  }
  const CurveComparison c = compare_curves("a", "b", pairs, {});
  ASSERT_EQ(c.matched_fit.size(), 4u);  // 0.90, 0.95, 0.99, final
  const MatchedFit& at90 = c.matched_fit[0];
  EXPECT_EQ(at90.pairs, 3u);
  EXPECT_EQ(at90.excluded, 0u);
  EXPECT_NEAR(at90.gap->mean, -0.10, 1e-12);
  EXPECT_NEAR(at90.val_acc->mean, (0.9 - 0.05) - (0.9 - 0.15), 1e-12);
  const MatchedFit& at99 = c.matched_fit[2];  // b's accuracy stops at 1.0 at epoch 6: 0.5 + 0.5 reaches it
  EXPECT_EQ(at99.pairs + at99.excluded, 3u);
  EXPECT_FALSE(c.matched_fit[3].accuracy.has_value());
  EXPECT_EQ(c.matched_fit[3].pairs, 3u);
}

TEST(CurveMeasures, SeveralSplitsMakeTheSplitTheUnitOfReplication) {
  std::vector<CurvePair> pairs;
  for (const std::string split : {"s1", "s2", "s3"}) {
    for (std::uint64_t seed = 1; seed <= 2; ++seed) {
      pairs.push_back({split, seed, halving(0.5 + 0.01 * static_cast<double>(seed), 3), halving(1.0, 3)});
    }
  }
  const CurveComparison c = compare_curves("a", "b", pairs, {"s1", "s2", "s3"});
  ASSERT_TRUE(c.log_loss_area.has_value());
  EXPECT_EQ(c.log_loss_area->splits, 3u);
  EXPECT_EQ(c.log_loss_area->pairs, 6u);
  EXPECT_DOUBLE_EQ(c.log_loss_area->df, 2.0);
}

TEST(CurveMeasures, ValidationAccuracyAtTheCommonLossComparesBothRunsAtOneLoss) {
  // Both reach 0.125; a's val acc there 0.6 (epoch 3 of a curve from 0.5), b's 0.5 (epoch 4 from 1.0).
  std::vector<CurvePair> pairs;
  for (std::uint64_t seed = 1; seed <= 2; ++seed) pairs.push_back({"", seed, halving(0.5, 3), halving(1.0, 4)});
  const CurveComparison c = compare_curves("a", "b", pairs, {});
  ASSERT_TRUE(c.val_acc_at_common_loss.has_value());
  EXPECT_NEAR(c.val_acc_at_common_loss->mean, (0.7 - 0.1) - (0.8 - 0.1), 1e-12);
}

}  // namespace
}  // namespace tl_boost
