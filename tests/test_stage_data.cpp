#include "tl_boost/stage_data.hpp"

#include <gtest/gtest.h>

#include "synthetic_data.hpp"

namespace tl_boost {
namespace {

TEST(StageData, SelectsAndRelabelsTheStageClasses) {
  const Cifar10 data = testing::synthetic_cifar10(400, 200);
  const StageData stage = make_stage_data(data, {"horse", "airplane"}, {0.25, 0, 7}, torch::kCPU);
  EXPECT_EQ(stage.train.size(), 60);       // 40 per class, 25 % held out
  EXPECT_EQ(stage.validation.size(), 20);
  EXPECT_EQ(stage.test.size(), 40);        // every test record of the two classes
  EXPECT_EQ(stage.train.images.sizes(), (std::vector<std::int64_t>{60, 3, 32, 32}));
  EXPECT_EQ(stage.train.images.dtype(), torch::kFloat32);
  // horse (CIFAR label 7) becomes 0, airplane (0) becomes 1.
  EXPECT_EQ(stage.train.labels.eq(0).sum().item<std::int64_t>(), 30);
  EXPECT_EQ(stage.train.labels.eq(1).sum().item<std::int64_t>(), 30);
  EXPECT_EQ(stage.test.labels.max().item<std::int64_t>(), 1);
  // horse images have the bright band at rows 21..23 in every channel.
  const auto horses = stage.test.images.index_select(0, stage.test.labels.eq(0).nonzero().squeeze(1));
  const auto planes = stage.test.images.index_select(0, stage.test.labels.eq(1).nonzero().squeeze(1));
  EXPECT_GT(horses.narrow(2, 21, 3).mean().item<float>(), planes.narrow(2, 21, 3).mean().item<float>() + 1.0f);
}

TEST(StageData, NormalisesWithTheTrainingSplitStatistics) {
  const Cifar10 data = testing::synthetic_cifar10(400, 200);
  const StageData stage = make_stage_data(data, {"cat", "dog", "frog"}, {0.1, 0, 0}, torch::kCPU);
  const auto mean = stage.train.images.mean({0, 2, 3});
  const auto std = stage.train.images.std({0, 2, 3});
  for (int c = 0; c < 3; ++c) {
    EXPECT_NEAR(mean[c].item<float>(), 0.0f, 1e-4f);
    EXPECT_NEAR(std[c].item<float>(), 1.0f, 1e-3f);
    EXPECT_GT(stage.mean[c], 0.0f);
    EXPECT_LT(stage.mean[c], 1.0f);
  }
}

TEST(StageData, ChannelsLastHoldsTheSameValuesInNhwcOrder) {
  const Cifar10 data = testing::synthetic_cifar10(400, 200);
  StageDataOptions nchw{0.1, 0, 3};
  nchw.channels_last = false;
  StageDataOptions nhwc = nchw;
  nhwc.channels_last = true;
  const StageData a = make_stage_data(data, {"cat", "dog"}, nchw, torch::kCPU);
  const StageData b = make_stage_data(data, {"cat", "dog"}, nhwc, torch::kCPU);
  EXPECT_TRUE(a.train.images.is_contiguous());
  EXPECT_TRUE(b.train.images.is_contiguous(torch::MemoryFormat::ChannelsLast));
  EXPECT_FALSE(b.train.images.is_contiguous());
  EXPECT_EQ(b.train.images.stride(1), 1);  // channels adjacent in memory
  EXPECT_TRUE(torch::equal(a.train.images, b.train.images));
  EXPECT_TRUE(torch::equal(a.test.images, b.test.images));
  EXPECT_TRUE(torch::equal(a.train.labels, b.train.labels));
}

TEST(StageData, MaxPerClassTakesASubset) {
  const Cifar10 data = testing::synthetic_cifar10(400, 200);
  const StageData stage = make_stage_data(data, {"cat", "dog"}, {0.1, 10, 0}, torch::kCPU);
  EXPECT_EQ(stage.train.size() + stage.validation.size(), 20);
  EXPECT_EQ(stage.validation.size(), 2);
}

}  // namespace
}  // namespace tl_boost
