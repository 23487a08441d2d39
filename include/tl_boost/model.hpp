#pragma once
// The small ConvNet of the experiments:
// conv(3→c1, k×k, pad k/2) → ReLU → max-pool 2 → conv(c1→c2) → ReLU → max-pool 2 → flatten → linear(c2·8·8 → classes).
#include <vector>

#include <torch/torch.h>

#include "tl_boost/model_options.hpp"

namespace tl_boost {

class ConvNetImpl : public torch::nn::Module {
 public:
  explicit ConvNetImpl(const ConvNetOptions& options);

  torch::Tensor forward(torch::Tensor images);
  /// The output of the first `conv_layers` conv layers (each with its ReLU and pooling),
  /// flattened; with all of them, what the classifier sees ([N, flat_features]).
  torch::Tensor features(torch::Tensor images, int conv_layers = kNumConvLayers);

  /// The layers in transfer order: conv1, conv2, fc.
  std::vector<torch::nn::Module*> layers();
  const ConvNetOptions& options() const { return options_; }

  torch::nn::Conv2d conv1{nullptr};
  torch::nn::Conv2d conv2{nullptr};
  torch::nn::Linear fc{nullptr};

 private:
  ConvNetOptions options_;
};
TORCH_MODULE(ConvNet);

}  // namespace tl_boost
