#pragma once
// Moving the first n layers of one network into another, and freezing them.
#include <cstdint>

#include "tl_boost/config.hpp"
#include "tl_boost/model.hpp"

namespace tl_boost {

/// What copy_layers makes of each transferred weight (Raghu et al. 2019's weight-statistics
/// controls). A filter is one output row of a weight: [in_channels, k, k] of a conv, [in] of fc.
///   kCopy               bit for bit.
///   kMatchedStatistics  seeded normal values rescaled to the filter's exact mean and (unbiased)
///                       standard deviation: its scale stays, its learned pattern goes.
///   kPermutedTaps       a conv filter's k×k spatial taps in a seeded order, the same order for
///                       all its input channels: per-filter and per-channel values stay, spatial
///                       structure goes. fc weights have no taps and are copied.
///   kShrinkPerturb      every parameter, biases included: shrink × source + perturb × the
///                       target network's own fresh value (Ash & Adams 2020).
/// Other than that, biases are copied. Seeds: derived from `seed` per layer and filter (seeds.hpp),
/// so the result is portable.
struct LayerTransform {
  TransferInit init = TransferInit::kCopy;
  std::uint64_t seed = 0;
  double shrink = 1.0;   // kShrinkPerturb only
  double perturb = 0.0;  // kShrinkPerturb only
};

/// Copies the parameters of the first `n` layers of `from` into `to` through `transform`; the
/// other layers of `to` keep their own (fresh) initialisation. Shapes must match.
void copy_layers(ConvNet& from, ConvNet& to, int n, const LayerTransform& transform = {});

/// `weight` ([filters, ...]) transformed as copy_layers does for layer `layer` (0-based).
torch::Tensor transform_weight(const torch::Tensor& weight, const LayerTransform& transform, int layer);

/// Stops gradient updates of the first `n` layers. Optimizers built from trainable_parameters()
/// then never touch them, so they get no weight decay either.
void freeze_layers(ConvNet& net, int n);

/// The parameters that still require a gradient, for the optimizer.
std::vector<torch::Tensor> trainable_parameters(ConvNet& net);

}  // namespace tl_boost
