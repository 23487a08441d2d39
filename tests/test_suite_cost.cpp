#include "tl_boost/suite_cost.hpp"

#include <gtest/gtest.h>

namespace tl_boost {
namespace {

// 4 classes: 20,000 records, 18,000 to train on and 2,000 held out; 4,000 test images.
ExperimentConfig four_classes(std::vector<std::string> source) {
  ExperimentConfig c;
  c.name = "t";
  c.source_classes = std::move(source);
  c.target_classes = {"horse", "automobile", "bird", "cat"};
  c.data.validation_fraction = 0.1;
  c.data.max_per_class = 0;
  c.train.source_epochs = 3;
  c.train.target_epochs = 4;
  c.train.train_eval_subset = 0;
  c.transfer_layers = 1;
  c.probe.classes = {};
  c.landscape.sharpness = false;
  return c;
}

CostRates rates() {
  CostRates r;
  r.train_images_per_second = 1000;
  r.eval_images_per_second = 2000;
  r.probe_feature_images_per_second = 2000;
  r.probe_classifier_images_per_second = 9000;
  r.hvp_images_per_second = 512;
  r.unit_setup_seconds = 5;
  return r;
}

TEST(SuiteCost, TargetStageCountsEachEpochsTrainingAndMetricsAndTheTestPass) {
  const UnitCost cost = target_unit_cost(four_classes({}), rates());
  // Per epoch 18,000 / 1,000 s of training, (18,000 + 2,000) / 2,000 s of metrics; 4,000 / 2,000 s of test.
  EXPECT_DOUBLE_EQ(cost.training, 4 * (18.0 + 10.0) + 2.0);
  EXPECT_DOUBLE_EQ(cost.setup, 5.0);
  // data.max_test_per_class caps the test pass: 4 × 250 records, 0.5 s.
  ExperimentConfig capped = four_classes({});
  capped.data.max_test_per_class = 250;
  EXPECT_DOUBLE_EQ(target_unit_cost(capped, rates()).training, 4 * (18.0 + 10.0) + 0.5);
  EXPECT_DOUBLE_EQ(cost.probes, 0.0);
  EXPECT_DOUBLE_EQ(cost.landscape, 0.0);
  EXPECT_EQ(cost.epochs, 4);
  EXPECT_DOUBLE_EQ(cost.total(), 5.0 + 114.0);
}

// data.target_max_per_class: the target stage trains on 4 × 900 records and evaluates 4 × 1,000;
// the source stage keeps every record.
TEST(SuiteCost, ATitratedTargetCostsItsOwnRecordsAndLeavesTheSourceAsItWas) {
  ExperimentConfig titrated = four_classes({"airplane", "truck", "ship", "deer"});
  titrated.data.target_max_per_class = 1000;
  // Per epoch 3,600 / 1,000 s of training, 4,000 / 2,000 s of metrics; then 2 s of test.
  EXPECT_DOUBLE_EQ(target_unit_cost(titrated, rates()).training, 4 * (3.6 + 2.0) + 2.0);
  EXPECT_DOUBLE_EQ(source_unit_cost(titrated, rates()).training,
                   source_unit_cost(four_classes({"airplane", "truck", "ship", "deer"}), rates()).training);
}

TEST(SuiteCost, TrainEvalSubsetCutsOnlyTheEpochMetrics) {
  ExperimentConfig c = four_classes({});
  c.train.train_eval_subset = 4000;
  EXPECT_DOUBLE_EQ(target_unit_cost(c, rates()).training, 4 * (18.0 + 3.0) + 2.0);
  c.train.train_eval_subset = 50000;  // more than the split: all of it
  EXPECT_DOUBLE_EQ(target_unit_cost(c, rates()).training, 4 * (18.0 + 10.0) + 2.0);
}

TEST(SuiteCost, MaxPerClassCapsTheRecords) {
  ExperimentConfig c = four_classes({});
  c.data.max_per_class = 500;  // 2,000 records: 1,800 to train on, 200 held out
  EXPECT_DOUBLE_EQ(target_unit_cost(c, rates()).training, 4 * (1.8 + 1.0) + 2.0);
}

TEST(SuiteCost, SourceUnitIsTheSourceStageAndComputeMatchedScratchTrainsBothStagesLength) {
  const UnitCost source = source_unit_cost(four_classes({"dog", "frog", "deer", "ship"}), rates());
  EXPECT_EQ(source.epochs, 3);
  EXPECT_DOUBLE_EQ(source.training, 3 * 28.0 + 2.0);
  ExperimentConfig matched = four_classes({});
  matched.compute_matched = true;
  const UnitCost cost = target_unit_cost(matched, rates());
  EXPECT_EQ(cost.epochs, 3 + 4);
  EXPECT_DOUBLE_EQ(cost.training, 7 * 28.0 + 2.0);
}

TEST(SuiteCost, EveryProbeTheConfigAsksForIsCounted) {
  // One probe: features of 20,000 + 4,000 images (12 s), then 10 epochs of the classifier on
  // 18,000 (20 s).
  constexpr double kOneProbe = 12.0 + 20.0;
  ExperimentConfig transfer = four_classes({"dog", "frog", "deer", "ship"});
  transfer.probe.classes = {"dog", "frog", "deer", "ship"};
  transfer.probe.epochs = 10;
  transfer.probe.references = true;
  transfer.probe.conv1_only = true;
  const UnitCost all = target_unit_cost(transfer, rates());
  EXPECT_DOUBLE_EQ(all.probes, 4 * kOneProbe);  // final network, source network, untrained network, conv1
  EXPECT_EQ(all.epochs, 4 + 4 * 10);
  ExperimentConfig scratch = transfer;
  scratch.source_classes = {};
  EXPECT_DOUBLE_EQ(target_unit_cost(scratch, rates()).probes, 3 * kOneProbe);  // no source network
  transfer.transfer_layers = 2;
  EXPECT_DOUBLE_EQ(target_unit_cost(transfer, rates()).probes, 3 * kOneProbe);  // conv1 alone only at n = 1
  transfer.probe.references = false;
  transfer.probe.conv1_only = false;
  EXPECT_DOUBLE_EQ(target_unit_cost(transfer, rates()).probes, kOneProbe);
}

TEST(SuiteCost, SharpnessCountsItsMostIterationsOverItsSubset) {
  ExperimentConfig c = four_classes({});
  c.landscape.sharpness = true;
  c.landscape.sharpness_iterations = 20;
  c.landscape.sharpness_subset = 1024;
  EXPECT_DOUBLE_EQ(target_unit_cost(c, rates()).landscape, 20 * 1024 / 512.0);
  c.landscape.sharpness_subset = 0;  // the whole training split
  EXPECT_DOUBLE_EQ(target_unit_cost(c, rates()).landscape, 20 * 18000 / 512.0);
  c.landscape.sharpness = false;
  c.landscape.distance = true;
  EXPECT_DOUBLE_EQ(target_unit_cost(c, rates()).landscape, 0.0);
}

TEST(SuiteCost, InterpolationEvaluatesEveryPointOnItsSubsetAndTheTestImages) {
  SuiteInterpolation interpolation;
  interpolation.points = 11;
  interpolation.subset = 2000;
  EXPECT_DOUBLE_EQ(interpolation_seconds(interpolation, four_classes({}), rates()), 11 * (2000 + 4000) / 2000.0);
  interpolation.subset = 0;
  EXPECT_DOUBLE_EQ(interpolation_seconds(interpolation, four_classes({}), rates()), 11 * (18000 + 4000) / 2000.0);
}

}  // namespace
}  // namespace tl_boost
