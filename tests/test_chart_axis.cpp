#include "tl_boost/report/chart_axis.hpp"

#include <gtest/gtest.h>

namespace tl_boost {
namespace {

std::vector<std::string> labels(const ChartAxis& axis) {
  std::vector<std::string> out;
  for (const double t : axis.ticks) out.push_back(axis.label(t));
  return out;
}

TEST(ChartAxis, TicksAreRoundAndEncloseTheData) {
  // Test accuracies 0.810..0.862: (0.052 / 5 = 0.0104) -> steps of 0.02.
  const ChartAxis a = nice_axis(0.8099, 0.8616, 6);
  EXPECT_EQ(labels(a), (std::vector<std::string>{"0.80", "0.82", "0.84", "0.86", "0.88"}));
  EXPECT_DOUBLE_EQ(a.lo, a.ticks.front());
  EXPECT_DOUBLE_EQ(a.hi, a.ticks.back());
  // Accuracies 0.5..1.0 end exactly on ticks.
  EXPECT_EQ(labels(nice_axis(0.5, 1.0, 6)), (std::vector<std::string>{"0.5", "0.6", "0.7", "0.8", "0.9", "1.0"}));
}

TEST(ChartAxis, NonNegativeDataGetsNoNegativeTick) {
  // A training loss falling to 0.004: the axis starts at 0, not at a padded -0.03.
  const ChartAxis loss = nice_axis(0.0038, 0.66, 6);
  EXPECT_EQ(labels(loss), (std::vector<std::string>{"0.0", "0.2", "0.4", "0.6", "0.8"}));
  EXPECT_EQ(nice_axis(0.0, 0.0).ticks.front(), 0.0);
}

TEST(ChartAxis, NegativeRangesAndSingleValues) {
  // -0.03..0.05 in at most 5 ticks: steps of 0.01 and 0.02 need more, so 0.05.
  EXPECT_EQ(labels(nice_axis(-0.03, 0.05, 5)), (std::vector<std::string>{"-0.05", "0.00", "0.05"}));
  // One value: an axis around it, labelled finely enough to tell the ticks apart.
  const ChartAxis one = nice_axis(0.85, 0.85);
  EXPECT_EQ(labels(one), (std::vector<std::string>{"0.840", "0.845", "0.850", "0.855", "0.860"}));
  // Reversed bounds are the same range.
  EXPECT_EQ(labels(nice_axis(0.66, 0.0038)), labels(nice_axis(0.0038, 0.66)));
}

}  // namespace
}  // namespace tl_boost
