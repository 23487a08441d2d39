#include "tl_boost/landscape.hpp"

#include <cmath>

#include <gtest/gtest.h>

#include "synthetic_data.hpp"
#include "tiny_model.hpp"
#include "tl_boost/trainer.hpp"
#include "tl_boost/transfer.hpp"

namespace tl_boost {
namespace {

const StageData& tiny_data() {
  static const Cifar10 data = testing::synthetic_cifar10(400, 200);
  static const StageData stage = make_stage_data(data, {"cat", "dog", "frog"}, {0.2, 0, 0}, torch::kCPU);
  return stage;
}

ConvNet trained_net(std::uint64_t seed, int epochs = 2) {
  torch::manual_seed(seed);
  ConvNet net(testing::tiny_model(3));
  TrainSettings settings;
  settings.schedule.base_lr = 0.05;
  settings.batch_size = 16;
  settings.epochs = epochs;
  settings.shuffle_seed = seed;
  train_stage(net, tiny_data(), settings);
  return net;
}

ConvNet copy_of(ConvNet& net) {
  ConvNet copy(net->options());
  copy_layers(net, copy, 3);
  return copy;
}

TEST(LayerDistance, IsZeroForAnUntouchedNetwork) {
  ConvNet net = trained_net(1, 1);
  const auto distances = layer_distances(snapshot_layers(net), net);
  ASSERT_EQ(distances.size(), 3u);
  EXPECT_EQ(distances[0].layer, "conv1");
  EXPECT_EQ(distances[1].layer, "conv2");
  EXPECT_EQ(distances[2].layer, "fc");
  for (const auto& d : distances) {
    EXPECT_EQ(d.absolute, 0.0) << d.layer;
    EXPECT_EQ(d.relative, 0.0) << d.layer;
    EXPECT_GT(d.initial_norm, 0.0) << d.layer;
  }
}

TEST(LayerDistance, OfAKnownPerturbationIsItsNormWeightAndBiasTogether) {
  ConvNet start = trained_net(1, 1);
  ConvNet moved = copy_of(start);
  {
    torch::NoGradGuard no_grad;
    moved->conv2->weight.add_(0.01);
    moved->conv2->bias.add_(-0.02);
  }
  const double weights = static_cast<double>(moved->conv2->weight.numel());
  const double biases = static_cast<double>(moved->conv2->bias.numel());
  const double expected = std::sqrt(weights * 0.01 * 0.01 + biases * 0.02 * 0.02);
  double initial = std::sqrt(start->conv2->weight.pow(2).sum().item<double>() + start->conv2->bias.pow(2).sum().item<double>());
  const auto distances = layer_distances(snapshot_layers(start), moved);
  EXPECT_EQ(distances[0].absolute, 0.0);
  EXPECT_NEAR(distances[1].absolute, expected, 1e-6);
  EXPECT_NEAR(distances[1].initial_norm, initial, 1e-5);
  EXPECT_NEAR(distances[1].relative, expected / initial, 1e-6);
  EXPECT_EQ(distances[2].absolute, 0.0);
}

// ½xᵀAx with A = Q·diag(eigenvalues)·Qᵀ for a random orthogonal Q: its Hessian is A everywhere.
struct Quadratic {
  torch::Tensor a;
  torch::Tensor x;
  explicit Quadratic(const std::vector<double>& eigenvalues) {
    torch::manual_seed(7);
    const auto n = static_cast<std::int64_t>(eigenvalues.size());
    const auto q = std::get<0>(torch::linalg_qr(torch::randn({n, n}, torch::kDouble)));
    a = q.matmul(torch::diag(torch::tensor(eigenvalues, torch::kDouble))).matmul(q.t());
    x = torch::randn({n}, torch::kDouble).requires_grad_(true);
  }
  // The loss in two halves, so that summing terms is exercised too.
  LossTerms loss() const {
    return {2, [this](std::size_t) { return 0.25 * x.dot(a.mv(x)); }};
  }
};

TEST(PowerIteration, HessianVectorProductOfAQuadraticIsAv) {
  const Quadratic q({5.0, 2.0, 1.0, 0.5});
  const auto v = torch::randn({4}, torch::kDouble);
  const auto hv = hessian_vector_product(q.loss(), {q.x}, {v});
  EXPECT_TRUE(torch::allclose(hv[0], q.a.mv(v), 1e-10, 1e-12));
}

TEST(PowerIteration, RecoversTheTopEigenvalueOfAQuadraticLoss) {
  const Quadratic q({5.0, 2.0, 1.0, 0.5, -0.3});
  PowerIterationSettings settings;
  settings.max_iterations = 100;
  settings.tolerance = 1e-8;
  settings.seed = 3;
  const SharpnessResult r = top_hessian_eigenvalue(q.loss(), {q.x}, settings);
  EXPECT_TRUE(r.converged);
  EXPECT_NEAR(r.top_eigenvalue, 5.0, 1e-6);
  EXPECT_LT(r.iterations, 100);
  EXPECT_EQ(r.estimates.size(), static_cast<std::size_t>(r.iterations));
  EXPECT_EQ(r.estimates.back(), r.top_eigenvalue);
  EXPECT_LE(r.relative_change, 1e-8);
}

TEST(PowerIteration, StopsUnconvergedAtTheIterationLimit) {
  const Quadratic q({5.0, 4.9, 1.0});  // a close second eigenvalue converges slowly
  PowerIterationSettings settings;
  settings.max_iterations = 3;
  settings.tolerance = 1e-12;
  const SharpnessResult r = top_hessian_eigenvalue(q.loss(), {q.x}, settings);
  EXPECT_FALSE(r.converged);
  EXPECT_EQ(r.iterations, 3);
  EXPECT_EQ(r.estimates.size(), 3u);
  EXPECT_GT(r.relative_change, 1e-12);
}

TEST(Sharpness, OfATrainedConvNetIsPositiveConvergesAndLeavesTheNetworkAlone) {
  ConvNet net = trained_net(2);
  freeze_layers(net, 1);
  net->train();
  std::vector<torch::Tensor> before;
  for (const auto& p : net->parameters()) before.push_back(p.detach().clone());
  const LabelledImages subset = seeded_subset(tiny_data().train, 64, 5);
  PowerIterationSettings settings;
  settings.max_iterations = 60;
  settings.tolerance = 1e-3;
  settings.seed = 1;
  const SharpnessResult whole = network_sharpness(net, subset, 64, settings);
  EXPECT_TRUE(whole.converged);
  EXPECT_GT(whole.top_eigenvalue, 0.0);
  EXPECT_EQ(whole.subset_size, 64);
  // Batches only split the sum: the same estimates up to rounding.
  const SharpnessResult batched = network_sharpness(net, subset, 16, settings);
  EXPECT_NEAR(batched.top_eigenvalue, whole.top_eigenvalue, 1e-3 * whole.top_eigenvalue);
  const auto after = net->parameters();
  for (std::size_t i = 0; i < before.size(); ++i) EXPECT_TRUE(torch::equal(before[i], after[i])) << i;
  EXPECT_FALSE(net->conv1->weight.requires_grad());  // still frozen
  EXPECT_TRUE(net->fc->weight.requires_grad());
  EXPECT_TRUE(net->is_training());
}

TEST(SeededSubset, DrawsTheSameImagesForTheSameSeedInTheirOrder) {
  const LabelledImages& train = tiny_data().train;
  const LabelledImages a = seeded_subset(train, 50, 9);
  const LabelledImages b = seeded_subset(train, 50, 9);
  const LabelledImages c = seeded_subset(train, 50, 10);
  EXPECT_EQ(a.size(), 50);
  EXPECT_TRUE(torch::equal(a.images, b.images));
  EXPECT_TRUE(torch::equal(a.labels, b.labels));
  EXPECT_FALSE(torch::equal(a.images, c.images));
  EXPECT_EQ(seeded_subset(train, train.size() + 5, 9).size(), train.size());
}

TEST(Interpolation, AlphaGridRunsFromZeroToOneInclusive) {
  EXPECT_EQ(alpha_grid(2), (std::vector<double>{0.0, 1.0}));
  EXPECT_EQ(alpha_grid(5), (std::vector<double>{0.0, 0.25, 0.5, 0.75, 1.0}));
  EXPECT_THROW(alpha_grid(1), std::invalid_argument);
}

TEST(Interpolation, AtAlphaZeroAndOneReproducesTheEndpointsLosses) {
  ConvNet a = trained_net(3);
  ConvNet b = trained_net(4);
  const StageData& data = tiny_data();
  const auto points = interpolate_networks(a, b, alpha_grid(3), {&data.train, &data.test}, 50, Precision::kFp32);
  ASSERT_EQ(points.size(), 3u);
  const Evaluation a_train = evaluate(a, data.train, 50), a_test = evaluate(a, data.test, 50);
  const Evaluation b_train = evaluate(b, data.train, 50), b_test = evaluate(b, data.test, 50);
  EXPECT_NEAR(points[0].evaluations[0].loss, a_train.loss, 1e-6);
  EXPECT_NEAR(points[0].evaluations[1].loss, a_test.loss, 1e-6);
  EXPECT_EQ(points[0].evaluations[1].accuracy, a_test.accuracy);
  EXPECT_NEAR(points[2].evaluations[0].loss, b_train.loss, 1e-6);
  EXPECT_NEAR(points[2].evaluations[1].loss, b_test.loss, 1e-6);
  EXPECT_EQ(points[2].evaluations[0].accuracy, b_train.accuracy);
  // Two differently seeded networks: the midpoint is a third network, not either endpoint.
  EXPECT_NE(points[1].evaluations[0].loss, a_train.loss);
  EXPECT_NE(points[1].evaluations[0].loss, b_train.loss);
  EXPECT_EQ(points[1].alpha, 0.5);
}

}  // namespace
}  // namespace tl_boost
