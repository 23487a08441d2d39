#include "tl_boost/flops.hpp"

#include <gtest/gtest.h>

namespace tl_boost {
namespace {

TEST(Flops, DefaultNetworkCountedByHand) {
  ConvNetOptions options;  // 3→32→64 channels, 5x5 kernels, 32x32 images
  options.num_classes = 4;
  const ConvNetFlops f = conv_net_flops(options);
  // conv1: 32 outputs x 3 inputs x 25 taps x 32x32 pixels x 2
  EXPECT_EQ(f.forward.conv1, 4'915'200);
  // conv2: 64 x 32 x 25 x 16x16 x 2
  EXPECT_EQ(f.forward.conv2, 26'214'400);
  // fc: 64*8*8 = 4096 inputs x 4 classes x 2
  EXPECT_EQ(f.forward.fc, 32'768);
  EXPECT_EQ(f.inference(), 31'162'368);
  // forward + weight gradients (= forward) + input gradients of conv2 and fc only
  EXPECT_EQ(f.train_step(), 3 * 31'162'368 - 4'915'200);
  EXPECT_EQ(f.input_grad.conv1, 0);
}

TEST(Flops, ScalesWithKernelAndClasses) {
  ConvNetOptions small;
  small.kernel_size = 3;
  small.num_classes = 10;
  const ConvNetFlops f = conv_net_flops(small);
  EXPECT_EQ(f.forward.conv1, 2 * 32 * 3 * 9 * 1024);
  EXPECT_EQ(f.forward.fc, 2 * 4096 * 10);
}

TEST(Flops, MatrixProduct) { EXPECT_DOUBLE_EQ(matmul_flops(2048), 2.0 * 2048 * 2048 * 2048); }

}  // namespace
}  // namespace tl_boost
