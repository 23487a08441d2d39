// `tl-boost bench`: the performance figures of this machine. Each part (load, matmul, train, eval,
// levers, jobs, protocol, and "step", the child the levers and jobs parts start) is one function
// that measures and returns its figures; bench/report.hpp renders them as Markdown and JSON.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <thread>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include "tl_boost/app.hpp"
#include "tl_boost/bench/report.hpp"
#include "tl_boost/benchmark.hpp"
#include "tl_boost/cifar10.hpp"
#include "tl_boost/config.hpp"
#include "tl_boost/error.hpp"
#include "tl_boost/flops.hpp"
#include "tl_boost/model_options.hpp"
#include "tl_boost/protocol.hpp"
#include "tl_boost/run_output.hpp"
#include "tl_boost/runtime.hpp"
#include "tl_boost/session.hpp"
#include "tl_boost/stopwatch.hpp"
#include "tl_boost/subprocess.hpp"
#include "tl_boost/text_format.hpp"

namespace tl_boost {

namespace {

using nlohmann::json;

constexpr std::int64_t kMatmulSize = 2048;
constexpr int kMatmulRepeats = 5;
constexpr int kLoadRepeats = 5;
// OpenBLAS reads these at load time to pin its kernels; the attainable peak is measured without them.
constexpr const char* kOpenBlasPins[] = {"OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"};

bool wants(const BenchOptions& options, BenchPart part) {
  if (options.parts.empty()) return part != BenchPart::kStep;  // "step" is the jobs part's child
  return std::find(options.parts.begin(), options.parts.end(), part) != options.parts.end();
}

// What every part of one bench reads: the options, the config and what follows from them.
struct Bench {
  const BenchOptions& options;
  std::vector<std::string> overrides;  // the options' overrides and --threads, as the config was loaded
  ExperimentConfig config;
  int threads = 0;
  ConvNetOptions model;
  ConvNetFlops flops;
  std::filesystem::path scratch;  // the child processes' figures and logs

