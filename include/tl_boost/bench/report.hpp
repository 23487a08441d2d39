#pragma once
// `tl-boost bench`'s figures as plain data, one struct per part, and the one renderer of them as
// Markdown tables and as JSON. LibTorch-free: the parts (bench_command.cpp) measure, this prints.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace tl_boost {

/// The parts of a bench, in the order they run and print; kStep is the child process the levers
/// and jobs parts start (one training and one evaluation measurement, figures only).
enum class BenchPart { kLoad, kMatmul, kTrain, kEval, kLevers, kJobs, kProtocol, kStep };

inline constexpr BenchPart kBenchParts[] = {BenchPart::kLoad,   BenchPart::kMatmul, BenchPart::kTrain,
                                            BenchPart::kEval,   BenchPart::kLevers, BenchPart::kJobs,
                                            BenchPart::kProtocol, BenchPart::kStep};

/// load, matmul, train, eval, levers, jobs, protocol, step: the --part names.
const char* to_string(BenchPart part);
/// The part `name` names; std::nullopt for none.
std::optional<BenchPart> parse_bench_part(const std::string& name);

/// Which pass a lever or a jobs row measures.
enum class BenchStep { kTrain, kEval };
const char* to_string(BenchStep step);  // "train", "eval"

/// The median of `values` (the mean of the middle two for an even count); 0 for none.
double median(std::vector<double> values);

/// The machine, the build and the FLOPs per image of the config's network.
struct BenchSetup {
  std::string config;
  int threads = 0;
  unsigned hardware_threads = 0;
  std::string libtorch;
  std::string tl_boost;  // version (git sha)
  bool cpu_native_bf16 = false;
  std::int64_t train_step_flops = 0;
  std::int64_t inference_flops = 0;
  std::int64_t conv1_flops = 0, conv2_flops = 0, fc_flops = 0;  // of the forward pass
};

struct LoadFigures {
  std::string dir;
  std::vector<double> seconds;  // one per repeat
};

struct MatmulFigures {
  std::int64_t size = 0;
  int repeats = 0;
  double gflops = 0.0;                                   // as this process runs
  std::vector<std::pair<std::string, std::string>> pins;  // OpenBLAS variables set here, with their values
  std::optional<double> unpinned_gflops;                 // a child's with the pins unset
  std::optional<double> peak_gflops;                     // the higher: unknown in a child
};

struct StepFigures {
  double train_images_per_second = 0.0;
  double eval_images_per_second = 0.0;
};

struct TrainRow {
  std::int64_t batch = 0;
  double fp32_images_per_second = 0.0;
  double fp32_gflops = 0.0;
  double bf16_images_per_second = 0.0;
};

struct TrainFigures {
  int threads = 0;
  double peak_gflops = 0.0;  // 0: unknown (no matmul part), no percentages
  std::vector<TrainRow> rows;
};

struct EvalRow {
  std::int64_t batch = 0;
  double images_per_second = 0.0;
  double gflops = 0.0;
};

struct EvalFigures {
  std::size_t images = 0;  // the training images each pass evaluates
  double peak_gflops = 0.0;
  std::vector<EvalRow> rows;
};

/// One lever, A against B: the rates of every pair.
struct LeverFigures {
  std::string lever;
  BenchStep step = BenchStep::kTrain;
  std::string a, b;
  std::vector<double> a_images_per_second, b_images_per_second;
};

struct LeversFigures {
  int pairs = 0;
  std::int64_t train_batch = 0, eval_batch = 0;
  std::vector<LeverFigures> levers;
};

/// `threads` runs with one thread each against one run with `threads`, per pair.
struct JobsFigures {
  int threads = 0;
  int pairs = 0;
  std::int64_t train_batch = 0, eval_batch = 0;
  std::vector<double> train_one_run, train_many_runs, eval_one_run, eval_many_runs;
};

struct EndToEndFigures {
  std::string config;
  int epochs_per_stage = 0;
  double seconds = 0.0;
  double target_test_accuracy = 0.0;
};

/// Every part's figures; a part that did not run is empty.
struct BenchFigures {
  BenchSetup setup;
  std::optional<LoadFigures> load;
  std::optional<MatmulFigures> matmul;
  std::optional<StepFigures> step;
  std::optional<TrainFigures> train;
  std::optional<EvalFigures> eval;
  std::optional<LeversFigures> levers;
  std::optional<JobsFigures> jobs;
  std::optional<EndToEndFigures> protocol;
};

/// The tables, in part order, after two lines on the setup.
std::string bench_markdown(const BenchFigures& figures);

/// Every figure, keyed as the --json file has them (load_seconds, matmul_gflops, train, levers, ...).
nlohmann::json bench_json(const BenchFigures& figures);

}  // namespace tl_boost
