#pragma once
// What training and evaluation measure: plain numbers, no tensors, no formatting.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tl_boost/protocol_plan.hpp"

namespace tl_boost {

struct Evaluation {
  double loss = 0.0;      // mean cross-entropy
  double accuracy = 0.0;  // fraction 0..1
  std::int64_t count = 0;
};

/// One epoch of one stage. train_* are measured on the training split in eval mode after the
/// epoch (not averaged during it), so train - validation gaps compare like with like.
struct EpochMetrics {
  int epoch = 0;  // 1-based
  double train_loss = 0.0;
  double train_acc = 0.0;
  double val_loss = 0.0;
  double val_acc = 0.0;
  double lr = 0.0;
  double seconds = 0.0;  // wall time of the epoch, evaluation included
};

struct StageResult {
  StagePlan plan;
  std::vector<EpochMetrics> epochs;
  Evaluation test;           // evaluated once, after the last epoch
  std::int64_t train_size = 0;
  std::int64_t validation_size = 0;
  double seconds = 0.0;      // wall time of the stage, data preparation included

  const EpochMetrics& final_epoch() const { return epochs.back(); }
  /// The epoch with the highest validation accuracy (the earliest on ties).
  const EpochMetrics& best_epoch() const;
};

/// The scores of one probe's classifier on the probe task's splits.
struct ProbeScores {
  Evaluation train;
  Evaluation validation;
  Evaluation test;
};

/// A linear probe of the final network's conv features on another class set (probe.hpp).
struct ProbeResult {
  std::vector<std::string> classes;
  int epochs = 0;
  double lr = 0.0;
  bool standardized = false;  // features standardised with the training split's mean and std
  Evaluation train;
  Evaluation validation;
  Evaluation test;
  double seconds = 0.0;
  double classifier_seconds = 0.0;  // of `seconds`, training the linear classifier (the rest: features, scores)
  // The same probe of other features, by name: "source_network" (before fine-tuning, a ceiling),
  // "random_network" (the target stage's fresh initialisation, a floor), "conv1_only".
  std::map<std::string, ProbeScores> references;
};

/// How far one layer of the target network moved during the target stage (landscape.hpp).
struct LayerDistance {
  std::string layer;          // conv1, conv2, fc
  double absolute = 0.0;      // ‖θ_final − θ_start‖₂, weight and bias together
  double relative = 0.0;      // absolute / initial_norm (0 when initial_norm is 0)
  double initial_norm = 0.0;  // ‖θ_start‖₂
};

/// The top eigenvalue of the training-loss Hessian by power iteration (landscape.hpp).
struct SharpnessResult {
  double top_eigenvalue = 0.0;  // the last estimate
  int iterations = 0;
  bool converged = false;
  double relative_change = 0.0;  // |λ_k − λ_{k−1}| / |λ_k| of the last iteration
  std::int64_t subset_size = 0;  // training images the loss was taken over
  std::vector<double> estimates;  // one per iteration
};

/// The landscape measures of the final target network; each is present when the config asks for it.
struct LandscapeResult {
  std::optional<std::vector<LayerDistance>> distance;
  std::optional<SharpnessResult> sharpness;
  double seconds = 0.0;
};

struct RunResult {
  std::vector<StageResult> stages;
  std::optional<ProbeResult> probe;  // when the config asks for one
  std::optional<LandscapeResult> landscape;  // when the config asks for a measure
  double seconds = 0.0;
};

}  // namespace tl_boost
