#include "tl_boost/trainer.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <sstream>

#include "tl_boost/error.hpp"
#include "tl_boost/interrupt.hpp"
#include "tl_boost/seeds.hpp"
#include "tl_boost/stopwatch.hpp"
#include "tl_boost/transfer.hpp"

namespace tl_boost {

namespace {

using Clock = std::chrono::steady_clock;

torch::Tensor epoch_order(std::int64_t n, std::uint64_t shuffle_seed, int epoch, torch::Device device) {
  // The order of an epoch is a function of (seed, epoch) alone: no generator state to carry.
  auto order = shuffled_range(n, derive_seed(shuffle_seed, "epoch", static_cast<std::uint64_t>(epoch)));
  return torch::from_blob(order.data(), {n}, torch::kInt64).clone().to(device);
}

void set_learning_rate(torch::optim::SGD& optimizer, double lr) {
  for (auto& group : optimizer.param_groups()) {
    static_cast<torch::optim::SGDOptions&>(group.options()).lr(lr);
  }
}

bool is_channels_last(const torch::Tensor& images) {
  return images.dim() == 4 && !images.is_contiguous() && images.is_contiguous(torch::MemoryFormat::ChannelsLast);
}

}  // namespace

LabelledImages seeded_subset(const LabelledImages& data, std::int64_t count, std::uint64_t seed) {
  const std::int64_t n = data.size();
  if (count <= 0 || count >= n) return data;
  auto order = shuffled_range(n, seed);
  order.resize(static_cast<std::size_t>(count));
  std::sort(order.begin(), order.end());
  const auto index = torch::from_blob(order.data(), {count}, torch::kInt64).clone().to(data.images.device());
  auto images = data.images.index_select(0, index);
  if (is_channels_last(data.images)) images = images.contiguous(torch::MemoryFormat::ChannelsLast);
  return {images, data.labels.index_select(0, index)};
}

BatchGatherer::BatchGatherer(const LabelledImages& data, std::int64_t max_batch_size)
    : channels_last_(is_channels_last(data.images)),
      // Whole rows in storage order make index_select a row-by-row memcpy.
      image_rows_(channels_last_ ? data.images.permute({0, 2, 3, 1}) : data.images.contiguous()),
      labels_(data.labels) {
  auto shape = image_rows_.sizes().vec();
  shape[0] = std::min(max_batch_size, std::max<std::int64_t>(data.size(), 1));
  image_buffer_ = torch::empty(shape, image_rows_.options());
  label_buffer_ = torch::empty({shape[0]}, labels_.options());
}

std::pair<torch::Tensor, torch::Tensor> BatchGatherer::gather(const torch::Tensor& index) {
  const std::int64_t len = index.size(0);
  auto images = image_buffer_.narrow(0, 0, len);
  auto labels = label_buffer_.narrow(0, 0, len);
  torch::index_select_out(images, image_rows_, 0, index);
  torch::index_select_out(labels, labels_, 0, index);
  return {channels_last_ ? images.permute({0, 3, 1, 2}) : images, labels};
}

torch::Tensor train_step(ConvNet& net, torch::optim::Optimizer& optimizer, const torch::Tensor& images,
                         const torch::Tensor& labels, Precision precision) {
  optimizer.zero_grad();
  torch::Tensor logits;
  {
    AutocastScope autocast(precision, images.device());
    logits = net->forward(images).to(torch::kFloat32);
  }
  auto loss = torch::nn::functional::cross_entropy(logits, labels);
  loss.backward();
  optimizer.step();
  return loss.detach();
}

Evaluation evaluate(ConvNet& net, const LabelledImages& data, std::int64_t batch_size, Precision precision) {
  torch::NoGradGuard no_grad;
  const bool was_training = net->is_training();
  net->eval();
  const std::int64_t n = data.size();
  auto loss_sum = torch::zeros({}, torch::TensorOptions().dtype(torch::kFloat64).device(data.images.device()));
  auto correct = torch::zeros({}, torch::TensorOptions().dtype(torch::kInt64).device(data.images.device()));
  for (std::int64_t start = 0; start < n; start += batch_size) {
    throw_if_interrupted("an evaluation pass");
    const std::int64_t len = std::min(batch_size, n - start);
    torch::Tensor logits;
    {
      AutocastScope autocast(precision, data.images.device());
      logits = net->forward(data.images.narrow(0, start, len)).to(torch::kFloat32);
    }
    const auto labels = data.labels.narrow(0, start, len);
    loss_sum += torch::nn::functional::cross_entropy(
                    logits, labels, torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum))
                    .to(torch::kFloat64);
    correct += logits.argmax(1).eq(labels).sum();
  }
  net->train(was_training);
  Evaluation result;
  result.count = n;
  if (n > 0) {
    result.loss = loss_sum.item<double>() / static_cast<double>(n);
    result.accuracy = static_cast<double>(correct.item<std::int64_t>()) / static_cast<double>(n);
  }
  return result;
}

