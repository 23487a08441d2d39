#pragma once
// Floating-point operations of the ConvNet per image, counted from its shapes (a multiply-add is
// two operations). Biases, ReLU, pooling, the loss and the optimizer are left out: together they
// are under 1% of the convolutions.
#include <cstdint>

#include "tl_boost/model_options.hpp"

namespace tl_boost {

struct LayerFlops {
  std::int64_t conv1 = 0;
  std::int64_t conv2 = 0;
  std::int64_t fc = 0;
  std::int64_t total() const { return conv1 + conv2 + fc; }
};

struct ConvNetFlops {
  LayerFlops forward;        // per image
  LayerFlops weight_grad;    // equal to forward, layer by layer
  LayerFlops input_grad;     // conv1 has none: the images need no gradient
  std::int64_t inference() const { return forward.total(); }
  std::int64_t train_step() const { return forward.total() + weight_grad.total() + input_grad.total(); }
};

ConvNetFlops conv_net_flops(const ConvNetOptions& options);

/// 2·n³: one n×n by n×n matrix product.
double matmul_flops(std::int64_t n);

}  // namespace tl_boost
