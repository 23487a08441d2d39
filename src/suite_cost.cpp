#include "tl_boost/suite_cost.hpp"

#include <algorithm>
#include <cstdint>

#include "tl_boost/protocol_plan.hpp"

namespace tl_boost {

namespace {

constexpr double kTrainRecordsPerClass = 5000;  // CIFAR-10's training records of a class
constexpr double kTestRecordsPerClass = 1000;

// Records of `classes` classes before the validation hold-out, `cap` of each at most (0: all).
double records(std::size_t classes, int cap) {
  const double per_class = cap > 0 ? std::min<double>(cap, kTrainRecordsPerClass) : kTrainRecordsPerClass;
  return per_class * static_cast<double>(classes);
}

// Of those, the ones trained on: the rest are held out for validation.
double training_records(const ExperimentConfig& c, std::size_t classes, int cap) {
  return records(classes, cap) * (1.0 - c.data.validation_fraction);
}

// The target stage's cap, which its landscape measures and interpolations share.
int target_cap(const ExperimentConfig& c) { return c.data.max_per_class_of(Stage::kTarget); }

// The test records of `classes` classes (data.max_test_per_class caps them).
double test_records(const ExperimentConfig& c, std::size_t classes) {
  const double per_class = c.data.max_test_per_class > 0
                               ? std::min<double>(c.data.max_test_per_class, kTestRecordsPerClass)
                               : kTestRecordsPerClass;
  return per_class * static_cast<double>(classes);
}

// A seeded subset of `count` of `n` images; 0 (or more than n): all of them, as seeded_subset.
double subset_of(std::int64_t count, double n) { return count > 0 ? std::min<double>(count, n) : n; }

// Per epoch a training pass and the eval-mode passes of the epoch's metrics (the training split or
// its train_eval_subset, and the validation split), then one test pass.
double stage_seconds(const ExperimentConfig& c, const StagePlan& stage, const CostRates& r) {
  const int cap = c.data.max_per_class_of(stage.stage);
  const double all = records(stage.classes.size(), cap);
  const double train = training_records(c, stage.classes.size(), cap);
  const double train_eval = subset_of(c.train.train_eval_subset, train);
  const double epoch = train / r.train_images_per_second + (train_eval + all - train) / r.eval_images_per_second;
  return stage.epochs * epoch + test_records(c, stage.classes.size()) / r.eval_images_per_second;
}

// A unit that trains `stage`: the process's setup and the stage.
UnitCost stage_unit_cost(const ExperimentConfig& config, const StagePlan& stage, const CostRates& rates) {
  UnitCost cost;
  cost.setup = rates.unit_setup_seconds;
  cost.training = stage_seconds(config, stage, rates);
  cost.epochs = stage.epochs;
  return cost;
}

}  // namespace

UnitCost source_unit_cost(const ExperimentConfig& config, const CostRates& rates) {
  return stage_unit_cost(config, plan_stages(config).front(), rates);
}

UnitCost target_unit_cost(const ExperimentConfig& config, const CostRates& rates) {
  const StagePlan target = plan_stages(config).back();
  UnitCost cost = stage_unit_cost(config, target, rates);
  if (!config.probe.classes.empty()) {
    int probes = 1;
    if (config.probe.references) probes += config.has_source_stage() ? 2 : 1;
    if (config.probe.conv1_only && config.transfer_layers == 1) ++probes;
    const double all = records(config.probe.classes.size(), config.data.max_per_class);
    const double train = training_records(config, config.probe.classes.size(), config.data.max_per_class);
    const double features = (all + test_records(config, config.probe.classes.size())) / rates.probe_feature_images_per_second;
    const double classifier = config.probe.epochs * train / rates.probe_classifier_images_per_second;
    cost.probes = probes * (features + classifier);
    cost.epochs += probes * config.probe.epochs;
  }
  if (config.landscape.sharpness) {
    const double subset = subset_of(config.landscape.sharpness_subset,
                                    training_records(config, target.classes.size(), target_cap(config)));
    cost.landscape = config.landscape.sharpness_iterations * subset / rates.hvp_images_per_second;
  }
  return cost;
}

double interpolation_seconds(const SuiteInterpolation& interpolation, const ExperimentConfig& b,
                             const CostRates& rates) {
  const double train = training_records(b, b.target_classes.size(), target_cap(b));
  const double images = subset_of(interpolation.subset, train) + test_records(b, b.target_classes.size());
  return interpolation.points * images / rates.eval_images_per_second;
}

}  // namespace tl_boost
