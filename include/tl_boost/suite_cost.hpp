#pragma once
// What a suite's work costs, from measured throughputs: each part a unit runs (its training stage
// with the per-epoch evaluation, the probes, the landscape measures) and each interpolation, scaled
// by its images, epochs and iterations. LibTorch-free: estimate_suite_cost (suite.hpp) measures the
// rates on the suite's own model, data and device.
#include "tl_boost/config.hpp"
#include "tl_boost/suite_plan.hpp"

namespace tl_boost {

/// Images per second of each kind of pass one unit makes, and a unit's fixed cost.
struct CostRates {
  double train_images_per_second = 0.0;       // SGD steps of the network
  double eval_images_per_second = 0.0;        // eval-mode forward passes (the epochs' metrics, tests)
  double probe_feature_images_per_second = 0.0;     // a probe's features, standardised, and its scores
  double probe_classifier_images_per_second = 0.0;  // an epoch of the probe's linear classifier
  double hvp_images_per_second = 0.0;         // Hessian-vector products of the loss (sharpness)
  double unit_setup_seconds = 0.0;            // reading the dataset and preparing a stage's images
};

/// Seconds of one unit, by part.
struct UnitCost {
  double setup = 0.0;
  double training = 0.0;   // the stage's epochs, their metrics and its test pass
  double probes = 0.0;     // every linear probe: features of the probe classes, then the classifier
  double landscape = 0.0;  // the sharpness at its most iterations (the distances cost nothing)
  int epochs = 0;          // trained: the stage's and the probe classifiers'
  double total() const { return setup + training + probes + landscape; }
};

/// A source unit: the source stage of `config`.
UnitCost source_unit_cost(const ExperimentConfig& config, const CostRates& rates);

/// A target unit: the target stage (with the source epochs too for compute_matched), then the
/// probes the config asks for (the final network; with probe.references the source network, where
/// there is one, and an untrained one; with probe.conv1_only at transfer_layers 1, conv1 alone) and
/// the sharpness, counted at landscape.sharpness_iterations (power iteration may stop sooner).
UnitCost target_unit_cost(const ExperimentConfig& config, const CostRates& rates);

/// One interpolation: `points` evaluations of `subset` training images and of the test images of
/// b's target classes.
double interpolation_seconds(const SuiteInterpolation& interpolation, const ExperimentConfig& b,
                             const CostRates& rates);

}  // namespace tl_boost
