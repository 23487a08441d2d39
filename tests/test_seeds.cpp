#include "tl_boost/seeds.hpp"

#include <algorithm>
#include <set>

#include <gtest/gtest.h>

#include "tl_boost/error.hpp"

namespace tl_boost {
namespace {

TEST(Seeds, SplitMix64MatchesReferenceOutput) {
  // First output of Vigna's reference splitmix64.c seeded with 0 (https://prng.di.unimi.it/splitmix64.c).
  EXPECT_EQ(splitmix64(0), 0xE220A8397B1DCDAFULL);
  Rng rng(0);
  EXPECT_EQ(rng.next(), 0xE220A8397B1DCDAFULL);
  EXPECT_EQ(rng.next(), 0x6E789E6AA1B965F4ULL);
}

TEST(Seeds, Fnv1a64MatchesThePublishedTestVectors) {
  // From the FNV reference test suite (http://www.isthe.com/chongo/tech/comp/fnv/).
  EXPECT_EQ(fnv1a64(""), 0xCBF29CE484222325ULL);
  EXPECT_EQ(fnv1a64("a"), 0xAF63DC4C8601EC8CULL);
  EXPECT_EQ(fnv1a64("foobar"), 0x85944171F73967E8ULL);
}

TEST(Seeds, DeriveSeedSeparatesPurposesAndIndices) {
  EXPECT_EQ(derive_seed(7, "source"), derive_seed(7, "source"));
  EXPECT_NE(derive_seed(7, "source"), derive_seed(7, "target"));
  EXPECT_NE(derive_seed(7, "source"), derive_seed(8, "source"));
  EXPECT_NE(derive_seed(7, "holdout", 1), derive_seed(7, "holdout", 2));
}

TEST(Seeds, ShuffleIsASeededPermutation) {
  const auto a = shuffled_range(1000, 42);
  const auto b = shuffled_range(1000, 42);
  const auto c = shuffled_range(1000, 43);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  auto sorted = a;
  std::sort(sorted.begin(), sorted.end());
  for (std::int64_t i = 0; i < 1000; ++i) ASSERT_EQ(sorted[i], i);
  EXPECT_FALSE(std::is_sorted(a.begin(), a.end()));
}

TEST(Seeds, BelowStaysInRangeAndCoversIt) {
  Rng rng(1);
  std::vector<int> counts(6, 0);
  for (int i = 0; i < 6000; ++i) {
    const auto v = rng.below(6);
    ASSERT_LT(v, 6u);
    ++counts[v];
  }
  for (int c : counts) EXPECT_NEAR(c, 1000, 150);
}

TEST(Seeds, ParseSeedList) {
  EXPECT_EQ(parse_seed_list("0-4"), (std::vector<std::uint64_t>{0, 1, 2, 3, 4}));
  EXPECT_EQ(parse_seed_list("3"), (std::vector<std::uint64_t>{3}));
  EXPECT_EQ(parse_seed_list("5-6,0,2,5"), (std::vector<std::uint64_t>{0, 2, 5, 6}));
  EXPECT_THROW(parse_seed_list(""), ConfigError);
  EXPECT_THROW(parse_seed_list("4-2"), ConfigError);
  EXPECT_THROW(parse_seed_list("a"), ConfigError);
  EXPECT_THROW(parse_seed_list("1,"), ConfigError);
  EXPECT_THROW(parse_seed_list("-3"), ConfigError);
}

}  // namespace
}  // namespace tl_boost
