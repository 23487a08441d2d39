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

// Neyshabur et al. 2020's twin: the same source stage, another initialisation and batch order of
// the target stage; a different offset draws yet another, and none is another seed's.
TEST(ProtocolPlan, ATargetSeedOffsetReseedsTheTargetStageOnly) {
  const auto original = plan_stages(config_with_source({"airplane", "truck"}));
  auto c = config_with_source({"airplane", "truck"});
  c.target_seed_offset = 1;
  const auto twin = plan_stages(c);
  EXPECT_EQ(twin[0].init_seed, original[0].init_seed);
  EXPECT_EQ(twin[0].shuffle_seed, original[0].shuffle_seed);
  EXPECT_NE(twin[1].init_seed, original[1].init_seed);
  EXPECT_NE(twin[1].shuffle_seed, original[1].shuffle_seed);
  c.target_seed_offset = 2;
  EXPECT_NE(plan_stages(c)[1].init_seed, twin[1].init_seed);
  auto next_seed = config_with_source({"airplane", "truck"});
  next_seed.seed = 1;
  EXPECT_NE(plan_stages(next_seed)[1].init_seed, twin[1].init_seed);
  auto scratch = config_with_source({});
  scratch.target_seed_offset = 1;
  EXPECT_EQ(plan_stages(scratch)[0].init_seed, twin[1].init_seed);  // the twins still pair by seed
}

}  // namespace
}  // namespace tl_boost
