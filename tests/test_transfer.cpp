#include "tl_boost/transfer.hpp"

#include <gtest/gtest.h>

namespace tl_boost {
namespace {

ConvNet seeded_net(std::uint64_t seed, std::int64_t classes = 4) {
  torch::manual_seed(seed);
  ConvNetOptions options;
  options.num_classes = classes;
  return ConvNet(options);
}

std::vector<torch::Tensor> snapshot(ConvNet& net) {
  std::vector<torch::Tensor> copy;
  for (const auto& p : net->parameters()) copy.push_back(p.detach().clone());
  return copy;
}

TEST(Transfer, CopiesExactlyTheFirstNLayersBitForBit) {
  for (int n : {1, 2}) {
    SCOPED_TRACE(n);
    ConvNet source = seeded_net(1, 6);  // a source with another number of classes
    ConvNet target = seeded_net(2);
    const auto fresh = snapshot(target);
    copy_layers(source, target, n);
    const auto source_layers = source->layers();
    const auto target_layers = target->layers();
    for (int layer = 0; layer < 3; ++layer) {
      const auto src = source_layers[layer]->parameters();
      const auto dst = target_layers[layer]->parameters();
      for (std::size_t i = 0; i < dst.size(); ++i) {
        if (layer < n) {
          EXPECT_TRUE(torch::equal(src[i], dst[i])) << "layer " << layer + 1;
        } else {
          EXPECT_FALSE(torch::equal(src[i], dst[i])) << "layer " << layer + 1;
        }
      }
    }
    // Layers after n keep the target's own (re-)initialisation.
    const auto after = snapshot(target);
    EXPECT_TRUE(torch::equal(after[4], fresh[4]));  // fc.weight
    EXPECT_TRUE(torch::equal(after[5], fresh[5]));  // fc.bias
    if (n == 1) EXPECT_TRUE(torch::equal(after[2], fresh[2]));  // conv2.weight
  }
}

TEST(Transfer, FrozenLayersStayBitIdenticalThroughTraining) {
  ConvNet source = seeded_net(1);
  ConvNet net = seeded_net(2);
  copy_layers(source, net, 1);
  freeze_layers(net, 1);
  EXPECT_EQ(trainable_parameters(net).size(), 4u);  // conv2 and fc, weights and biases
  const auto before = snapshot(net);
  // Weight decay and momentum would move conv1 if it were in the optimizer.
  torch::optim::SGD sgd(trainable_parameters(net), torch::optim::SGDOptions(0.1).momentum(0.9).weight_decay(0.1));
  const auto images = torch::randn({16, 3, 32, 32});
  const auto labels = torch::randint(0, 4, {16}, torch::kInt64);
  for (int step = 0; step < 3; ++step) {
    sgd.zero_grad();
    torch::nn::functional::cross_entropy(net->forward(images), labels).backward();
    sgd.step();
  }
  const auto after = snapshot(net);
  EXPECT_TRUE(torch::equal(before[0], after[0]));  // conv1.weight
  EXPECT_TRUE(torch::equal(before[1], after[1]));  // conv1.bias
  EXPECT_TRUE(torch::equal(after[0], source->conv1->weight));
  EXPECT_FALSE(torch::equal(before[2], after[2]));  // conv2.weight moved
  EXPECT_FALSE(torch::equal(before[4], after[4]));  // fc.weight moved
  EXPECT_FALSE(net->conv1->weight.grad().defined());
}

TEST(Transfer, ShapeMismatchIsAnError) {
  ConvNetOptions wide;
  wide.conv1_channels = 16;
  ConvNet source(wide);
  ConvNet target = seeded_net(0);
  EXPECT_THROW(copy_layers(source, target, 1), c10::Error);
}

}  // namespace
}  // namespace tl_boost
