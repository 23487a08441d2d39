#pragma once
// Throughput of the pieces a run is made of, each measured on real CIFAR-10 images, and the
// alternatives each piece was chosen over. Functions return figures; none prints.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "tl_boost/bench/report.hpp"  // median
#include "tl_boost/cifar10.hpp"
#include "tl_boost/model_options.hpp"
#include "tl_boost/precision.hpp"
#include "tl_boost/stage_data.hpp"

namespace tl_boost {

/// How a training step gets its batch.
enum class BatchInput {
  kPreallocated,       // index_select into buffers allocated once (what the trainer does)
  kIndexSelect,        // a fresh index_select per batch
  kNormalisePerBatch,  // select uint8 records, then convert and normalise every batch
};

/// One way of running the steps; the defaults are what the trainer does.
struct StepVariant {
  bool channels_last = true;
  BatchInput input = BatchInput::kPreallocated;
  Precision precision = Precision::kFp32;
};

/// A stage's training split, normalised once in both memory layouts, and its raw uint8 records.
struct BenchData {
  LabelledImages contiguous;
  LabelledImages channels_last;
  torch::Tensor raw_images;  // uint8 [N, 3, 32, 32], the records behind `contiguous`
  torch::Tensor mean;        // [1, 3, 1, 1], in [0, 1] units
  torch::Tensor std;
  std::int64_t num_classes = 0;
};

/// The training split of `classes` as the runs hold it, capped at `max_per_class` training records per
/// class like a run's data.max_per_class (0: all), so a bench of a small config measures on its data.
BenchData make_bench_data(const Cifar10& data, const std::vector<std::string>& classes, std::uint64_t seed,
                          int max_per_class);

struct Throughput {
  double images_per_second = 0.0;
  std::int64_t images = 0;
  double seconds = 0.0;
};

/// SGD steps of `batch_size` random images (after a warm-up) until `min_seconds` have passed, on
/// `device` (the images are copied there first; kNormalisePerBatch is CPU only).
Throughput measure_training(const BenchData& data, ConvNetOptions model, const StepVariant& variant,
                            std::int64_t batch_size, double min_seconds, torch::Device device = torch::kCPU);

/// evaluate() over the training split, repeated until `min_seconds` have passed, on `device`.
Throughput measure_evaluation(const BenchData& data, ConvNetOptions model, const StepVariant& variant,
                              std::int64_t batch_size, double min_seconds, torch::Device device = torch::kCPU);

/// Hessian-vector products of the mean cross-entropy (landscape.hpp's network_sharpness: double
/// backward in fp32, in batches of `batch_size`) over up to two batches of images, repeated until
/// `min_seconds` have passed: images per second of one product.
Throughput measure_hessian_vector_products(const BenchData& data, ConvNetOptions model, const StepVariant& variant,
                                           std::int64_t batch_size, double min_seconds,
                                           torch::Device device = torch::kCPU);

/// The base-task probe (probe.hpp's linear_probe) of an untrained network on up to 4,000 of the
/// images (3/4 to train the classifier on, 1/8 each to validate and test) with 3 classifier
/// epochs, after a warm-up: the rates of its two parts, as it times them.
struct ProbeThroughput {
  double feature_images_per_second = 0.0;     // features of every split, standardised, and scored
  double classifier_images_per_second = 0.0;  // one classifier epoch over the training features
};
ProbeThroughput measure_probe(const BenchData& data, ConvNetOptions model, const StepVariant& variant,
                              std::int64_t batch_size, std::int64_t eval_batch_size,
                              torch::Device device = torch::kCPU);

/// GFLOP/s of an n×n by n×n fp32 matrix product (torch::mm), the median of `repeats` after a warm-up.
double measure_matmul_gflops(std::int64_t n, int repeats);

/// Seconds to read all 60,000 records with read_cifar10, once per repeat.
std::vector<double> measure_load_seconds(const std::filesystem::path& dir, int repeats);

}  // namespace tl_boost
