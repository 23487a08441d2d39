#pragma once
// Measures of where training ended in the loss landscape: how far each layer moved from the start
// of the target stage, how sharp the minimum is (the top eigenvalue of the training-loss Hessian),
// and the loss along the straight line between two networks. Returns numbers; never prints.
#include <cstdint>
#include <functional>
#include <vector>

#include <torch/torch.h>

#include "tl_boost/metrics.hpp"
#include "tl_boost/model.hpp"
#include "tl_boost/precision.hpp"
#include "tl_boost/stage_data.hpp"
#include "tl_boost/trainer.hpp"  // seeded_subset: the sharpness and interpolation subsets

namespace tl_boost {

/// Detached copies of the parameters of each layer (conv1, conv2, fc), in order. Copies rather
/// than a second network, whose construction would draw from the global generator.
using LayerSnapshot = std::vector<std::vector<torch::Tensor>>;
LayerSnapshot snapshot_layers(ConvNet& net);

/// ‖θ_final − θ_start‖₂ of each layer (conv1, conv2, fc; weight and bias together), with
/// ‖θ_start‖₂ and their ratio. `start` is a snapshot of a network with the same options.
std::vector<LayerDistance> layer_distances(const LayerSnapshot& start, ConvNet& final_net);

/// A loss written as a sum of terms (the batches of a data set, each weighted by its share), so
/// that a Hessian-vector product over a large set holds one term's graph at a time.
struct LossTerms {
  std::size_t count = 1;
  std::function<torch::Tensor(std::size_t)> term;  // a scalar tensor depending on the parameters
};

struct PowerIterationSettings {
  int max_iterations = 30;
  double tolerance = 1e-3;  // converged when |λ_k − λ_{k−1}| ≤ tolerance · |λ_k|
  std::uint64_t seed = 0;   // the random start vector
};

/// H·v of the loss at `params` by double backward: g = ∇loss (create_graph), then ∇(g·v), summed
/// over the terms. `v` holds one tensor per parameter.
std::vector<torch::Tensor> hessian_vector_product(const LossTerms& loss, const std::vector<torch::Tensor>& params,
                                                  const std::vector<torch::Tensor>& v);

/// The eigenvalue of largest magnitude of the Hessian of `loss` with respect to `params` (every
/// one must require a gradient), by power iteration on Hessian-vector products from a seeded
/// random vector. Records the estimate of every iteration. subset_size is left 0.
SharpnessResult top_hessian_eigenvalue(const LossTerms& loss, const std::vector<torch::Tensor>& params,
                                       const PowerIterationSettings& settings);

/// The sharpness of `net` on `data`: the top Hessian eigenvalue of the mean cross-entropy (no
/// weight decay) with respect to every parameter, frozen ones included, in fp32 and eval mode, in
/// batches of `batch_size`. The network's parameters and flags are left as they were.
SharpnessResult network_sharpness(ConvNet& net, const LabelledImages& data, std::int64_t batch_size,
                                  const PowerIterationSettings& settings);

/// `points` values of α evenly from 0 to 1 inclusive (points >= 2).
std::vector<double> alpha_grid(int points);

/// One point of a linear interpolation: α and the evaluation on each data set, in order.
struct InterpolationPoint {
  double alpha = 0.0;
  std::vector<Evaluation> evaluations;
};

/// Evaluates θ(α) = (1−α)·θ_a + α·θ_b for each α on each of `data` (trainer.hpp's evaluate).
/// Neither network is changed; both must have the same options and device.
std::vector<InterpolationPoint> interpolate_networks(ConvNet& a, ConvNet& b, const std::vector<double>& alphas,
                                                     const std::vector<const LabelledImages*>& data,
                                                     std::int64_t batch_size, Precision precision);

}  // namespace tl_boost
