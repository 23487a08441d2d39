#include "tl_boost/schedule.hpp"

#include <gtest/gtest.h>

#include "tl_boost/error.hpp"

namespace tl_boost {
namespace {

TEST(Schedule, ConstantNeverChanges) {
  const LrSchedule s{ScheduleKind::kConstant, 0.05};
  EXPECT_DOUBLE_EQ(learning_rate_at(s, 0, 10), 0.05);
  EXPECT_DOUBLE_EQ(learning_rate_at(s, 9, 10), 0.05);
}

TEST(Schedule, StepDecaysEveryStepSizeEpochs) {
  const LrSchedule s{ScheduleKind::kStep, 0.1, 3, 0.5};
  EXPECT_DOUBLE_EQ(learning_rate_at(s, 0, 10), 0.1);
  EXPECT_DOUBLE_EQ(learning_rate_at(s, 2, 10), 0.1);
  EXPECT_DOUBLE_EQ(learning_rate_at(s, 3, 10), 0.05);
  EXPECT_DOUBLE_EQ(learning_rate_at(s, 6, 10), 0.025);
}

TEST(Schedule, CosineStartsAtBaseAndDecaysTowardsMin) {
  const LrSchedule s{ScheduleKind::kCosine, 0.1, 10, 0.1, 0.001};
  EXPECT_DOUBLE_EQ(learning_rate_at(s, 0, 10), 0.1);
  EXPECT_NEAR(learning_rate_at(s, 5, 10), 0.001 + 0.5 * 0.099, 1e-12);
  double previous = 1.0;
  for (int e = 0; e < 10; ++e) {
    const double lr = learning_rate_at(s, e, 10);
    EXPECT_LT(lr, previous);
    EXPECT_GT(lr, 0.001);
    previous = lr;
  }
}

TEST(Schedule, ParsesNames) {
  EXPECT_EQ(parse_schedule_kind("cosine"), ScheduleKind::kCosine);
  EXPECT_EQ(to_string(parse_schedule_kind("step")), "step");
  EXPECT_THROW(parse_schedule_kind("linear"), ConfigError);
}

}  // namespace
}  // namespace tl_boost
