#pragma once
// An untrained, data-derived bank of conv filters: the principal components of seeded random
// k×k patches of a stage's training images (PCA patch filters), for conv1_init "pca_patches".
#include <cstdint>

#include <torch/torch.h>

namespace tl_boost {

/// Patches drawn for the components: far more than a 5×5×3 patch's 75 dimensions, so the
/// covariance is well estimated, and a fraction of a second to draw.
inline constexpr std::int64_t kPcaPatchCount = 10000;

/// `count` k×k patches of `images` ([N, C, H, W], any device and memory layout), each at a seeded
/// image, row and column (whole patches only), flattened in a conv weight's order ([C][k][k]):
/// [count, C·k·k], float64 on the CPU. The same seed draws the same patches anywhere (seeds.hpp).
torch::Tensor random_patches(const torch::Tensor& images, int kernel_size, std::int64_t count, std::uint64_t seed);

/// The first `count` principal axes of `patches` ([n, d], one patch a row): [count, d], orthonormal
/// rows in decreasing order of the centred patches' variance along them. An axis's sign is
/// arbitrary, so each is signed to make its largest-magnitude entry positive.
torch::Tensor principal_axes(const torch::Tensor& patches, std::int64_t count);

/// principal_axes of kPcaPatchCount random_patches of `images`, as a conv weight
/// [filters, C, k, k] (float64, CPU, unit norm each).
torch::Tensor pca_patch_filters(const torch::Tensor& images, int kernel_size, std::int64_t filters, std::uint64_t seed);

/// `filters` with each filter (row of dimension 0) rescaled to the norm of `reference`'s filter of
/// the same index; `reference` has the same shape.
torch::Tensor scaled_to_norms(const torch::Tensor& filters, const torch::Tensor& reference);

}  // namespace tl_boost
