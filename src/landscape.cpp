#include "tl_boost/landscape.hpp"

#include <ATen/CPUGeneratorImpl.h>

#include <cmath>
#include <stdexcept>

#include "tl_boost/interrupt.hpp"
#include "tl_boost/trainer.hpp"

namespace tl_boost {

namespace {

const char* const kLayerNames[] = {"conv1", "conv2", "fc"};

double dot(const std::vector<torch::Tensor>& a, const std::vector<torch::Tensor>& b) {
  double sum = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) sum += (a[i].to(torch::kDouble) * b[i].to(torch::kDouble)).sum().item<double>();
  return sum;
}

// Every parameter requires a gradient while it lives (frozen layers included); the flags are
// restored afterwards, so a frozen network stays frozen.
class GradientsOn {
 public:
  explicit GradientsOn(std::vector<torch::Tensor> params) : params_(std::move(params)) {
    for (auto& p : params_) {
      flags_.push_back(p.requires_grad());
      p.set_requires_grad(true);
    }
  }
  ~GradientsOn() {
    for (std::size_t i = 0; i < params_.size(); ++i) params_[i].set_requires_grad(flags_[i]);
  }
  GradientsOn(const GradientsOn&) = delete;
  GradientsOn& operator=(const GradientsOn&) = delete;

 private:
  std::vector<torch::Tensor> params_;
  std::vector<bool> flags_;
};

}  // namespace

LayerSnapshot snapshot_layers(ConvNet& net) {
  LayerSnapshot snapshot;
  for (auto* layer : net->layers()) {
    std::vector<torch::Tensor> copies;
    for (const auto& p : layer->parameters()) copies.push_back(p.detach().clone());
    snapshot.push_back(std::move(copies));
  }
  return snapshot;
}

std::vector<LayerDistance> layer_distances(const LayerSnapshot& start, ConvNet& final_net) {
  torch::NoGradGuard no_grad;
  const auto final_layers = final_net->layers();
  std::vector<LayerDistance> distances;
  for (std::size_t i = 0; i < start.size(); ++i) {
    const auto& p0 = start[i];
    const auto p1 = final_layers[i]->parameters();
    double moved = 0.0, initial = 0.0;
    for (std::size_t j = 0; j < p0.size(); ++j) {
      const auto a = p0[j].to(torch::kDouble), b = p1[j].to(torch::kDouble);
      moved += (b - a).pow(2).sum().item<double>();
      initial += a.pow(2).sum().item<double>();
    }
    LayerDistance d;
    d.layer = kLayerNames[i];
    d.absolute = std::sqrt(moved);
    d.initial_norm = std::sqrt(initial);
    d.relative = d.initial_norm > 0.0 ? d.absolute / d.initial_norm : 0.0;
    distances.push_back(d);
  }
  return distances;
}

std::vector<torch::Tensor> hessian_vector_product(const LossTerms& loss, const std::vector<torch::Tensor>& params,
                                                  const std::vector<torch::Tensor>& v) {
  torch::AutoGradMode grad_mode(true);
  std::vector<torch::Tensor> product;
  for (const auto& p : params) product.push_back(torch::zeros_like(p, torch::MemoryFormat::Contiguous));
  for (std::size_t t = 0; t < loss.count; ++t) {
    throw_if_interrupted("a Hessian-vector product");
    const torch::Tensor value = loss.term(t);
    const auto grads = torch::autograd::grad({value}, params, {}, /*retain_graph=*/true, /*create_graph=*/true,
                                             /*allow_unused=*/true);
    torch::Tensor grad_dot_v = torch::zeros({}, value.options());
    for (std::size_t i = 0; i < params.size(); ++i) {
      if (grads[i].defined()) grad_dot_v = grad_dot_v + (grads[i] * v[i]).sum();
    }
    if (!grad_dot_v.requires_grad()) continue;  // the term does not depend on the parameters
    const auto hv = torch::autograd::grad({grad_dot_v}, params, {}, /*retain_graph=*/false, /*create_graph=*/false,
                                          /*allow_unused=*/true);
    for (std::size_t i = 0; i < params.size(); ++i) {
      if (hv[i].defined()) product[i] += hv[i].detach();
    }
  }
  return product;
}

