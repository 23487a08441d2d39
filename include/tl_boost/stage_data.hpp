#pragma once
// The tensors one stage trains and evaluates on: selected classes, relabelled 0..k-1,
// normalised once up front, on the stage's device.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "tl_boost/cifar10.hpp"

namespace tl_boost {

struct LabelledImages {
  torch::Tensor images;  // float32 [N, 3, 32, 32], normalised; contiguous or channels_last
  torch::Tensor labels;  // int64 [N], 0..k-1 in the order of the stage's classes
  std::int64_t size() const { return labels.size(0); }
};

struct StageData {
  LabelledImages train;
  LabelledImages validation;
  LabelledImages test;
  std::array<float, 3> mean{};  // per channel, of the training split, in [0, 1] units
  std::array<float, 3> std{};
};

struct StageDataOptions {
  double validation_fraction = 0.1;
  int max_per_class = 0;
  std::uint64_t split_seed = 0;
  bool channels_last = true;  // store images NHWC (channels_last strides), the layout conv layers compute in
  int max_test_per_class = 0;  // > 0: the first that many test records of each class, in file order
};

/// Builds a stage's splits: a stratified seeded hold-out of the training files for train and
/// validation, every test record of the classes for test. Normalisation uses the mean and std
/// of this stage's training split only, so a stage never sees statistics of data it does not train on.
StageData make_stage_data(const Cifar10& data, const std::vector<std::string>& classes,
                          const StageDataOptions& options, torch::Device device);

/// `labels` in a seeded order (shuffled_range, so the same anywhere): each label as often as
/// before, none tied to its record any more (source_labels "shuffled").
torch::Tensor shuffled_labels(const torch::Tensor& labels, std::uint64_t seed);

}  // namespace tl_boost
