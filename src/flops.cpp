#include "tl_boost/flops.hpp"

namespace tl_boost {

ConvNetFlops conv_net_flops(const ConvNetOptions& o) {
  const std::int64_t k2 = o.kernel_size * o.kernel_size;
  const std::int64_t size1 = kImageSize * kImageSize;              // conv1 output pixels (same padding)
  const std::int64_t size2 = (kImageSize / 2) * (kImageSize / 2);  // after the first 2x2 pool
  ConvNetFlops f;
  f.forward.conv1 = 2 * o.conv1_channels * kImageChannels * k2 * size1;
  f.forward.conv2 = 2 * o.conv2_channels * o.conv1_channels * k2 * size2;
  f.forward.fc = 2 * o.flat_features() * o.num_classes;
  f.weight_grad = f.forward;
  f.input_grad = f.forward;
  f.input_grad.conv1 = 0;
  return f;
}

double matmul_flops(std::int64_t n) { return 2.0 * static_cast<double>(n) * static_cast<double>(n) * static_cast<double>(n); }

}  // namespace tl_boost
