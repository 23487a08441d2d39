#include "tl_boost/benchmark.hpp"

#include <algorithm>
#include <chrono>

#include "tl_boost/flops.hpp"
#include "tl_boost/interrupt.hpp"
#include "tl_boost/landscape.hpp"
#include "tl_boost/probe.hpp"
#include "tl_boost/model.hpp"
#include "tl_boost/stopwatch.hpp"
#include "tl_boost/trainer.hpp"

namespace tl_boost {

namespace {

using Clock = std::chrono::steady_clock;

constexpr int kWarmupSteps = 3;

ConvNet make_net(ConvNetOptions model, const StepVariant& variant, std::int64_t num_classes) {
  torch::manual_seed(0);
  model.num_classes = num_classes;
  model.channels_last = variant.channels_last;
  return ConvNet(model);
}

// The split on `device`; on the CPU the same tensors.
LabelledImages on_device(const LabelledImages& images, torch::Device device) {
  if (device.is_cpu()) return images;
  return {images.images.to(device), images.labels.to(device)};
}

}  // namespace

BenchData make_bench_data(const Cifar10& data, const std::vector<std::string>& classes, std::uint64_t seed,
                          int max_per_class) {
  BenchData bench;
  bench.num_classes = static_cast<std::int64_t>(classes.size());
  StageDataOptions options;
  options.split_seed = seed;
  options.max_per_class = max_per_class;
  options.channels_last = false;
  const StageData stage = make_stage_data(data, classes, options, torch::kCPU);
  bench.contiguous = stage.train;
  bench.channels_last.images = stage.train.images.contiguous(torch::MemoryFormat::ChannelsLast);
  bench.channels_last.labels = stage.train.labels;
  bench.mean = torch::tensor({stage.mean[0], stage.mean[1], stage.mean[2]}).view({1, 3, 1, 1});
  bench.std = torch::tensor({stage.std[0], stage.std[1], stage.std[2]}).view({1, 3, 1, 1});
  // Undo the normalisation to recover the records; exact, since the values are k/255 rounded to fp32.
  bench.raw_images =
      stage.train.images.mul(bench.std).add_(bench.mean).mul_(255.0f).round_().clamp_(0, 255).to(torch::kUInt8);
  return bench;
}

Throughput measure_training(const BenchData& data, ConvNetOptions model, const StepVariant& variant,
                            std::int64_t batch_size, double min_seconds, torch::Device device) {
  const LabelledImages images = on_device(variant.channels_last ? data.channels_last : data.contiguous, device);
  const auto format = variant.channels_last ? torch::MemoryFormat::ChannelsLast : torch::MemoryFormat::Contiguous;
  ConvNet net = make_net(model, variant, data.num_classes);
  net->to(device);
  torch::optim::SGD optimizer(net->parameters(), torch::optim::SGDOptions(0.01).momentum(0.9).weight_decay(5e-4));
  BatchGatherer gatherer(images, batch_size);
  const std::int64_t n = images.size();
  auto generator = at::detail::createCPUGenerator(1);
  auto order = torch::randperm(n, generator, torch::kInt64);
  std::int64_t position = 0;

  auto step = [&] {
    if (position + batch_size > n) {
      order = torch::randperm(n, generator, torch::kInt64);
      position = 0;
    }
    const auto index = order.narrow(0, position, batch_size).to(device);
    position += batch_size;
    torch::Tensor batch, labels;
    switch (variant.input) {
      case BatchInput::kPreallocated:
        std::tie(batch, labels) = gatherer.gather(index);
        break;
      case BatchInput::kIndexSelect:
        batch = images.images.index_select(0, index).contiguous(format);
        labels = images.labels.index_select(0, index);
        break;
      case BatchInput::kNormalisePerBatch:
        batch = data.raw_images.index_select(0, index)
                    .to(torch::kFloat32)
                    .div_(255.0f)
                    .sub_(data.mean)
                    .div_(data.std)
                    .contiguous(format);
        labels = images.labels.index_select(0, index);
        break;
    }
    // Reading the loss is part of every real step (the divergence check).
    return train_step(net, optimizer, batch, labels, variant.precision).item<double>();
  };

  for (int i = 0; i < kWarmupSteps; ++i) step();
  Throughput result;
  const auto start = Clock::now();
  do {
    throw_if_interrupted("a throughput measurement");
    step();
    result.images += batch_size;
  } while (seconds_since(start) < min_seconds);
  result.seconds = seconds_since(start);
  result.images_per_second = static_cast<double>(result.images) / result.seconds;
  return result;
}

Throughput measure_evaluation(const BenchData& data, ConvNetOptions model, const StepVariant& variant,
                              std::int64_t batch_size, double min_seconds, torch::Device device) {
  const LabelledImages images = on_device(variant.channels_last ? data.channels_last : data.contiguous, device);
  ConvNet net = make_net(model, variant, data.num_classes);
  net->to(device);
  // Warm-up on one batch, then whole passes.
  evaluate(net, LabelledImages{images.images.narrow(0, 0, std::min(batch_size, images.size())),
                               images.labels.narrow(0, 0, std::min(batch_size, images.size()))},
           batch_size, variant.precision);
  Throughput result;
  const auto start = Clock::now();
  do {
    throw_if_interrupted("a throughput measurement");
    evaluate(net, images, batch_size, variant.precision);
    result.images += images.size();
  } while (seconds_since(start) < min_seconds);
  result.seconds = seconds_since(start);
  result.images_per_second = static_cast<double>(result.images) / result.seconds;
  return result;
}

Throughput measure_hessian_vector_products(const BenchData& data, ConvNetOptions model, const StepVariant& variant,
                                           std::int64_t batch_size, double min_seconds, torch::Device device) {
  const LabelledImages all = on_device(variant.channels_last ? data.channels_last : data.contiguous, device);
  const std::int64_t n = std::min(all.size(), 2 * batch_size);
  const LabelledImages images{all.images.narrow(0, 0, n), all.labels.narrow(0, 0, n)};
  ConvNet net = make_net(model, variant, data.num_classes);
  net->to(device);
  PowerIterationSettings settings;
  settings.max_iterations = 2;  // the fewest power iteration takes
  settings.tolerance = -1.0;    // never converged: both products run
  network_sharpness(net, images, batch_size, settings);  // warm-up
  Throughput result;
  const auto start = Clock::now();
  do {
    throw_if_interrupted("a throughput measurement");
    network_sharpness(net, images, batch_size, settings);
    result.images += settings.max_iterations * n;
  } while (seconds_since(start) < min_seconds);
  result.seconds = seconds_since(start);
  result.images_per_second = static_cast<double>(result.images) / result.seconds;
  return result;
}

ProbeThroughput measure_probe(const BenchData& data, ConvNetOptions model, const StepVariant& variant,
                              std::int64_t batch_size, std::int64_t eval_batch_size, torch::Device device) {
  const LabelledImages all = on_device(variant.channels_last ? data.channels_last : data.contiguous, device);
  const std::int64_t n = std::min<std::int64_t>(all.size(), 4000);
  const auto part = [&](std::int64_t begin, std::int64_t end) {
    return LabelledImages{all.images.slice(0, begin, end), all.labels.slice(0, begin, end)};
  };
  StageData stage;
  stage.train = part(0, n * 3 / 4);
  stage.validation = part(n * 3 / 4, n * 7 / 8);
  stage.test = part(n * 7 / 8, n);
  ConvNet net = make_net(model, variant, data.num_classes);
  net->to(device);
  ProbeSettings settings;
  settings.batch_size = batch_size;
  settings.eval_batch_size = eval_batch_size;
  settings.precision = variant.precision;
  settings.epochs = 1;
  linear_probe(net, stage, settings);  // warm-up
  settings.epochs = 3;
  const ProbeResult probe = linear_probe(net, stage, settings);
  ProbeThroughput result;
  result.classifier_images_per_second =
      static_cast<double>(settings.epochs * stage.train.size()) / std::max(1e-9, probe.classifier_seconds);
  result.feature_images_per_second =
      static_cast<double>(n) / std::max(1e-9, probe.seconds - probe.classifier_seconds);
  return result;
}

double measure_matmul_gflops(std::int64_t n, int repeats) {
  auto generator = at::detail::createCPUGenerator(2);
  const auto a = torch::randn({n, n}, generator);
  const auto b = torch::randn({n, n}, generator);
  auto c = torch::mm(a, b);  // warm-up: thread pool and packing buffers
  std::vector<double> rates;
  for (int i = 0; i < repeats; ++i) {
    const auto start = Clock::now();
    torch::mm_out(c, a, b);
    rates.push_back(matmul_flops(n) / seconds_since(start) / 1e9);
  }
  return median(rates);
}

std::vector<double> measure_load_seconds(const std::filesystem::path& dir, int repeats) {
  std::vector<double> seconds;
  for (int i = 0; i < repeats; ++i) {
    const auto start = Clock::now();
    const Cifar10 data = read_cifar10(dir);
    seconds.push_back(seconds_since(start));
  }
  return seconds;
}

}  // namespace tl_boost
