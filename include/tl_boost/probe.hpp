#pragma once
// The base-task probe: how much of another task a trained network's conv layers still encode.
// A fresh linear classifier is trained on the frozen conv features of the probe task's training
// split and scored on its test split. The network itself is never changed.
#include <cstdint>

#include <torch/torch.h>

#include "tl_boost/metrics.hpp"
#include "tl_boost/model.hpp"
#include "tl_boost/precision.hpp"
#include "tl_boost/stage_data.hpp"

namespace tl_boost {

struct ProbeSettings {
  int epochs = 10;
  double lr = 0.01;
  double momentum = 0.9;
  double weight_decay = 5e-4;
  std::int64_t batch_size = 64;
  std::int64_t eval_batch_size = 1000;
  std::uint64_t seed = 0;  // the classifier's initialisation and batch order
  Precision precision = Precision::kFp32;
  // Each feature shifted and scaled by its mean and std on the training split (all splits alike),
  // so one learning rate suits networks whose features differ in scale.
  bool standardize = true;
  int conv_layers = kNumConvLayers;  // the features after this many conv layers (1: conv1 alone)
};

/// The probe's features of `data`'s splits: computed once (eval mode, NoGradGuard) and, with
/// settings.standardize, standardised by the training split's statistics.
struct ProbeFeatures {
  LabelledImages train;
  LabelledImages validation;
  LabelledImages test;
};
ProbeFeatures probe_features(ConvNet& net, const StageData& data, const ProbeSettings& settings);

/// Trains a linear classifier on probe_features' training split with SGD, and evaluates it on
/// every split.
ProbeResult linear_probe(ConvNet& net, const StageData& data, const ProbeSettings& settings);

}  // namespace tl_boost
