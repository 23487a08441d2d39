#include "tl_boost/model.hpp"

namespace tl_boost {

namespace nn = torch::nn;

ConvNetImpl::ConvNetImpl(const ConvNetOptions& options) : options_(options) {
  const std::int64_t pad = options.kernel_size / 2;
  conv1 = register_module(
      "conv1", nn::Conv2d(nn::Conv2dOptions(kImageChannels, options.conv1_channels, options.kernel_size).padding(pad)));
  conv2 = register_module(
      "conv2",
      nn::Conv2d(nn::Conv2dOptions(options.conv1_channels, options.conv2_channels, options.kernel_size).padding(pad)));
  fc = register_module("fc", nn::Linear(options.flat_features(), options.num_classes));
  if (options.channels_last) {
    // Later copies (transfer, checkpoint loads, optimizer updates) write into these tensors and keep their layout.
    for (auto* conv : {&conv1, &conv2}) {
      (*conv)->weight.set_data((*conv)->weight.contiguous(torch::MemoryFormat::ChannelsLast));
    }
  }
}

torch::Tensor ConvNetImpl::features(torch::Tensor images, int conv_layers) {
  TORCH_CHECK(conv_layers >= 1 && conv_layers <= kNumConvLayers, "features: conv_layers out of range: ", conv_layers);
  auto x = torch::max_pool2d(torch::relu(conv1->forward(images)), 2);
  if (conv_layers >= 2) x = torch::max_pool2d(torch::relu(conv2->forward(x)), 2);
  return x.flatten(1);
}

torch::Tensor ConvNetImpl::forward(torch::Tensor images) { return fc->forward(features(images)); }

std::vector<torch::nn::Module*> ConvNetImpl::layers() { return {conv1.get(), conv2.get(), fc.get()}; }

}  // namespace tl_boost
