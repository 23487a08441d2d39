#include "tl_boost/stage_data.hpp"

#include "tl_boost/seeds.hpp"
#include "tl_boost/splits.hpp"

namespace tl_boost {

namespace {

torch::Tensor to_index_tensor(const std::vector<std::int64_t>& indices) {
  return torch::from_blob(const_cast<std::int64_t*>(indices.data()), {static_cast<std::int64_t>(indices.size())},
                          torch::kInt64)
      .clone();
}

// Selects records, maps CIFAR labels to stage labels, scales to [0, 1] and normalises.
LabelledImages gather(const Cifar10Split& split, const std::vector<std::int64_t>& indices,
                      const torch::Tensor& label_map, const torch::Tensor& mean, const torch::Tensor& std,
                      torch::MemoryFormat format, torch::Device device) {
  const auto index = to_index_tensor(indices);
  LabelledImages out;
  out.images = split.images.index_select(0, index)
                   .to(torch::kFloat32)
                   .div_(255.0f)
                   .sub_(mean)
                   .div_(std)
                   .contiguous(format)
                   .to(device);
  out.labels = label_map.index_select(0, split.labels.index_select(0, index)).to(device);
  return out;
}

}  // namespace

StageData make_stage_data(const Cifar10& data, const std::vector<std::string>& classes,
                          const StageDataOptions& options, torch::Device device) {
  std::vector<int> labels;
  auto label_map = torch::full({10}, -1, torch::kInt64);
  for (std::size_t i = 0; i < classes.size(); ++i) {
    labels.push_back(cifar10_label(classes[i]));
    label_map[labels.back()] = static_cast<std::int64_t>(i);
  }
  const HoldOut holdout = stratified_holdout(data.train.label_list, labels, options.validation_fraction,
                                             options.max_per_class, options.split_seed);

  // Per-channel statistics of the training split, in [0, 1] units.
  const auto train_pixels =
      data.train.images.index_select(0, to_index_tensor(holdout.train)).to(torch::kFloat64).div_(255.0);
  const auto mean = train_pixels.mean({0, 2, 3}).to(torch::kFloat32);
  const auto std = train_pixels.std({0, 2, 3}).to(torch::kFloat32);
  const auto mean4 = mean.view({1, 3, 1, 1});
  const auto std4 = std.view({1, 3, 1, 1});

  const auto format = options.channels_last ? torch::MemoryFormat::ChannelsLast : torch::MemoryFormat::Contiguous;
  StageData stage;
  stage.train = gather(data.train, holdout.train, label_map, mean4, std4, format, device);
  stage.validation = gather(data.train, holdout.validation, label_map, mean4, std4, format, device);
  stage.test =
      gather(data.test, indices_of_classes(data.test.label_list, labels, options.max_test_per_class), label_map, mean4, std4, format, device);
  for (int c = 0; c < 3; ++c) {
    stage.mean[c] = mean[c].item<float>();
    stage.std[c] = std[c].item<float>();
  }
  return stage;
}

torch::Tensor shuffled_labels(const torch::Tensor& labels, std::uint64_t seed) {
  const torch::Tensor order = to_index_tensor(shuffled_range(labels.size(0), seed)).to(labels.device());
  return labels.index_select(0, order);
}

}  // namespace tl_boost
