#include "tl_boost/probe.hpp"

#include <chrono>

#include "tl_boost/seeds.hpp"

namespace tl_boost {

namespace {

// Conv features of every image, computed batch by batch without gradients.
LabelledImages features_of(ConvNet& net, const LabelledImages& data, std::int64_t batch_size, Precision precision) {
  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> parts;
  for (std::int64_t start = 0; start < data.size(); start += batch_size) {
    const std::int64_t len = std::min(batch_size, data.size() - start);
    AutocastScope autocast(precision, data.images.device());
    parts.push_back(net->features(data.images.narrow(0, start, len)).to(torch::kFloat32));
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

ProbeResult linear_probe(ConvNet& net, const StageData& data, const ProbeSettings& settings) {
  const auto start = std::chrono::steady_clock::now();
  const bool was_training = net->is_training();
  net->eval();
  const LabelledImages train = features_of(net, data.train, settings.eval_batch_size, settings.precision);
  const LabelledImages validation = features_of(net, data.validation, settings.eval_batch_size, settings.precision);
  const LabelledImages test = features_of(net, data.test, settings.eval_batch_size, settings.precision);
  net->train(was_training);

  const std::int64_t classes = data.train.labels.max().item<std::int64_t>() + 1;
  torch::manual_seed(derive_seed(settings.seed, "init/probe"));
  torch::nn::Linear head(train.images.size(1), classes);
  head->to(train.images.device());
  torch::optim::SGD optimizer(head->parameters(), torch::optim::SGDOptions(settings.lr)
                                                      .momentum(settings.momentum)
                                                      .weight_decay(settings.weight_decay));
  const std::int64_t n = train.size();
  for (int epoch = 0; epoch < settings.epochs; ++epoch) {
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
  result.epochs = settings.epochs;
  result.lr = settings.lr;
  result.train = score(head, train);
  result.validation = score(head, validation);
  result.test = score(head, test);
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace tl_boost
