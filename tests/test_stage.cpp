#include "tl_boost/stage.hpp"

#include <gtest/gtest.h>

namespace tl_boost {
namespace {

TEST(Stage, EveryStageParsesBackFromTheNameItIsWrittenAs) {
  EXPECT_EQ(to_string(Stage::kSource), "source");
  EXPECT_EQ(to_string(Stage::kTarget), "target");
  for (const Stage stage : kStages) EXPECT_EQ(parse_stage(to_string(stage)), stage);
}

TEST(Stage, AnyOtherNameIsNoStage) {
  for (const char* name : {"", "Source", "target ", "last", "probe"}) EXPECT_EQ(parse_stage(name), std::nullopt) << name;
}

}  // namespace
}  // namespace tl_boost
