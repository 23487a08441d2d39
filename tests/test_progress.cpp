#include "tl_boost/progress.hpp"

#include <gtest/gtest.h>

namespace tl_boost {
namespace {

TEST(Progress, BarCountsTheUnitsAndSaysWhereTheEtaComesFrom) {
  EXPECT_EQ(progress_text(5, 20, 192.0, Eta{576.0, true}, 20),
            "[#####---------------] 5/20 units, elapsed 3m12s, ETA 9m36s");
  EXPECT_EQ(progress_text(0, 20, 10.0, std::nullopt, 20), "[--------------------] 0/20 units, elapsed 0m10s, ETA unknown");
  EXPECT_EQ(progress_text(0, 20, 60.0, Eta{19800.0, false}, 0), "0/20 units, elapsed 1m00s, ETA 5h30m (planned)");
  EXPECT_EQ(progress_text(20, 20, 4000.0, Eta{0.0, true}, 4), "[####] 20/20 units, elapsed 1h06m, ETA 0m00s");
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
    SuiteProgress progress({false, false}, true);
    progress.unit_done(0, "unit 0 (target scratch seed 0) done");
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
    SuiteProgress progress({true, true, false, false}, true);
    progress.unit_done(2, "unit 2 (target scratch seed 0) done");
  }
  const std::string out = ::testing::internal::GetCapturedStderr();
  // Counting starts from the 2 found complete: one more unit makes 3 of 4, not 1.
  EXPECT_NE(out.find("[###############-----] 3/4 units"), std::string::npos) << out;
  EXPECT_EQ(out.find("1/4 units"), std::string::npos) << out;
}

TEST(Progress, APlannedSuiteShowsAnEtaBeforeAnyUnitFinishes) {
  ::testing::internal::CaptureStderr();
  {
    // Two units of an hour each, one at a time: about 2h, by the plan alone.
    SuiteProgress progress({false, false}, true, ProgressPlan{{3600.0, 3600.0}, 1, 0.0});
    progress.unit_started(0);
  }
  const std::string out = ::testing::internal::GetCapturedStderr();
  // 2h00m, or a moment less once unit 0 runs.
  EXPECT_TRUE(out.find("0/2 units, elapsed 0m00s, ETA 2h00m (planned)") != std::string::npos ||
              out.find("0/2 units, elapsed 0m00s, ETA 1h59m (planned)") != std::string::npos)
      << out;
}

}  // namespace
}  // namespace tl_boost
