#include "tl_boost/probe.hpp"

#include <chrono>

#include "tl_boost/interrupt.hpp"
#include "tl_boost/seeds.hpp"

namespace tl_boost {

namespace {

// Conv features of every image, computed batch by batch without gradients.
LabelledImages features_of(ConvNet& net, const LabelledImages& data, const ProbeSettings& settings) {
  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> parts;
  for (std::int64_t start = 0; start < data.size(); start += settings.eval_batch_size) {
    throw_if_interrupted("the probe's features");
    const std::int64_t len = std::min(settings.eval_batch_size, data.size() - start);
    AutocastScope autocast(settings.precision, data.images.device());
    parts.push_back(
        net->features(data.images.narrow(0, start, len), settings.conv_layers).to(torch::kFloat32));
  }
  return {torch::cat(parts), data.labels};
}

Evaluation score(torch::nn::Linear& head, const LabelledImages& features) {
  torch::NoGradGuard no_grad;
  const auto logits = head->forward(features.images);
  Evaluation e;
  e.count = features.size();
  e.loss = torch::nn::functional::cross_entropy(logits, features.labels).item<double>();
  e.accuracy = logits.argmax(1).eq(features.labels).to(torch::kFloat64).mean().item<double>();
  return e;
}

}  // namespace

ProbeFeatures probe_features(ConvNet& net, const StageData& data, const ProbeSettings& settings) {
  const bool was_training = net->is_training();
  net->eval();
  ProbeFeatures f{features_of(net, data.train, settings), features_of(net, data.validation, settings),
                  features_of(net, data.test, settings)};
  net->train(was_training);
  if (settings.standardize) {
    const auto mean = f.train.images.mean(0, true);
    // A feature constant on the training split (a dead ReLU) is only centred.
    auto sd = f.train.images.std(0, false, true);
    sd = torch::where(sd > 0, sd, torch::ones_like(sd));
    for (auto* split : {&f.train, &f.validation, &f.test}) split->images = (split->images - mean) / sd;
  }
  return f;
}

ProbeResult linear_probe(ConvNet& net, const StageData& data, const ProbeSettings& settings) {
  const auto start = std::chrono::steady_clock::now();
  const ProbeFeatures features = probe_features(net, data, settings);
  const LabelledImages& train = features.train;

  const std::int64_t classes = data.train.labels.max().item<std::int64_t>() + 1;
  torch::manual_seed(derive_seed(settings.seed, "init/probe"));
  torch::nn::Linear head(train.images.size(1), classes);
  head->to(train.images.device());
  torch::optim::SGD optimizer(head->parameters(), torch::optim::SGDOptions(settings.lr)
                                                      .momentum(settings.momentum)
                                                      .weight_decay(settings.weight_decay));
  const std::int64_t n = train.size();
  const auto classifier_start = std::chrono::steady_clock::now();
  for (int epoch = 0; epoch < settings.epochs; ++epoch) {
    throw_if_interrupted("the probe's training");
    auto order = shuffled_range(n, derive_seed(settings.seed, "shuffle/probe", static_cast<std::uint64_t>(epoch)));
    const auto index = torch::from_blob(order.data(), {n}, torch::kInt64).clone().to(train.images.device());
    for (std::int64_t first = 0; first < n; first += settings.batch_size) {
      const auto batch = index.narrow(0, first, std::min(settings.batch_size, n - first));
      optimizer.zero_grad();
      auto loss = torch::nn::functional::cross_entropy(head->forward(train.images.index_select(0, batch)),
                                                       train.labels.index_select(0, batch));
      loss.backward();
      optimizer.step();
    }
  }
  ProbeResult result;
  result.classifier_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - classifier_start).count();
  result.epochs = settings.epochs;
  result.lr = settings.lr;
  result.standardized = settings.standardize;
  result.train = score(head, train);
  result.validation = score(head, features.validation);
  result.test = score(head, features.test);
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace tl_boost
