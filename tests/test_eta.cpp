#include "tl_boost/eta.hpp"

#include <gtest/gtest.h>

namespace tl_boost {
namespace {

UnitClock waiting(double estimate) { return {estimate, UnitState::kWaiting, 0.0}; }
UnitClock running(double estimate, double for_seconds) { return {estimate, UnitState::kRunning, for_seconds}; }
UnitClock done(double estimate, double took) { return {estimate, UnitState::kDone, took}; }

TEST(Eta, BeforeAnyUnitFinishesThePlanGivesTheTimeLeftJobsAtATime) {
  // Four units of 600 s planned, two at a time: 1200 s; then 100 s of interpolations.
  const auto eta = estimate_time_left({waiting(600), waiting(600), waiting(600), waiting(600)}, 2, 100);
  ASSERT_TRUE(eta);
  EXPECT_DOUBLE_EQ(eta->seconds, 1300);
  EXPECT_FALSE(eta->measured);
}

TEST(Eta, RunningUnitsCountDownFromTheFirstMinute) {
  // Two running for 60 s of their 600: 540 s each left, two waiting 600 s: 2280 s at 2 jobs.
  const auto eta = estimate_time_left({running(600, 60), running(600, 60), waiting(600), waiting(600)}, 2);
  ASSERT_TRUE(eta);
  EXPECT_DOUBLE_EQ(eta->seconds, 1140);
  // A unit past its plan counts nothing left, never less.
  EXPECT_DOUBLE_EQ(estimate_time_left({running(600, 900)}, 1)->seconds, 0);
}

TEST(Eta, FinishedUnitsScaleThePlanWeighedAgainstItByCount) {
  // One unit took twice its plan: scale (2 * 1 + 1 * 2) / (2 + 1) = 4/3 of the plan.
  const auto one = estimate_time_left({done(600, 1200), waiting(600), waiting(600)}, 1, 30);
  ASSERT_TRUE(one);
  EXPECT_TRUE(one->measured);
  EXPECT_DOUBLE_EQ(one->seconds, (1200.0 + 30.0) * 4.0 / 3.0);
  // Eight units at twice the plan: scale (2 + 8 * 2) / 10 = 1.8, nearing the measured 2.
  std::vector<UnitClock> units(8, done(100, 200));
  units.push_back(waiting(100));
  EXPECT_DOUBLE_EQ(estimate_time_left(units, 1)->seconds, 180);
}

TEST(Eta, UnitsOfDifferentPlannedCostsAreScaledByTheirOwnPlan) {
  // A source of 300 s took 300 s: scale 1; the targets left are priced at their own 900 s.
  const auto eta = estimate_time_left({done(300, 300), waiting(900), waiting(900)}, 2);
  EXPECT_DOUBLE_EQ(eta->seconds, 900);
}

TEST(Eta, FewerUnitsLeftThanJobsTakeAsLongAsTheLongest) {
  // 8 jobs, one 1000 s unit left: 1000 s, not 125.
  EXPECT_DOUBLE_EQ(estimate_time_left({waiting(1000), waiting(10)}, 8)->seconds, 1000);
}

TEST(Eta, WithoutAPlanUnitsCountAlikeFromTheFirstFinished) {
  EXPECT_FALSE(estimate_time_left({waiting(0), waiting(0), waiting(0)}, 1));
  EXPECT_FALSE(estimate_time_left({running(0, 60), waiting(0)}, 2));
  // 2 done in 300 s each (mean 300 s), 3 waiting, 1 job: 900 s; measured.
  const auto eta = estimate_time_left({done(0, 300), done(0, 300), waiting(0), waiting(0), waiting(0)}, 1);
  ASSERT_TRUE(eta);
  EXPECT_DOUBLE_EQ(eta->seconds, 900);
  EXPECT_TRUE(eta->measured);
  // A unit unpriced among priced ones: the plan cannot be trusted unit by unit.
  EXPECT_FALSE(estimate_time_left({waiting(600), waiting(0)}, 1));
}

TEST(Eta, NothingLeftIsZero) {
  EXPECT_DOUBLE_EQ(estimate_time_left({done(600, 500)}, 1)->seconds, 0);
  EXPECT_DOUBLE_EQ(estimate_time_left({}, 1)->seconds, 0);
}

}  // namespace
}  // namespace tl_boost
