#include "tl_boost/runtime.hpp"

#include <gtest/gtest.h>

namespace tl_boost {
namespace {

TEST(Runtime, ThreadCountIsEveryCoreForZeroAndAtMostFourPerCore) {
  EXPECT_EQ(thread_count_for(0, 16).threads, 16);
  EXPECT_EQ(thread_count_for(0, 0).threads, 1);  // unknown hardware: one
  EXPECT_EQ(thread_count_for(3, 16).threads, 3);
  EXPECT_EQ(thread_count_for(64, 16).threads, 64);
  EXPECT_FALSE(thread_count_for(64, 16).capped);
  const ThreadCount capped = thread_count_for(1024, 16);
  EXPECT_EQ(capped.threads, 64);
  EXPECT_TRUE(capped.capped);
  EXPECT_EQ(thread_count_for(5, 0).threads, 4);
}

}  // namespace
}  // namespace tl_boost
