#include "tl_boost/model.hpp"

#include <gtest/gtest.h>

namespace tl_boost {
namespace {

TEST(Model, OutputHasOneLogitPerClass) {
  ConvNetOptions options;
  options.num_classes = 6;
  ConvNet net(options);
  const auto out = net->forward(torch::randn({5, 3, 32, 32}));
  EXPECT_EQ(out.sizes(), (std::vector<std::int64_t>{5, 6}));
}

TEST(Model, LayerShapesFollowTheOptions) {
  ConvNetOptions options;
  options.num_classes = 4;
  options.conv1_channels = 8;
  options.conv2_channels = 16;
  options.kernel_size = 3;
  ConvNet net(options);
  EXPECT_EQ(net->conv1->weight.sizes(), (std::vector<std::int64_t>{8, 3, 3, 3}));
  EXPECT_EQ(net->conv2->weight.sizes(), (std::vector<std::int64_t>{16, 8, 3, 3}));
  EXPECT_EQ(net->fc->weight.sizes(), (std::vector<std::int64_t>{4, 16 * 8 * 8}));
  EXPECT_EQ(net->forward(torch::randn({2, 3, 32, 32})).sizes(), (std::vector<std::int64_t>{2, 4}));
}

TEST(Model, DefaultShapeIsThePapersSmallConvNet) {
  ConvNet net(ConvNetOptions{});
  EXPECT_EQ(net->conv1->weight.sizes(), (std::vector<std::int64_t>{32, 3, 5, 5}));
  EXPECT_EQ(net->conv2->weight.sizes(), (std::vector<std::int64_t>{64, 32, 5, 5}));
  EXPECT_EQ(net->fc->weight.size(1), 4096);
}

TEST(Model, ChannelsLastWeightsComputeTheSameFunction) {
  ConvNetOptions nchw;
  nchw.num_classes = 3;
  nchw.channels_last = false;
  ConvNetOptions nhwc = nchw;
  nhwc.channels_last = true;
  torch::manual_seed(5);
  ConvNet a(nchw);
  torch::manual_seed(5);
  ConvNet b(nhwc);
  EXPECT_TRUE(a->conv1->weight.is_contiguous());
  EXPECT_TRUE(b->conv1->weight.is_contiguous(torch::MemoryFormat::ChannelsLast));
  EXPECT_TRUE(b->conv2->weight.is_contiguous(torch::MemoryFormat::ChannelsLast));
  EXPECT_TRUE(torch::equal(a->conv2->weight, b->conv2->weight));  // same values, other layout
  const auto x = torch::randn({4, 3, 32, 32});
  EXPECT_TRUE(torch::allclose(a->forward(x), b->forward(x.contiguous(torch::MemoryFormat::ChannelsLast)), 1e-4, 1e-5));
  EXPECT_TRUE(torch::allclose(a->forward(x), b->forward(x), 1e-4, 1e-5));  // either input layout
}

TEST(Model, EverySubmoduleIsRegisteredUnderItsName) {
  ConvNet net(ConvNetOptions{});
  std::vector<std::string> names;
  for (const auto& p : net->named_parameters()) names.push_back(p.key());
  EXPECT_EQ(names, (std::vector<std::string>{"conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias", "fc.weight",
                                             "fc.bias"}));
  const auto layers = net->layers();
  ASSERT_EQ(layers.size(), 3u);
  EXPECT_EQ(layers[0], net->conv1.get());
  EXPECT_EQ(layers[2], net->fc.get());
}

TEST(Model, InitialisationIsSeeded) {
  torch::manual_seed(3);
  ConvNet a(ConvNetOptions{});
  torch::manual_seed(3);
  ConvNet b(ConvNetOptions{});
  torch::manual_seed(4);
  ConvNet c(ConvNetOptions{});
  EXPECT_TRUE(torch::equal(a->conv2->weight, b->conv2->weight));
  EXPECT_FALSE(torch::equal(a->conv2->weight, c->conv2->weight));
}

}  // namespace
}  // namespace tl_boost
