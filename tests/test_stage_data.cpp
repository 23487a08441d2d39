#include "tl_boost/stage_data.hpp"

#include <gtest/gtest.h>

#include "synthetic_data.hpp"
#include "tl_boost/protocol.hpp"
#include "tl_boost/protocol_plan.hpp"

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

TEST(StageData, ShuffledLabelsKeepEachLabelsCountInASeededOrder) {
  const auto labels = torch::arange(200, torch::kInt64).remainder(4);
  const auto shuffled = shuffled_labels(labels, 9);
  EXPECT_TRUE(torch::equal(torch::bincount(shuffled), torch::bincount(labels)));  // a permutation
  EXPECT_TRUE(torch::equal(shuffled_labels(labels, 9), shuffled));
  EXPECT_FALSE(torch::equal(shuffled, labels));
  EXPECT_FALSE(torch::equal(shuffled_labels(labels, 10), shuffled));
  // Far from the records' own labels: about a quarter agree by chance with four classes.
  EXPECT_LT(shuffled.eq(labels).sum().item<std::int64_t>(), 100);
}

// source_labels "shuffled": only the source stage's training labels, by the run's seed; its
// validation and test splits and the target stage keep their labels.
TEST(StageData, ASourceOnShuffledLabelsTrainsOnThemAndIsMeasuredOnTheTrueOnes) {
  const Cifar10 data = testing::synthetic_cifar10(400, 200);
  ExperimentConfig config;
  config.source_classes = {"airplane", "truck"};
  config.target_classes = {"cat", "dog"};
  ExperimentConfig shuffled = config;
  shuffled.source_labels = SourceLabels::kShuffled;
  const std::vector<StagePlan> plans = plan_stages(config);
  const StageData truth = stage_data_of(config, plans.front(), data, torch::kCPU);
  const StageData source = stage_data_of(shuffled, plans.front(), data, torch::kCPU);
  EXPECT_TRUE(torch::equal(source.train.images, truth.train.images));
  EXPECT_FALSE(torch::equal(source.train.labels, truth.train.labels));
  EXPECT_TRUE(torch::equal(torch::bincount(source.train.labels), torch::bincount(truth.train.labels)));
  EXPECT_TRUE(torch::equal(source.validation.labels, truth.validation.labels));
  EXPECT_TRUE(torch::equal(source.test.labels, truth.test.labels));
  EXPECT_TRUE(torch::equal(stage_data_of(shuffled, plans.back(), data, torch::kCPU).train.labels,
                           stage_data_of(config, plans.back(), data, torch::kCPU).train.labels));
  shuffled.seed = 1;
  EXPECT_FALSE(torch::equal(stage_data_of(shuffled, plans.front(), data, torch::kCPU).train.labels, source.train.labels));
}

// data.target_max_per_class: the target stage's records only, a subset of those it takes without.
TEST(StageData, TheTargetCapTitratesTheTargetStageAlone) {
  const Cifar10 data = testing::synthetic_cifar10(400, 200);
  ExperimentConfig config;
  config.source_classes = {"cat", "dog"};
  config.target_classes = {"cat", "dog"};
  ExperimentConfig titrated = config;
  titrated.data.target_max_per_class = 10;
  const std::vector<StagePlan> plans = plan_stages(config);
  const StageData full = stage_data_of(config, plans.back(), data, torch::kCPU);
  const StageData target = stage_data_of(titrated, plans.back(), data, torch::kCPU);
  EXPECT_EQ(target.train.size() + target.validation.size(), 20);
  EXPECT_EQ(full.train.size() + full.validation.size(), 80);
  EXPECT_EQ(stage_data_of(titrated, plans.front(), data, torch::kCPU).train.size(), full.train.size());
  EXPECT_EQ(probe_data_options(titrated).max_per_class, 0);
  titrated.data.max_per_class = 6;  // the smaller cap wins
  EXPECT_EQ(stage_data_options(titrated, Stage::kTarget).max_per_class, 6);
  EXPECT_EQ(stage_data_options(titrated, Stage::kSource).max_per_class, 6);
}

}  // namespace
}  // namespace tl_boost
