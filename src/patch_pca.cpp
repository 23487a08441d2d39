#include "tl_boost/patch_pca.hpp"

#include "tl_boost/seeds.hpp"

namespace tl_boost {

torch::Tensor random_patches(const torch::Tensor& images, int kernel_size, std::int64_t count, std::uint64_t seed) {
  TORCH_CHECK(images.dim() == 4 && images.size(0) > 0 && images.size(2) >= kernel_size && images.size(3) >= kernel_size,
              "random_patches: expected [N, C, H, W] images of at least ", kernel_size, "x", kernel_size,
              " pixels, got ", images.sizes());
  const torch::Tensor cpu = images.detach().to(torch::kCPU, torch::kFloat32);  // strides kept: NHWC reads as well
  const auto pixels = cpu.accessor<float, 4>();
  const std::int64_t channels = cpu.size(1), k = kernel_size;
  torch::Tensor patches = torch::empty({count, channels * k * k}, torch::kFloat64);
  auto out = patches.accessor<double, 2>();
  Rng rng(seed);
  const auto rows = static_cast<std::uint64_t>(cpu.size(2) - k + 1),
             cols = static_cast<std::uint64_t>(cpu.size(3) - k + 1);
  for (std::int64_t i = 0; i < count; ++i) {
    const auto n = static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(cpu.size(0))));
    const auto y = static_cast<std::int64_t>(rng.below(rows)), x = static_cast<std::int64_t>(rng.below(cols));
    std::int64_t j = 0;
    for (std::int64_t c = 0; c < channels; ++c) {
      for (std::int64_t dy = 0; dy < k; ++dy) {
        for (std::int64_t dx = 0; dx < k; ++dx) out[i][j++] = pixels[n][c][y + dy][x + dx];
      }
    }
  }
  return patches;
}

torch::Tensor principal_axes(const torch::Tensor& patches, std::int64_t count) {
  TORCH_CHECK(patches.dim() == 2 && patches.size(0) >= 2 && count >= 1 && count <= patches.size(1),
              "principal_axes: expected [n >= 2, d] patches and 1..d axes, got ", patches.sizes(), " and ", count);
  const torch::Tensor centred = patches.to(torch::kFloat64) - patches.to(torch::kFloat64).mean(0, true);
  const torch::Tensor covariance = centred.t().mm(centred) / static_cast<double>(patches.size(0) - 1);
  const torch::Tensor vectors = std::get<1>(torch::linalg::eigh(covariance, "L"));  // ascending eigenvalues
  torch::Tensor axes = vectors.flip({1}).narrow(1, 0, count).t().contiguous();
  const torch::Tensor largest = axes.gather(1, axes.abs().argmax(1, /*keepdim=*/true));
  return axes * largest.sign();
}

torch::Tensor pca_patch_filters(const torch::Tensor& images, int kernel_size, std::int64_t filters,
                                std::uint64_t seed) {
  const torch::Tensor axes = principal_axes(random_patches(images, kernel_size, kPcaPatchCount, seed), filters);
  return axes.view({filters, images.size(1), kernel_size, kernel_size});
}

torch::Tensor scaled_to_norms(const torch::Tensor& filters, const torch::Tensor& reference) {
  TORCH_CHECK(filters.sizes() == reference.sizes(), "scaled_to_norms: shapes differ: ", filters.sizes(), " and ",
              reference.sizes());
  std::vector<std::int64_t> per_filter(static_cast<std::size_t>(filters.dim()), 1);
  per_filter[0] = filters.size(0);
  const torch::Tensor from = filters.flatten(1).norm(2, {1}),
                      to = reference.to(filters.dtype()).flatten(1).norm(2, {1});
  return filters * (to / from).view(per_filter);
}

}  // namespace tl_boost
