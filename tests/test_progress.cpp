#include "tl_boost/progress.hpp"

#include <gtest/gtest.h>

namespace tl_boost {
namespace {

TEST(Progress, BarCountsAndEstimatesFromTheMeanUnitTime) {
  // 5 of 20 done in 192 s: 38.4 s a unit, 15 left -> 576 s.
  EXPECT_EQ(progress_text(5, 20, 192.0), "[#####---------------] 5/20 units, elapsed 3m12s, ETA 9m36s");
  EXPECT_EQ(progress_text(0, 20, 10.0), "[--------------------] 0/20 units, elapsed 0m10s, ETA unknown");
  EXPECT_EQ(progress_text(20, 20, 4000.0, 4), "[####] 20/20 units, elapsed 1h06m, ETA 0m00s");
  EXPECT_EQ(progress_text(1, 3, 60.0, 0), "1/3 units, elapsed 1m00s, ETA 2m00s");
}

TEST(Progress, UnitsFoundCompleteCountAsDoneButNotInTheEstimate) {
  // A resumed suite: 32 of 45 units were complete at the start; 2 more ran in 600 s, 300 s a unit,
  // 11 left -> 3300 s. Counting the 32 as run would have given 600 / 34 * 11 = 194 s.
  EXPECT_EQ(progress_text(34, 45, 600.0, 0, 32), "34/45 units, elapsed 10m00s, ETA 55m00s");
  EXPECT_EQ(progress_text(32, 45, 30.0, 0, 32), "32/45 units, elapsed 0m30s, ETA unknown");
  EXPECT_EQ(progress_text(45, 45, 30.0, 0, 45), "45/45 units, elapsed 0m30s, ETA 0m00s");
}

TEST(Progress, DurationsAboveAnHourShowHoursAndMinutes) {
  EXPECT_EQ(format_duration(59.9), "0m59s");
  EXPECT_EQ(format_duration(3599.0), "59m59s");
  EXPECT_EQ(format_duration(3600.0 * 26 + 61), "26h01m");
  EXPECT_EQ(format_duration(-3.0), "0m00s");
}

TEST(Progress, LiveLineRedrawsInPlaceAndPrintsFinishedUnitsAbove) {
  ::testing::internal::CaptureStderr();
  {
    SuiteProgress progress(2, 0, true);
    progress.unit_done("unit 0 (target scratch seed 0) done");
  }
  const std::string out = ::testing::internal::GetCapturedStderr();
  // Each redraw clears the line first; the finished unit gets a line of its own above the status.
  EXPECT_NE(out.find("\r\033[Kunit 0 (target scratch seed 0) done\n"), std::string::npos) << out;
  EXPECT_NE(out.find("\r\033[K[##########----------] 1/2 units"), std::string::npos) << out;
  EXPECT_EQ(out.back(), '\n');  // the last status line is ended when the suite is done
}

TEST(Progress, ResumedSuiteStartsFromTheUnitsFoundComplete) {
  ::testing::internal::CaptureStderr();
  {
    SuiteProgress progress(4, 2, true);
    progress.unit_done("unit 2 (target scratch seed 0) done");
  }
  const std::string out = ::testing::internal::GetCapturedStderr();
  // Counting starts from the 2 found complete: one more unit makes 3 of 4, not 1.
  EXPECT_NE(out.find("[###############-----] 3/4 units"), std::string::npos) << out;
  EXPECT_EQ(out.find("1/4 units"), std::string::npos) << out;
}

}  // namespace
}  // namespace tl_boost
