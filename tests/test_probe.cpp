#include "tl_boost/probe.hpp"

#include <gtest/gtest.h>

#include "synthetic_data.hpp"
#include "tiny_model.hpp"
#include "tl_boost/trainer.hpp"

namespace tl_boost {
namespace {

ConvNet trained_net() {
  static const Cifar10 data = testing::synthetic_cifar10(400, 200);
  torch::manual_seed(1);
  ConvNet net(testing::tiny_model(3));
  TrainSettings settings;
  settings.schedule.base_lr = 0.05;
  settings.batch_size = 16;
  settings.epochs = 2;
  train_stage(net, make_stage_data(data, {"cat", "dog", "frog"}, {0.2, 0, 0}, torch::kCPU), settings);
  return net;
}

StageData probe_data() {
  static const Cifar10 data = testing::synthetic_cifar10(400, 200);
  return make_stage_data(data, {"airplane", "automobile", "bird", "cat"}, {0.2, 0, 0}, torch::kCPU);
}

ProbeSettings quick() {
  ProbeSettings s;
  s.epochs = 5;
  s.lr = 0.05;
  s.batch_size = 16;
  s.seed = 3;
  return s;
}

TEST(Probe, TrainsOnlyAFreshHeadAndLeavesTheNetworkAlone) {
  ConvNet net = trained_net();
  std::vector<torch::Tensor> before;
  for (const auto& p : net->parameters()) before.push_back(p.detach().clone());
  net->train();
  const ProbeResult r = linear_probe(net, probe_data(), quick());
  const auto after = net->parameters();
  for (std::size_t i = 0; i < before.size(); ++i) EXPECT_TRUE(torch::equal(before[i], after[i])) << i;
  EXPECT_TRUE(net->is_training());  // mode restored
  // The synthetic classes differ in channel brightness and row bands: the conv features separate
  // them well above chance (0.25 for 4 classes) once the head is trained.
  EXPECT_GT(r.test.accuracy, 0.6);
  EXPECT_GT(r.train.accuracy, 0.6);
  EXPECT_EQ(r.test.count, 80);  // 20 test records of each of the 4 classes
  EXPECT_EQ(r.epochs, 5);
  // The classifier's training is timed as a part of the whole (the suite's cost estimate uses both).
  EXPECT_GT(r.classifier_seconds, 0.0);
  EXPECT_LT(r.classifier_seconds, r.seconds);
}

TEST(Probe, MoreEpochsFitTheTrainingFeaturesBetterAndRunsRepeatExactly) {
  ConvNet net = trained_net();
  ProbeSettings one = quick();
  one.epochs = 1;
  one.lr = 0.001;
  const ProbeResult short_probe = linear_probe(net, probe_data(), one);
  const ProbeResult long_probe = linear_probe(net, probe_data(), quick());
  EXPECT_LT(long_probe.train.loss, short_probe.train.loss);
  const ProbeResult again = linear_probe(net, probe_data(), quick());
  EXPECT_DOUBLE_EQ(again.test.accuracy, long_probe.test.accuracy);
  EXPECT_DOUBLE_EQ(again.train.loss, long_probe.train.loss);
}

// Standardised features: zero mean and unit (population) std per feature on the training split,
// the same shift and scale applied to the other splits.
TEST(Probe, StandardisedFeaturesHaveZeroMeanAndUnitStdOnTheTrainingSplit) {
  ConvNet net = trained_net();
  ProbeSettings raw_settings = quick();
  raw_settings.standardize = false;
  const ProbeFeatures raw = probe_features(net, probe_data(), raw_settings);
  const ProbeFeatures standard = probe_features(net, probe_data(), quick());
  const auto sd = raw.train.images.std(0, false);
  const auto alive = sd > 0;
  ASSERT_GT(alive.sum().item<std::int64_t>(), 10);
  EXPECT_LT(standard.train.images.mean(0).abs().max().item<double>(), 1e-4);
  const auto standard_sd = standard.train.images.std(0, false);
  EXPECT_TRUE(torch::allclose(standard_sd.masked_select(alive), torch::ones_like(standard_sd.masked_select(alive)),
                              1e-4, 1e-4));
  EXPECT_GT((raw.train.images.std(0, false) - 1).abs().max().item<double>(), 0.1);  // the raw ones were not
  const auto expected_test = (raw.test.images - raw.train.images.mean(0, true)) /
                             torch::where(sd > 0, sd, torch::ones_like(sd)).unsqueeze(0);
  EXPECT_TRUE(torch::allclose(standard.test.images, expected_test, 1e-4, 1e-5));
  EXPECT_TRUE(linear_probe(net, probe_data(), quick()).standardized);
  EXPECT_FALSE(linear_probe(net, probe_data(), raw_settings).standardized);
}

TEST(Probe, Conv1FeaturesAreThoseOfTheFirstLayerAlone) {
  ConvNet net = trained_net();
  ProbeSettings conv1 = quick();
  conv1.conv_layers = 1;
  conv1.standardize = false;
  const ProbeFeatures f = probe_features(net, probe_data(), conv1);
  const auto& o = net->options();
  EXPECT_EQ(f.train.images.size(1), o.conv1_channels * 16 * 16);  // after one 2×2 pooling of 32×32
  {
    torch::NoGradGuard no_grad;
    const auto first = probe_data().test.images.narrow(0, 0, 5);
    const auto expected = torch::max_pool2d(torch::relu(net->conv1->forward(first)), 2).flatten(1);
    EXPECT_TRUE(torch::allclose(f.test.images.narrow(0, 0, 5), expected, 1e-5, 1e-6));
  }
  EXPECT_GT(linear_probe(net, probe_data(), conv1).test.accuracy, 0.4);
}

}  // namespace
}  // namespace tl_boost