  double train_gflop() const { return static_cast<double>(flops.train_step()) / 1e9; }
  double eval_gflop() const { return static_cast<double>(flops.inference()) / 1e9; }
};

// A child `tl-boost bench` with the given extra arguments; returns its JSON figures.
std::vector<json> run_children(const Bench& bench, int count, const std::vector<std::string>& extra,
                               const std::vector<std::string>& unset_env) {
  const BenchOptions& options = bench.options;
  std::vector<json> figures(static_cast<std::size_t>(count));
  const std::size_t failed = run_in_processes(
      static_cast<std::size_t>(count), count,
      [&](std::size_t i) {
        ChildSpec spec;
        spec.args = {options.self, "-q", "bench", options.config.string(), "--child"};
        for (const auto& o : options.overrides) spec.args.insert(spec.args.end(), {"--set", o});
        if (options.data.flag) spec.args.insert(spec.args.end(), {"--data-dir", bench.config.data.path().string()});
        spec.args.insert(spec.args.end(), extra.begin(), extra.end());
        spec.args.insert(spec.args.end(),
                         {"--json", (bench.scratch / ("child-" + std::to_string(i) + ".json")).string()});
        spec.log = bench.scratch / ("child-" + std::to_string(i) + ".log");
        spec.unset_env = unset_env;
        return spec;
      },
      [](std::size_t, int) {});
  if (failed > 0) {
    throw RunFailedError("a benchmark child process failed; see " + bench.scratch.string() + "/child-*.log");
  }
  for (int i = 0; i < count; ++i) figures[i] = read_json_file(bench.scratch / ("child-" + std::to_string(i) + ".json"));
  return figures;
}

// Child processes measuring steps side by side; returns the sum of their training and evaluation rates.
StepFigures step_children(const Bench& bench, int count, int child_threads, bool default_malloc) {
  std::vector<std::string> extra = {"--part", to_string(BenchPart::kStep), "--threads", std::to_string(child_threads),
                                    "--batch-sizes", std::to_string(bench.config.train.batch_size),
                                    "--eval-batch-sizes", std::to_string(bench.config.train.eval_batch_size),
                                    "--seconds", fixed(bench.options.seconds, 2)};
  if (default_malloc) extra.emplace_back("--default-malloc");
  StepFigures total;
  for (const auto& f : run_children(bench, count, extra, {})) {
    total.train_images_per_second += f.at("train_images_per_second").get<double>();
    total.eval_images_per_second += f.at("eval_images_per_second").get<double>();
  }
  return total;
}

// The machine, the build and the FLOPs per image.
BenchSetup describe_setup(const Bench& bench) {
  const ConvNetFlops& flops = bench.flops;
  return {bench.options.config.string(),
          bench.threads,
          std::thread::hardware_concurrency(),
          libtorch_version(),
          tl_boost_version() + " (" + git_sha() + ")",
          cpu_has_native_bf16(),
          flops.train_step(),
          flops.inference(),
          flops.forward.conv1,
          flops.forward.conv2,
          flops.forward.fc};
}

LoadFigures load_part(const Bench& bench) {
  check_data_dir(bench.config.data);
  const std::string dir = bench.config.data.path().string();
  spdlog::info("bench: loading all 60,000 images {} times", kLoadRepeats);
  return {dir, measure_load_seconds(dir, kLoadRepeats)};
}

// The attainable matrix-product rate (GFLOP/s): the higher of this process's and, when OpenBLAS
// is pinned here, a child's with the pins unset. A child measures only its own rate.
MatmulFigures matmul_part(const Bench& bench) {
  spdlog::info("bench: {}^3 fp32 matrix product", kMatmulSize);
  MatmulFigures f{kMatmulSize, kMatmulRepeats, measure_matmul_gflops(kMatmulSize, kMatmulRepeats)};
  if (bench.options.child) return f;
  std::vector<std::string> pinned;
  std::string names;
  for (const char* name : kOpenBlasPins) {
    if (const char* value = std::getenv(name); value != nullptr) {
      pinned.emplace_back(name);
      f.pins.emplace_back(name, value);
      names += (names.empty() ? "" : " and ") + std::string(name);
    }
  }
  f.peak_gflops = f.gflops;
  if (!pinned.empty()) {
    spdlog::info("bench: matrix product again in a child process with {} unset", names);
    const auto figures = run_children(bench, 1, {"--part", to_string(BenchPart::kMatmul)}, pinned);
    f.unpinned_gflops = figures[0].at("matmul_gflops").get<double>();
    f.peak_gflops = std::max(*f.peak_gflops, *f.unpinned_gflops);
  }
  return f;
}

// The child of the levers and jobs parts: one training and one evaluation measurement.
StepFigures step_part(const Bench& bench, const BenchData& data) {
  const BenchOptions& options = bench.options;
  return {measure_training(data, bench.model, StepVariant{}, options.batch_sizes.front(), options.seconds)
              .images_per_second,
          measure_evaluation(data, bench.model, StepVariant{}, options.eval_batch_sizes.front(), options.seconds)
              .images_per_second};
}

TrainFigures train_part(const Bench& bench, const BenchData& data, double peak) {
  TrainFigures f{bench.threads, peak, {}};
  for (const auto batch : bench.options.batch_sizes) {
    spdlog::info("bench: training steps, batch {}", batch);
    StepVariant bf16;
    bf16.precision = Precision::kBf16;
    const auto fp32 = measure_training(data, bench.model, StepVariant{}, batch, bench.options.seconds);
    const auto b = measure_training(data, bench.model, bf16, batch, bench.options.seconds);
    f.rows.push_back({batch, fp32.images_per_second, fp32.images_per_second * bench.train_gflop(),
                      b.images_per_second});
  }
  return f;
}

EvalFigures eval_part(const Bench& bench, const BenchData& data, double peak) {
  EvalFigures f{static_cast<std::size_t>(data.contiguous.size()), peak, {}};
  for (const auto batch : bench.options.eval_batch_sizes) {
    spdlog::info("bench: evaluation, batch {}", batch);
    const auto e = measure_evaluation(data, bench.model, StepVariant{}, batch, bench.options.seconds);
    f.rows.push_back({batch, e.images_per_second, e.images_per_second * bench.eval_gflop()});
  }
  return f;
}

struct Lever {
  std::string name;
  BenchStep step;
  std::string a_label, b_label;
  StepVariant a, b;
  int a_threads = 0, b_threads = 0;  // 0: the session's
};

// The levers measured in this process: each one step variant against another.
std::vector<Lever> in_process_levers(int threads) {
  StepVariant nchw, fresh, per_batch, bf16;
  nchw.channels_last = false;
  fresh.input = BatchInput::kIndexSelect;
  per_batch.input = BatchInput::kNormalisePerBatch;
  bf16.precision = Precision::kBf16;
  const StepVariant chosen;
  const BenchStep train = BenchStep::kTrain, eval = BenchStep::kEval;
  std::vector<Lever> levers = {
      {"memory format", train, "channels_last", "contiguous (NCHW)", chosen, nchw},
      {"batch input", train, "preallocated buffers", "index_select per batch", chosen, fresh},
      {"normalisation", train, "once, at load", "per batch from uint8", chosen, per_batch},
      {"precision", train, "bf16 (opt-in)", "fp32", bf16, chosen},
      {"memory format", eval, "channels_last", "contiguous (NCHW)", chosen, nchw},
      {"precision", eval, "bf16 (opt-in)", "fp32", bf16, chosen},
  };
  if (threads > 1) {
    levers.push_back({"threads", train, std::to_string(threads) + " threads", "1 thread", chosen, chosen, threads, 1});
  }
  return levers;
}

LeverFigures measure_lever(const Bench& bench, const BenchData& data, const Lever& lever) {
  spdlog::info("bench: lever {} ({}): {} vs {}", lever.name, to_string(lever.step), lever.a_label, lever.b_label);
  const auto measure = [&](const StepVariant& variant, int lever_threads) {
    if (lever_threads > 0) torch::set_num_threads(lever_threads);
    const double rate =
        lever.step == BenchStep::kTrain
            ? measure_training(data, bench.model, variant, bench.config.train.batch_size, bench.options.seconds)
                  .images_per_second
            : measure_evaluation(data, bench.model, variant, bench.config.train.eval_batch_size, bench.options.seconds)
                  .images_per_second;
    torch::set_num_threads(bench.threads);
    return rate;
  };
  LeverFigures f{lever.name, lever.step, lever.a_label, lever.b_label, {}, {}};
  for (int pair = 0; pair < bench.options.pairs; ++pair) {
    f.a_images_per_second.push_back(measure(lever.a, lever.a_threads));
    f.b_images_per_second.push_back(measure(lever.b, lever.b_threads));
  }
  return f;
}

LeversFigures levers_part(const Bench& bench, const BenchData& data) {
  LeversFigures f{bench.options.pairs, bench.config.train.batch_size, bench.config.train.eval_batch_size, {}};
  for (const Lever& lever : in_process_levers(bench.threads)) f.levers.push_back(measure_lever(bench, data, lever));
  // The C library's settings hold for a whole process, so this lever compares fresh child processes.
  spdlog::info("bench: lever freed memory: kept for reuse vs returned to the OS (child processes)");
  const std::string kept = "kept for reuse", returned = "returned to the OS (C library default)";
  LeverFigures train{"freed memory", BenchStep::kTrain, kept, returned, {}, {}};
  LeverFigures eval{"freed memory", BenchStep::kEval, kept, returned, {}, {}};
  for (int pair = 0; pair < bench.options.pairs; ++pair) {
    const StepFigures a = step_children(bench, 1, bench.threads, false);
    const StepFigures b = step_children(bench, 1, bench.threads, true);
    train.a_images_per_second.push_back(a.train_images_per_second);
    eval.a_images_per_second.push_back(a.eval_images_per_second);
    train.b_images_per_second.push_back(b.train_images_per_second);
    eval.b_images_per_second.push_back(b.eval_images_per_second);
  }
  f.levers.push_back(std::move(train));
  f.levers.push_back(std::move(eval));
  return f;
}

// Needs more than one thread: one run with all of them against as many runs with one each.
JobsFigures jobs_part(const Bench& bench) {
  const BenchOptions& options = bench.options;
  JobsFigures f{bench.threads, options.pairs, bench.config.train.batch_size, bench.config.train.eval_batch_size,
                {}, {}, {}, {}};
  for (int pair = 0; pair < options.pairs; ++pair) {
    spdlog::info("bench: jobs pair {}/{}", pair + 1, options.pairs);
    const StepFigures one = step_children(bench, 1, bench.threads, false);
    const StepFigures many = step_children(bench, bench.threads, 1, false);
    f.train_one_run.push_back(one.train_images_per_second);
    f.eval_one_run.push_back(one.eval_images_per_second);
    f.train_many_runs.push_back(many.train_images_per_second);
    f.eval_many_runs.push_back(many.eval_images_per_second);
  }
  return f;
}

EndToEndFigures protocol_part(const Bench& bench) {
  const BenchOptions& options = bench.options;
  const std::string epochs = std::to_string(options.protocol_epochs);
  std::vector<std::string> run_overrides = bench.overrides;
  run_overrides.push_back("train.source_epochs=" + epochs);
  run_overrides.push_back("train.target_epochs=" + epochs);
  const ExperimentConfig run_config = load_config(options.config, run_overrides, options.data);
  spdlog::info("bench: {} end to end, {} epochs per stage", run_config.name, epochs);
  const auto start = std::chrono::steady_clock::now();
  check_data_dir(run_config.data);
  const Cifar10 cifar = read_cifar10(run_config.data.path());
  RunObserver silent;
  const RunResult result = run_protocol(run_config, cifar, torch::kCPU, silent);
  return {run_config.name, options.protocol_epochs, seconds_since(start), result.stages.back().test.accuracy};
}

// The config loaded with the options' overrides and --threads, the threads applied, the network's FLOPs.
Bench open_bench(const BenchOptions& options) {
  std::vector<std::string> overrides = options.overrides;
  if (options.threads) overrides.push_back("threads=" + std::to_string(*options.threads));
  Bench bench{options, overrides, load_config(options.config, overrides, options.data)};
  bench.threads = apply_thread_count(bench.config.threads);
  // Its timings read the wall clock around CPU work; CUDA kernels run asynchronously and would need
  // synchronising, which this bench does not do.
  if (bench.config.device != DeviceKind::kCpu && !options.child) {
    spdlog::warn("bench measures on the CPU only; the config's device '{}' is not used",
                 to_string(bench.config.device));
  }
  if (!options.default_malloc) set_freed_memory_reuse(true);
  bench.model = model_options(bench.config, static_cast<std::int64_t>(bench.config.target_classes.size()));
  bench.flops = conv_net_flops(bench.model);
  bench.scratch = std::filesystem::temp_directory_path() / ("tl-boost-bench-" + std::to_string(::getpid()));
  return bench;
}

BenchFigures measure_parts(const Bench& bench) {
  const BenchOptions& options = bench.options;
  BenchFigures f;
  f.setup = describe_setup(bench);
  if (wants(options, BenchPart::kLoad)) f.load = load_part(bench);
  if (wants(options, BenchPart::kMatmul)) f.matmul = matmul_part(bench);
  // Unknown unless the matmul part runs: no "of matmul peak" percentages.
  const double peak = f.matmul ? f.matmul->peak_gflops.value_or(f.matmul->gflops) : 0.0;
  std::optional<BenchData> data;
  if (wants(options, BenchPart::kTrain) || wants(options, BenchPart::kEval) || wants(options, BenchPart::kLevers) ||
      wants(options, BenchPart::kStep)) {
    check_data_dir(bench.config.data);
    const Cifar10 cifar = read_cifar10(bench.config.data.path());
    data = make_bench_data(cifar, bench.config.target_classes, bench.config.split_seed(),
                           bench.config.data.max_per_class);
  }
  if (wants(options, BenchPart::kStep)) f.step = step_part(bench, *data);
  if (wants(options, BenchPart::kTrain)) f.train = train_part(bench, *data, peak);
  if (wants(options, BenchPart::kEval)) f.eval = eval_part(bench, *data, peak);
  if (wants(options, BenchPart::kLevers)) f.levers = levers_part(bench, *data);
  if (wants(options, BenchPart::kJobs) && bench.threads > 1) f.jobs = jobs_part(bench);
  if (wants(options, BenchPart::kProtocol)) f.protocol = protocol_part(bench);
  return f;
}

}  // namespace

int bench_command(const BenchOptions& options) {
  const Bench bench = open_bench(options);
  std::filesystem::create_directories(bench.scratch);
  struct Cleanup {
    std::filesystem::path dir;
    ~Cleanup() {
      std::error_code ec;
      std::filesystem::remove_all(dir, ec);
    }
  } cleanup{bench.scratch};

  const BenchFigures figures = measure_parts(bench);
  if (!options.child) std::cout << bench_markdown(figures) << std::flush;
  if (options.json) write_file_atomic(*options.json, bench_json(figures).dump(2) + "\n");
  return 0;
}

}  // namespace tl_boost
