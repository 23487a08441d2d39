#include "tl_boost/protocol_plan.hpp"

#include <gtest/gtest.h>

#include "tl_boost/config.hpp"

namespace tl_boost {
namespace {

ExperimentConfig config_with_source(std::vector<std::string> source) {
  ExperimentConfig c;
  c.name = "t";
  c.source_classes = std::move(source);
  c.target_classes = {"horse", "automobile", "bird", "cat"};
  c.train.source_epochs = 3;
  c.train.target_epochs = 4;
  return c;
}

TEST(ProtocolPlan, ScratchHasOnlyATargetStage) {
  const auto stages = plan_stages(config_with_source({}));
  ASSERT_EQ(stages.size(), 1u);
  EXPECT_EQ(stages[0].stage, Stage::kTarget);
  EXPECT_EQ(stages[0].transferred_layers, 0);
  EXPECT_EQ(stages[0].epochs, 4);
}

// He et al. 2019: scratch given the compute of source + target stages; the sum is taken from
// the epoch counts themselves, so a suite's override of either keeps it matched.
TEST(ProtocolPlan, ComputeMatchedScratchTrainsSourcePlusTargetEpochs) {
  auto c = config_with_source({});
  c.compute_matched = true;
  const auto stages = plan_stages(c);
  ASSERT_EQ(stages.size(), 1u);
  EXPECT_EQ(stages[0].epochs, 3 + 4);
  EXPECT_EQ(stages[0].init_seed, plan_stages(config_with_source({}))[0].init_seed);
  c.train.source_epochs = 10;
  EXPECT_EQ(plan_stages(c)[0].epochs, 10 + 4);
}

TEST(ProtocolPlan, TransferProtocolsDifferOnlyInParameters) {
  auto c = config_with_source({"airplane", "truck", "ship", "deer"});
  c.transfer_layers = 2;
  c.freeze_transferred = true;
  const auto stages = plan_stages(c);
  ASSERT_EQ(stages.size(), 2u);
  EXPECT_EQ(stages[0].stage, Stage::kSource);
  EXPECT_EQ(stages[0].classes, c.source_classes);
  EXPECT_EQ(stages[0].epochs, 3);
  EXPECT_EQ(stages[1].classes, c.target_classes);
  EXPECT_EQ(stages[1].transferred_layers, 2);
  EXPECT_TRUE(stages[1].freeze_transferred);
  EXPECT_NE(stages[0].init_seed, stages[1].init_seed);
}

TEST(ProtocolPlan, SeedsDependOnTheRunSeedNotTheProtocol) {
  const auto transferred = plan_stages(config_with_source({"airplane", "truck"}));
  const auto scratch = plan_stages(config_with_source({}));
  EXPECT_EQ(transferred[1].init_seed, scratch[0].init_seed);  // paired initialisation of the target net
  auto other_seed = config_with_source({"airplane", "truck"});
  other_seed.seed = 1;
  EXPECT_NE(plan_stages(other_seed)[0].init_seed, transferred[0].init_seed);
}

}  // namespace
}  // namespace tl_boost
