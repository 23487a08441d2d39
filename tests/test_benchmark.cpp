#include "tl_boost/benchmark.hpp"

#include <gtest/gtest.h>

#include "synthetic_data.hpp"
#include "tiny_model.hpp"
#include "tl_boost/splits.hpp"

namespace tl_boost {
namespace {

TEST(Benchmark, BenchDataRecoversTheRawRecordsExactly) {
  const Cifar10 data = testing::synthetic_cifar10(400, 200);
  const BenchData bench = make_bench_data(data, {"cat", "dog"}, 4, 0);
  const HoldOut holdout = stratified_holdout(data.train.label_list, {3, 5}, 0.1, 0, 4);
  const auto index = torch::tensor(holdout.train, torch::kInt64);
  EXPECT_TRUE(torch::equal(bench.raw_images, data.train.images.index_select(0, index)));
  EXPECT_TRUE(torch::equal(bench.contiguous.images, bench.channels_last.images));
  EXPECT_TRUE(bench.channels_last.images.is_contiguous(torch::MemoryFormat::ChannelsLast));
  EXPECT_EQ(bench.num_classes, 2);
}

TEST(Benchmark, BenchDataKeepsTheConfigsCapOnTrainingRecordsPerClass) {
  const Cifar10 data = testing::synthetic_cifar10(400, 200);
  const BenchData all = make_bench_data(data, {"cat", "dog"}, 4, 0);
  const BenchData capped = make_bench_data(data, {"cat", "dog"}, 4, 20);
  const HoldOut holdout = stratified_holdout(data.train.label_list, {3, 5}, 0.1, 20, 4);
  EXPECT_EQ(capped.contiguous.size(), static_cast<std::int64_t>(holdout.train.size()));
  EXPECT_LT(capped.contiguous.size(), all.contiguous.size());
  const auto index = torch::tensor(holdout.train, torch::kInt64);
  EXPECT_TRUE(torch::equal(capped.raw_images, data.train.images.index_select(0, index)));
}

TEST(Benchmark, EveryStepVariantTrainsAndIsCounted) {
  const Cifar10 data = testing::synthetic_cifar10(400, 200);
  const BenchData bench = make_bench_data(data, {"cat", "dog", "frog"}, 0, 0);
  for (const BatchInput input : {BatchInput::kPreallocated, BatchInput::kIndexSelect, BatchInput::kNormalisePerBatch}) {
    for (const bool channels_last : {false, true}) {
      StepVariant variant;
      variant.input = input;
      variant.channels_last = channels_last;
      const Throughput t = measure_training(bench, testing::tiny_model(), variant, 16, 0.0);
      EXPECT_EQ(t.images, 16);  // one timed step when no time is asked for
      EXPECT_GT(t.images_per_second, 0.0);
    }
  }
  const Throughput e = measure_evaluation(bench, testing::tiny_model(), StepVariant{}, 50, 0.0);
  EXPECT_EQ(e.images, bench.contiguous.size());  // one whole pass
  EXPECT_GT(e.images_per_second, 0.0);
}

TEST(Benchmark, MatrixProductRateIsPositive) { EXPECT_GT(measure_matmul_gflops(64, 3), 0.0); }

}  // namespace
}  // namespace tl_boost
