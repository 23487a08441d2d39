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

TEST(Transfer, AllThreeLayersCopyTheClassifierToo) {
  ConvNet source = seeded_net(1);
  ConvNet target = seeded_net(2);
  copy_layers(source, target, 3);
  const auto src = snapshot(source), dst = snapshot(target);
  ASSERT_EQ(src.size(), dst.size());
  for (std::size_t i = 0; i < src.size(); ++i) EXPECT_TRUE(torch::equal(src[i], dst[i])) << i;
}

TEST(Transfer, ShrinkAndPerturbMixesEverySourceParameterWithTheTargetsFreshOne) {
  ConvNet source = seeded_net(1);
  ConvNet target = seeded_net(2);
  const auto src = snapshot(source), fresh = snapshot(target);
  copy_layers(source, target, 3, {TransferInit::kShrinkPerturb, 7, 0.4, 0.1});
  const auto dst = snapshot(target);
  for (std::size_t i = 0; i < dst.size(); ++i) {  // weights and biases of conv1, conv2 and fc
    EXPECT_TRUE(torch::allclose(dst[i], 0.4 * src[i] + 0.1 * fresh[i], 1e-6, 1e-7)) << i;
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

// Raghu et al. 2019's control: the transferred conv filters keep their scale (mean and std per
// filter, exactly) but lose what was learned; biases are copied.
TEST(Transfer, MatchedStatisticsKeepsEachFiltersExactMeanAndStdButNotItsValues) {
  for (int n : {1, 2}) {
    SCOPED_TRACE(n);
    ConvNet source = seeded_net(1, 6);
    ConvNet target = seeded_net(2);
    copy_layers(source, target, n, {TransferInit::kMatchedStatistics, 7});
    for (int layer = 0; layer < n; ++layer) {
      const auto from = source->layers()[layer]->named_parameters();
      const auto to = target->layers()[layer]->named_parameters();
      EXPECT_TRUE(torch::equal(from["bias"], to["bias"]));
      const auto original = from["weight"].detach().to(torch::kFloat64).flatten(1);
      const auto control = to["weight"].detach().to(torch::kFloat64).flatten(1);
      EXPECT_TRUE(torch::allclose(control.mean(1), original.mean(1), 0.0, 1e-7));
      EXPECT_TRUE(torch::allclose(control.std(1), original.std(1), 1e-5, 0.0));
      EXPECT_FALSE(torch::allclose(control, original, 1e-3, 1e-3));
    }
  }
  // Seeded: the same seed gives the same control, another seed another one.
  ConvNet source = seeded_net(1);
  ConvNet a = seeded_net(2), b = seeded_net(2), c = seeded_net(2);
  copy_layers(source, a, 1, {TransferInit::kMatchedStatistics, 7});
  copy_layers(source, b, 1, {TransferInit::kMatchedStatistics, 7});
  copy_layers(source, c, 1, {TransferInit::kMatchedStatistics, 8});
  EXPECT_TRUE(torch::equal(a->conv1->weight, b->conv1->weight));
  EXPECT_FALSE(torch::equal(a->conv1->weight, c->conv1->weight));
}

// The spatial control: each filter's k×k taps reordered by one permutation for all its input
// channels, so per-channel value multisets and per-filter statistics stay and the layout goes.
TEST(Transfer, PermutedTapsKeepEachChannelsValuesAndReorderTheTaps) {
  ConvNet source = seeded_net(1, 6);
  ConvNet target = seeded_net(2);
  copy_layers(source, target, 2, {TransferInit::kPermutedTaps, 7});
  for (int layer = 0; layer < 2; ++layer) {
    SCOPED_TRACE(layer);
    const auto from = source->layers()[layer]->named_parameters();
    const auto to = target->layers()[layer]->named_parameters();
    EXPECT_TRUE(torch::equal(from["bias"], to["bias"]));
    const auto w = from["weight"].detach().contiguous();
    const auto p = to["weight"].detach().contiguous();
    const std::int64_t taps = w.size(2) * w.size(3);
    const auto w_taps = w.reshape({w.size(0), w.size(1), taps});
    const auto p_taps = p.reshape({p.size(0), p.size(1), taps});
    EXPECT_TRUE(torch::equal(std::get<0>(w_taps.sort(2)), std::get<0>(p_taps.sort(2))));  // same multisets
    EXPECT_TRUE(torch::allclose(p.flatten(1).mean(1), w.flatten(1).mean(1), 0.0, 1e-7));
    EXPECT_TRUE(torch::allclose(p.flatten(1).std(1), w.flatten(1).std(1), 1e-6, 0.0));
    std::int64_t moved = 0;
    for (std::int64_t f = 0; f < w.size(0); ++f) {
      // The position each tap went to, read off input channel 0, holds for every channel.
      const auto to_position = [&](std::int64_t channel) {
        std::vector<std::int64_t> where;
        for (std::int64_t j = 0; j < taps; ++j) {
          const auto hit = p_taps[f][channel].eq(w_taps[f][channel][j]).nonzero();
          where.push_back(hit.size(0) == 1 ? hit[0][0].item<std::int64_t>() : -1);
        }
        return where;
      };
      const auto first = to_position(0);
      EXPECT_EQ(to_position(w.size(1) - 1), first) << "filter " << f;
      for (std::int64_t j = 0; j < taps; ++j) moved += first[static_cast<std::size_t>(j)] != j;
    }
    EXPECT_GT(moved, w.size(0) * taps / 2);  // most taps leave their place
  }
}

}  // namespace
}  // namespace tl_boost
