#include "tl_boost/transfer.hpp"

#include <string>

namespace tl_boost {

void copy_layers(ConvNet& from, ConvNet& to, int n) {
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
      item.value().copy_(src);
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