SharpnessResult top_hessian_eigenvalue(const LossTerms& loss, const std::vector<torch::Tensor>& params,
                                       const PowerIterationSettings& settings) {
  if (settings.max_iterations < 2) throw std::invalid_argument("power iteration needs at least 2 iterations");
  auto generator = at::detail::createCPUGenerator(settings.seed);
  std::vector<torch::Tensor> v;
  for (const auto& p : params) {
    v.push_back(torch::randn(p.sizes(), generator, torch::dtype(p.scalar_type())).to(p.device()));
  }
  const double start_norm = std::sqrt(dot(v, v));
  for (auto& x : v) x /= start_norm;

  SharpnessResult result;
  double previous = 0.0;
  for (int k = 1; k <= settings.max_iterations; ++k) {
    const auto hv = hessian_vector_product(loss, params, v);
    const double estimate = dot(v, hv);  // the Rayleigh quotient: v has unit norm
    result.estimates.push_back(estimate);
    result.iterations = k;
    result.top_eigenvalue = estimate;
    if (k > 1) {
      result.relative_change = estimate != 0.0 ? std::abs(estimate - previous) / std::abs(estimate) : 0.0;
      if (result.relative_change <= settings.tolerance) {
        result.converged = true;
        break;
      }
    }
    const double norm = std::sqrt(dot(hv, hv));
    if (norm == 0.0) {  // v lies in the null space: every later estimate is 0 as well
      result.converged = true;
      result.relative_change = 0.0;
      break;
    }
    for (std::size_t i = 0; i < v.size(); ++i) v[i] = hv[i] / norm;
    previous = estimate;
  }
  return result;
}

SharpnessResult network_sharpness(ConvNet& net, const LabelledImages& data, std::int64_t batch_size,
                                  const PowerIterationSettings& settings) {
  const bool was_training = net->is_training();
  net->eval();  // the ConvNet has no dropout or batch norm; eval keeps it so should it gain some
  const auto params = net->parameters();
  SharpnessResult result;
  {
    GradientsOn gradients(params);
    const std::int64_t n = data.size();
    const std::int64_t batches = (n + batch_size - 1) / batch_size;
    LossTerms loss;
    loss.count = static_cast<std::size_t>(batches);
    loss.term = [&](std::size_t b) {
      const std::int64_t begin = static_cast<std::int64_t>(b) * batch_size;
      const std::int64_t end = std::min(n, begin + batch_size);
      const auto logits = net->forward(data.images.slice(0, begin, end));
      const double share = static_cast<double>(end - begin) / static_cast<double>(n);
      return torch::nn::functional::cross_entropy(logits.to(torch::kFloat), data.labels.slice(0, begin, end)) * share;
    };
    result = top_hessian_eigenvalue(loss, params, settings);
  }
  result.subset_size = data.size();
  net->train(was_training);
  return result;
}

std::vector<double> alpha_grid(int points) {
  if (points < 2) throw std::invalid_argument("an interpolation grid needs at least 2 points");
  std::vector<double> alphas;
  for (int i = 0; i < points; ++i) alphas.push_back(i == points - 1 ? 1.0 : static_cast<double>(i) / (points - 1));
  return alphas;
}

std::vector<InterpolationPoint> interpolate_networks(ConvNet& a, ConvNet& b, const std::vector<double>& alphas,
                                                     const std::vector<const LabelledImages*>& data,
                                                     std::int64_t batch_size, Precision precision) {
  const auto pa = a->parameters();
  const auto pb = b->parameters();
  ConvNet mixed(a->options());
  mixed->to(pa.front().device());
  auto pm = mixed->parameters();
  std::vector<InterpolationPoint> points;
  for (const double alpha : alphas) {
    throw_if_interrupted("an interpolation");
    {
      torch::NoGradGuard no_grad;
      // (1−α)·a + α·b is exactly a at α = 0 and exactly b at α = 1.
      for (std::size_t i = 0; i < pm.size(); ++i) pm[i].copy_(pa[i] * (1.0 - alpha) + pb[i] * alpha);
    }
    InterpolationPoint point;
    point.alpha = alpha;
    for (const LabelledImages* set : data) point.evaluations.push_back(evaluate(mixed, *set, batch_size, precision));
    points.push_back(std::move(point));
  }
  return points;
}

}  // namespace tl_boost
