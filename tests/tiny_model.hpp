#pragma once
// The network the unit tests train: the ConvNet's shape with 4 and 8 channels and 3×3 kernels,
// small enough for a few epochs on synthetic data in well under a second.
#include "tl_boost/model.hpp"

namespace tl_boost::testing {

inline ConvNetOptions tiny_model(std::int64_t num_classes = 10) {
  ConvNetOptions options;
  options.num_classes = num_classes;
  options.conv1_channels = 4;
  options.conv2_channels = 8;
  options.kernel_size = 3;
  return options;
}

}  // namespace tl_boost::testing