std::vector<EpochMetrics> train_stage(ConvNet& net, const StageData& data, const TrainSettings& settings,
                                      const EpochCallback& on_epoch, const StageResume& resume) {
  torch::optim::SGD optimizer(trainable_parameters(net), torch::optim::SGDOptions(settings.schedule.base_lr)
                                                            .momentum(settings.momentum)
                                                            .weight_decay(settings.weight_decay)
                                                            .nesterov(settings.nesterov));
  const std::int64_t n = data.train.size();
  const auto device = data.train.images.device();
  BatchGatherer batches(data.train, settings.batch_size);
  // Drawn once: every epoch's train metrics are on the same records.
  const LabelledImages train_eval = seeded_subset(data.train, settings.train_eval_subset, settings.train_eval_seed);
  if (resume.restore) resume.restore(net, optimizer);
  std::vector<EpochMetrics> history;
  for (int epoch = resume.epochs_done; epoch < settings.epochs; ++epoch) {
    const auto start = Clock::now();
    const double lr = learning_rate_at(settings.schedule, epoch, settings.epochs);
    set_learning_rate(optimizer, lr);
    net->train();
    const auto order = epoch_order(n, settings.shuffle_seed, epoch, device);
    std::int64_t batch = 0;
    for (std::int64_t first = 0; first < n; first += settings.batch_size, ++batch) {
      if (pending_interrupt() != 0) {
        const std::string where = "epoch " + std::to_string(epoch + 1) + "; the last complete epoch is checkpointed";
        throw_if_interrupted(where.c_str());
      }
      const auto [images, labels] = batches.gather(order.narrow(0, first, std::min(settings.batch_size, n - first)));
      const double value = train_step(net, optimizer, images, labels, settings.precision).item<double>();
      if (!std::isfinite(value)) {
        // The step already applied a non-finite update; the run stops here, so that is harmless.
        std::ostringstream message;
        message << "epoch " << epoch + 1 << ", batch " << batch + 1 << ": training loss is " << value
                << "; try a lower learning rate (train.lr = " << lr << ")";
        throw RunFailedError(message.str());
      }
    }
    EpochMetrics metrics;
    metrics.epoch = epoch + 1;
    metrics.lr = lr;
    const Evaluation train = evaluate(net, train_eval, settings.eval_batch_size, settings.precision);
    const Evaluation validation = evaluate(net, data.validation, settings.eval_batch_size, settings.precision);
    metrics.train_loss = train.loss;
    metrics.train_acc = train.accuracy;
    metrics.val_loss = validation.loss;
    metrics.val_acc = validation.accuracy;
    metrics.seconds = seconds_since(start);
    history.push_back(metrics);
    if (on_epoch) on_epoch(metrics, net, optimizer);
  }
  return history;
}

}  // namespace tl_boost
