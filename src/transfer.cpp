#include "tl_boost/transfer.hpp"

#include <cmath>
#include <string>

#include "tl_boost/seeds.hpp"

namespace tl_boost {

namespace {

// Standard normal values from the portable Rng (Box–Muller), so the control replays anywhere.
std::vector<double> normal_values(std::int64_t count, std::uint64_t seed) {
  Rng rng(seed);
  const auto uniform = [&rng] { return (static_cast<double>(rng.next() >> 11) + 0.5) * 0x1.0p-53; };  // (0, 1)
  std::vector<double> values;
  values.reserve(static_cast<std::size_t>(count));
  while (static_cast<std::int64_t>(values.size()) < count) {
    const double radius = std::sqrt(-2.0 * std::log(uniform()));
    const double angle = 2.0 * M_PI * uniform();
    values.push_back(radius * std::cos(angle));
    values.push_back(radius * std::sin(angle));
  }
  values.resize(static_cast<std::size_t>(count));
  return values;
}

// One filter replaced by seeded normal values with exactly its mean and standard deviation.
torch::Tensor matched_statistics(const torch::Tensor& filter, std::uint64_t seed) {
  const std::int64_t count = filter.numel();
  if (count < 2) return filter.clone();  // no standard deviation to match
  const double mean = filter.mean().item<double>(), sd = filter.std().item<double>();
  std::vector<double> values = normal_values(count, seed);
  auto sample = torch::from_blob(values.data(), {count}, torch::kFloat64).clone();
  const auto sample_sd = sample.std().item<double>();
  sample = (sample - sample.mean()) / (sample_sd > 0.0 ? sample_sd : 1.0);  // exactly mean 0, sd 1
  return (sample * sd + mean).view(filter.sizes());
}

// One conv filter [in, k, k] with its k×k taps reordered, the same order for every input channel.
torch::Tensor permuted_taps(const torch::Tensor& filter, std::uint64_t seed) {
  const std::int64_t taps = filter.size(1) * filter.size(2);
  auto order = shuffled_range(taps, seed);
  const auto index = torch::from_blob(order.data(), {taps}, torch::kInt64).clone();
  return filter.reshape({filter.size(0), taps}).index_select(1, index).view(filter.sizes());
}

}  // namespace

torch::Tensor transform_weight(const torch::Tensor& weight, const LayerTransform& transform, int layer) {
  if (transform.init == TransferInit::kCopy || transform.init == TransferInit::kShrinkPerturb) return weight.clone();
  if (transform.init == TransferInit::kPermutedTaps && weight.dim() != 4) return weight.clone();
  const auto source = weight.detach().to(torch::kCPU, torch::kFloat64);
  auto result = torch::empty_like(source);
  const std::uint64_t layer_seed = derive_seed(transform.seed, "transfer_init/layer", static_cast<std::uint64_t>(layer));
  for (std::int64_t f = 0; f < source.size(0); ++f) {
    const std::uint64_t seed = derive_seed(layer_seed, "filter", static_cast<std::uint64_t>(f));
    result[f].copy_(transform.init == TransferInit::kMatchedStatistics ? matched_statistics(source[f], seed)
                                                                     : permuted_taps(source[f], seed));
  }
  return result.to(weight.device(), weight.scalar_type());
}

void copy_layers(ConvNet& from, ConvNet& to, int n, const LayerTransform& transform) {
  torch::NoGradGuard no_grad;
  auto source_layers = from->layers();
  auto target_layers = to->layers();
  TORCH_CHECK(n >= 0 && n <= static_cast<int>(source_layers.size()), "copy_layers: n out of range: ", n);
  for (int i = 0; i < n; ++i) {
    auto source = source_layers[i]->named_parameters();
    auto target = target_layers[i]->named_parameters();
    for (auto& item : target) {
      const torch::Tensor& src = source[item.key()];
      TORCH_CHECK(src.sizes() == item.value().sizes(), "copy_layers: layer ", i + 1, " parameter ", item.key(),
                  " has shape ", src.sizes(), " in the source, ", item.value().sizes(), " in the target");
      // Memory formats may differ between the networks: copy_ keeps the target's layout.
      if (transform.init == TransferInit::kShrinkPerturb) {
        item.value().copy_(transform.shrink * src + transform.perturb * item.value());
      } else {
        item.value().copy_(item.key() == "weight" ? transform_weight(src, transform, i) : src);
      }
    }
  }
}

void freeze_layers(ConvNet& net, int n) {
  auto layers = net->layers();
  for (int i = 0; i < n && i < static_cast<int>(layers.size()); ++i) {
    for (auto& parameter : layers[i]->parameters()) parameter.set_requires_grad(false);
  }
}

std::vector<torch::Tensor> trainable_parameters(ConvNet& net) {
  std::vector<torch::Tensor> params;
  for (auto& parameter : net->parameters()) {
    if (parameter.requires_grad()) params.push_back(parameter);
  }
  return params;
}

}  // namespace tl_boost
