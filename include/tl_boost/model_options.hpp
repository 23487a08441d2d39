#pragma once
// The ConvNet's shape as plain data, so configs can be checked without LibTorch.
#include <cstdint>

namespace tl_boost {

/// conv1, conv2: the network's conv layers; with fc, its kNumLayers layers, in the order a
/// transfer copies them. A transfer of all three keeps the classifier too, so it needs as many
/// source classes as target classes (a warm restart).
inline constexpr int kNumConvLayers = 2;
inline constexpr int kNumLayers = kNumConvLayers + 1;
inline constexpr int kImageSize = 32;
inline constexpr int kImageChannels = 3;

struct ConvNetOptions {
  std::int64_t num_classes = 10;
  std::int64_t conv1_channels = 32;
  std::int64_t conv2_channels = 64;
  std::int64_t kernel_size = 5;  // odd; padding kernel_size / 2 keeps the spatial size
  bool channels_last = true;      // conv weights in NHWC layout, the layout oneDNN computes in without reorders

  /// Width of the flattened features after two 2x2 max-pools: channels x 8 x 8.
  std::int64_t flat_features() const { return conv2_channels * (kImageSize / 4) * (kImageSize / 4); }
};

struct ExperimentConfig;

/// The network `config` describes (its model section and memory format), with `num_classes` outputs.
ConvNetOptions model_options(const ExperimentConfig& config, std::int64_t num_classes);

}  // namespace tl_boost
