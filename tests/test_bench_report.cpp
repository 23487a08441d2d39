#include "tl_boost/bench/report.hpp"

#include <gtest/gtest.h>

namespace tl_boost {
namespace {

BenchSetup setup() {
  BenchSetup s;
  s.config = "configs/smoke.json";
  s.threads = 2;
  s.hardware_threads = 4;
  s.libtorch = "1.13.0";
  s.tl_boost = "0.1.0 (abc)";
  s.train_step_flops = 88'571'904;
  s.inference_flops = 30'000'000;
  s.conv1_flops = 10'000'000;
  s.conv2_flops = 19'000'000;
  s.fc_flops = 1'000'000;
  return s;
}

TEST(BenchReport, PartNamesRoundTripAndUnknownNamesAreNone) {
  for (const BenchPart part : kBenchParts) EXPECT_EQ(parse_bench_part(to_string(part)), part);
  EXPECT_EQ(parse_bench_part("levers"), BenchPart::kLevers);
  EXPECT_EQ(parse_bench_part("lever"), std::nullopt);
}

TEST(BenchReport, MedianOfOddAndEvenCounts) {
  EXPECT_DOUBLE_EQ(median({3.0, 1.0, 2.0}), 2.0);
  EXPECT_DOUBLE_EQ(median({4.0, 1.0, 3.0, 2.0}), 2.5);
  EXPECT_DOUBLE_EQ(median({}), 0.0);
}

TEST(BenchReport, SetupAloneIsTwoLinesAndTheMachineFigures) {
  BenchFigures f;
  f.setup = setup();
  EXPECT_EQ(bench_markdown(f),
            "tl-boost bench: configs/smoke.json, on the CPU, 2 threads, LibTorch 1.13.0, hardware threads 4, "
            "AVX512-BF16 no\n\n"
            "FLOPs per image (multiply-add = 2; biases, ReLU, pooling, loss, optimizer left out): inference 30.00 "
            "MFLOP (conv1 10.00, conv2 19.00, fc 1.000); training step 88.57 MFLOP (forward + weight gradients + "
            "input gradients of conv2 and fc; conv1 needs none)\n\n");
  const nlohmann::json j = bench_json(f);
  EXPECT_EQ(j["device"], "cpu");
  EXPECT_EQ(j["flops_per_image"]["train_step"], 88'571'904);
  EXPECT_FALSE(j.contains("load_seconds"));
}

TEST(BenchReport, MatmulWithPinsShowsTheUnpinnedChildAndThePeak) {
  BenchFigures f;
  f.setup = setup();
  f.matmul = MatmulFigures{2048, 5, 80.0, {{"OPENBLAS_L2_SIZE", "1048576"}}, 120.0, 120.0};
  const std::string md = bench_markdown(f);
  EXPECT_NE(md.find("| as this process runs, OPENBLAS_L2_SIZE=1048576 | 80.0 |\n"
                    "| child process with OPENBLAS_L2_SIZE unset (OpenBLAS picks its own kernels) | 120.0 |\n\n"
                    "The attainable rate below is the higher of these: 120.0 GFLOP/s.\n"),
            std::string::npos)
      << md;
  const nlohmann::json j = bench_json(f);
  EXPECT_DOUBLE_EQ(j["matmul_gflops"].get<double>(), 80.0);
  EXPECT_DOUBLE_EQ(j["matmul_gflops_unpinned"].get<double>(), 120.0);
  EXPECT_DOUBLE_EQ(j["matmul_peak_gflops"].get<double>(), 120.0);
}

TEST(BenchReport, AChildsMatmulHasNoPeak) {
  BenchFigures f;
  f.matmul = MatmulFigures{2048, 5, 80.0, {}, std::nullopt, std::nullopt};
  const nlohmann::json j = bench_json(f);
  EXPECT_TRUE(j.contains("matmul_gflops"));
  EXPECT_FALSE(j.contains("matmul_peak_gflops"));
  EXPECT_FALSE(j.contains("matmul_gflops_unpinned"));
}

TEST(BenchReport, TrainingRowsGiveThePeakShareAndTheBf16SpeedUp) {
  BenchFigures f;
  f.train = TrainFigures{2, 100.0, {{32, 1000.0, 50.0, 1500.0}}};
  EXPECT_NE(bench_markdown(f).find("| 32 | 1000 | 50.0 | 50% | 1500 | 1.50× |\n"), std::string::npos);
  f.train->peak_gflops = 0.0;  // no matmul part: no percentage
  EXPECT_NE(bench_markdown(f).find("| 32 | 1000 | 50.0 | – | 1500 | 1.50× |\n"), std::string::npos);
  EXPECT_EQ(bench_json(f)["train"][0]["bf16_images_per_second"], 1500.0);
}

TEST(BenchReport, LeversPrintMediansAndRatiosAndKeepEveryPairsRates) {
  BenchFigures f;
  f.levers = LeversFigures{3, 64, 500, {{"precision", BenchStep::kEval, "bf16 (opt-in)", "fp32", {1, 4, 3}, {2, 1, 2}}}};
  EXPECT_NE(bench_markdown(f).find("| precision | eval | bf16 (opt-in) | fp32 | 3 | 2 | 1.50× |\n"), std::string::npos);
  const nlohmann::json lever = bench_json(f)["levers"][0];
  EXPECT_EQ(lever["step"], "eval");
  EXPECT_EQ(lever["a_images_per_second"].size(), 3u);
  EXPECT_DOUBLE_EQ(lever["ratio"].get<double>(), 1.5);
}

TEST(BenchReport, JobsCompareManyRunsWithOneAsARatioOfMedians) {
  BenchFigures f;
  f.jobs = JobsFigures{2, 1, 64, 500, {100}, {150}, {200}, {300}};
  EXPECT_NE(bench_markdown(f).find("| train | 100 images/s | 150 images/s | 1.50× |\n"), std::string::npos);
  EXPECT_DOUBLE_EQ(bench_json(f)["jobs"]["eval_ratio"].get<double>(), 1.5);
}

}  // namespace
}  // namespace tl_boost
