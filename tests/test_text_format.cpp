#include "tl_boost/text_format.hpp"

#include <gtest/gtest.h>

namespace tl_boost {
namespace {

TEST(TextFormat, FixedRoundsToTheDigitsAsked) {
  EXPECT_EQ(fixed(0.12345, 2), "0.12");
  EXPECT_EQ(fixed(-1.5, 0), "-2");
  EXPECT_EQ(fixed(2.0, 3), "2.000");
}

TEST(TextFormat, CountedIsSingularOnlyForOne) {
  EXPECT_EQ(counted(1, "pair"), "1 pair");
  EXPECT_EQ(counted(0, "pair"), "0 pairs");
  EXPECT_EQ(counted(9, "split"), "9 splits");
}

}  // namespace
}  // namespace tl_boost
