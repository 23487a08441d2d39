#include "tl_boost/patch_pca.hpp"

#include <gtest/gtest.h>

#include "synthetic_data.hpp"
#include "tl_boost/protocol.hpp"
#include "tl_boost/protocol_plan.hpp"
#include "tl_boost/stage_data.hpp"

namespace tl_boost {
namespace {

// Images with structure for the components to find: smooth (neighbouring pixels correlated) and
// with correlated channels, as photographs are.
torch::Tensor smooth_images(std::int64_t count, std::uint64_t seed) {
  torch::manual_seed(seed);
  const auto noise = torch::randn({count, 1, 32, 32}, torch::kFloat64);
  const auto blurred = torch::avg_pool2d(noise, 5, 1, 2);
  return torch::cat({blurred, 0.8 * blurred, 0.5 * blurred + 0.2 * torch::randn_like(blurred)}, 1).to(torch::kFloat32);
}

TEST(PatchPca, PatchesAreFlattenedInAConvWeightsOrderAtWholePatchPositions) {
  // Each pixel holds its own address, so a patch says where it came from.
  const auto c = torch::arange(3).view({1, 3, 1, 1}), y = torch::arange(32).view({1, 1, 32, 1}),
             x = torch::arange(32).view({1, 1, 1, 32}), n = torch::arange(4).view({4, 1, 1, 1});
  const auto images = (n * 100000 + c * 10000 + y * 100 + x).to(torch::kFloat32);
  const auto patches = random_patches(images, 5, 50, 7);
  ASSERT_EQ(patches.sizes(), (std::vector<std::int64_t>{50, 75}));
  for (std::int64_t i = 0; i < 50; ++i) {
    const auto first = static_cast<std::int64_t>(patches[i][0].item<double>());
    const std::int64_t top = first / 100 % 100, left = first % 100;
    EXPECT_LE(top, 27);
    EXPECT_LE(left, 27);
    EXPECT_EQ(first / 10000 % 10, 0);  // channel 0 first
    // [c][dy][dx]: the last entry is channel 2, four rows and four columns on.
    EXPECT_EQ(static_cast<std::int64_t>(patches[i][74].item<double>()), first + 2 * 10000 + 4 * 100 + 4);
    EXPECT_EQ(static_cast<std::int64_t>(patches[i][5].item<double>()), first + 100);  // the next row
  }
  // A network's images are channels_last: the same patches.
  EXPECT_TRUE(torch::equal(random_patches(images.contiguous(torch::MemoryFormat::ChannelsLast), 5, 50, 7), patches));
}

TEST(PatchPca, TheFiltersAreOrthonormalAndTheSameForTheSameSeed) {
  const auto images = smooth_images(64, 1);
  const auto filters = pca_patch_filters(images, 5, 32, 11);
  ASSERT_EQ(filters.sizes(), (std::vector<std::int64_t>{32, 3, 5, 5}));
  const auto rows = filters.flatten(1);
  EXPECT_TRUE(torch::allclose(rows.mm(rows.t()), torch::eye(32, torch::kFloat64), 0.0, 1e-9));
  EXPECT_TRUE(torch::equal(pca_patch_filters(images, 5, 32, 11), filters));
  EXPECT_FALSE(torch::equal(random_patches(images, 5, 100, 12), random_patches(images, 5, 100, 11)));
  // Each axis is signed by its largest entry, so the filters do not flip between runs.
  const auto largest = rows.gather(1, rows.abs().argmax(1, true));
  EXPECT_TRUE(largest.gt(0).all().item<bool>());
}

TEST(PatchPca, TheFirstAxisCapturesTheMostPatchVariance) {
  const auto patches = random_patches(smooth_images(64, 2), 5, 4000, 3);
  const auto axes = principal_axes(patches, 32);
  const auto centred = patches - patches.mean(0, true);
  const auto variance = centred.mm(axes.t()).var(0);  // along each axis
  for (std::int64_t i = 1; i < 32; ++i) EXPECT_GE(variance[i - 1].item<double>(), variance[i].item<double>()) << i;
  torch::manual_seed(4);
  for (int trial = 0; trial < 20; ++trial) {
    auto direction = torch::randn({75, 1}, torch::kFloat64);
    direction /= direction.norm();
    EXPECT_GT(variance[0].item<double>(), centred.mm(direction).var().item<double>());
  }
  // Patches along one known direction plus a little noise: that direction comes first.
  torch::manual_seed(5);
  auto known = torch::rand({75}, torch::kFloat64);
  known /= known.norm();
  const auto along = torch::randn({2000, 1}, torch::kFloat64) * 3.0 * known.view({1, 75}) +
                     0.1 * torch::randn({2000, 75}, torch::kFloat64);
  EXPECT_NEAR(principal_axes(along, 1)[0].dot(known).item<double>(), 1.0, 1e-3);  // positive: its largest entry is
}

TEST(PatchPca, ScaledFiltersTakeTheNormsOfTheFiltersTheyReplace) {
  const auto filters = pca_patch_filters(smooth_images(16, 3), 3, 8, 1);
  torch::manual_seed(6);
  const auto reference = torch::rand({8, 3, 3, 3}, torch::kFloat64);
  const auto scaled = scaled_to_norms(filters, reference);
  EXPECT_TRUE(torch::allclose(scaled.flatten(1).norm(2, {1}), reference.flatten(1).norm(2, {1})));
  // Only the length changes: each scaled filter points along its component.
  const auto cosine = (scaled.flatten(1) * filters.flatten(1)).sum(1) / scaled.flatten(1).norm(2, {1});
  EXPECT_TRUE(torch::allclose(cosine, torch::ones({8}, torch::kFloat64)));
}

// The pca_filters protocol's network: conv1 holds the components of its training split at the
// default filters' norms, the rest is the default initialisation of the same seed.
TEST(PatchPca, APcaPatchesNetworkStartsWithThePatchFiltersAtTheDefaultNorms) {
  ExperimentConfig config;
  config.target_classes = {"cat", "dog"};
  config.conv1_init = Conv1Init::kPcaPatches;
  config.seed = 4;
  const Cifar10 data = testing::synthetic_cifar10(200, 20);
  const StagePlan target = plan_stages(config).back();
  const StageData stage = stage_data_of(config, target, data, torch::kCPU);
  const ConvNet fresh = make_network(config, target, torch::kCPU);
  ConvNet start = stage_start_network(config, target, nullptr, torch::kCPU, &stage.train);

  const auto weight = start->conv1->weight.detach().to(torch::kFloat64);
  const auto norms = weight.flatten(1).norm(2, {1});
  EXPECT_TRUE(torch::allclose(norms, fresh->conv1->weight.detach().to(torch::kFloat64).flatten(1).norm(2, {1}), 1e-5));
  const auto unit = weight.flatten(1) / norms.view({-1, 1});
  EXPECT_TRUE(torch::allclose(unit.mm(unit.t()), torch::eye(32, torch::kFloat64), 0.0, 1e-5));
  EXPECT_FALSE(torch::allclose(weight, fresh->conv1->weight.detach().to(torch::kFloat64)));
  EXPECT_TRUE(torch::equal(start->conv1->bias, fresh->conv1->bias));
  EXPECT_TRUE(torch::equal(start->conv2->weight, fresh->conv2->weight));
  EXPECT_TRUE(torch::equal(start->fc->weight, fresh->fc->weight));
  // Rebuilt after the run (the distance travelled of a finished run): the same network.
  ConvNet rebuilt = final_stage_start_network(config, data, torch::kCPU, [](const StagePlan&, ConvNet&) {});
  EXPECT_TRUE(torch::equal(rebuilt->conv1->weight, start->conv1->weight));
  EXPECT_THROW(stage_start_network(config, target, nullptr, torch::kCPU), std::logic_error);
}

}  // namespace
}  // namespace tl_boost
