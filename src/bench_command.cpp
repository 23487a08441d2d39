// `tl-boost bench`: the performance figures of this machine, printed as Markdown tables.
// Each part (load, matmul, train, eval, levers, jobs, protocol, and "step", the child the levers and
// jobs parts start) is one function that adds its figures to the JSON and its table to the Markdown.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <sstream>
#include <thread>
#include <tuple>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include "tl_boost/app.hpp"
#include "tl_boost/benchmark.hpp"
#include "tl_boost/cifar10.hpp"
#include "tl_boost/config.hpp"
#include "tl_boost/error.hpp"
#include "tl_boost/flops.hpp"
#include "tl_boost/model_options.hpp"
#include "tl_boost/protocol.hpp"
#include "tl_boost/run_output.hpp"
#include "tl_boost/runtime.hpp"
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

bool wants(const BenchOptions& options, const std::string& part) {
  if (options.parts.empty()) return part != "step";  // "step" is the jobs part's child
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

// The figures of every part (JSON) and their tables (Markdown).
struct BenchReport {
  json figures;
  std::ostringstream md;
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
std::pair<double, double> step_children(const Bench& bench, int count, int child_threads, bool default_malloc) {
  std::vector<std::string> extra = {"--part", "step", "--threads", std::to_string(child_threads),
                                    "--batch-sizes", std::to_string(bench.config.train.batch_size),
                                    "--eval-batch-sizes", std::to_string(bench.config.train.eval_batch_size),
                                    "--seconds", fixed(bench.options.seconds, 2)};
  if (default_malloc) extra.emplace_back("--default-malloc");
  std::pair<double, double> total{0.0, 0.0};
  for (const auto& f : run_children(bench, count, extra, {})) {
    total.first += f.at("train_images_per_second").get<double>();
    total.second += f.at("eval_images_per_second").get<double>();
  }
  return total;
}

std::string percent_of_peak(double gflops, double peak) {
  return peak > 0.0 ? fixed(100.0 * gflops / peak, 0) + "%" : "–";
}

// The machine, the build and the FLOPs per image; the Markdown's opening lines outside a child.
void describe_setup(const Bench& bench, BenchReport& report) {
  const ConvNetFlops& flops = bench.flops;
  report.figures["config"] = bench.options.config.string();
  report.figures["device"] = "cpu";
  report.figures["threads"] = bench.threads;
  report.figures["libtorch"] = libtorch_version();
  report.figures["tl_boost"] = tl_boost_version() + " (" + git_sha() + ")";
  report.figures["cpu_native_bf16"] = cpu_has_native_bf16();
  report.figures["flops_per_image"] = {{"train_step", flops.train_step()}, {"inference", flops.inference()}};
  if (bench.options.child) return;
  report.md << "tl-boost bench: " << bench.options.config.string() << ", on the CPU, " << bench.threads
            << " threads, LibTorch " << libtorch_version() << ", hardware threads "
            << std::thread::hardware_concurrency() << ", AVX512-BF16 " << (cpu_has_native_bf16() ? "yes" : "no")
            << "\n\n";
  report.md << "FLOPs per image (multiply-add = 2; biases, ReLU, pooling, loss, optimizer left out): inference "
            << fixed(bench.eval_gflop() * 1e3, 2) << " MFLOP (conv1 " << fixed(flops.forward.conv1 / 1e6, 2)
            << ", conv2 " << fixed(flops.forward.conv2 / 1e6, 2) << ", fc " << fixed(flops.forward.fc / 1e6, 3)
            << "); training step " << fixed(bench.train_gflop() * 1e3, 2)
            << " MFLOP (forward + weight gradients + input gradients of conv2 and fc; conv1 needs none)\n\n";
}

void load_part(const Bench& bench, BenchReport& report) {
  const std::string& dir = bench.config.data.dir;
  spdlog::info("bench: loading all 60,000 images {} times", kLoadRepeats);
  const auto seconds = measure_load_seconds(dir, kLoadRepeats);
  report.figures["load_seconds"] = seconds;
  report.md << "## Loading all 60,000 images (" << dir << ")\n\n| first | median of " << kLoadRepeats
            << " | fastest |\n|---|---|---|\n| " << fixed(seconds.front() * 1e3, 0) << " ms | "
            << fixed(median(seconds) * 1e3, 0) << " ms | "
            << fixed(*std::min_element(seconds.begin(), seconds.end()) * 1e3, 0) << " ms |\n\n";
}

// Returns the attainable matrix-product rate (GFLOP/s): the higher of this process's and, when
// OpenBLAS is pinned here, a child's with the pins unset. A child reports only its own rate.
double matmul_part(const Bench& bench, BenchReport& report) {
  spdlog::info("bench: {}^3 fp32 matrix product", kMatmulSize);
  const double here = measure_matmul_gflops(kMatmulSize, kMatmulRepeats);
  report.figures["matmul_gflops"] = here;
  double peak = here;
  if (bench.options.child) return peak;
  std::vector<std::string> pinned;
  for (const char* name : kOpenBlasPins) {
    if (std::getenv(name) != nullptr) pinned.emplace_back(name);
  }
  std::ostringstream& md = report.md;
  md << "## fp32 matrix product, " << kMatmulSize << "³ (torch::mm, median of " << kMatmulRepeats
     << ")\n\n| environment | GFLOP/s |\n|---|---|\n| as this process runs";
  for (const auto& name : pinned) md << ", " << name << "=" << std::getenv(name.c_str());
  md << " | " << fixed(here, 1) << " |\n";
  if (!pinned.empty()) {
    std::string names;
    for (const auto& name : pinned) names += (names.empty() ? "" : " and ") + name;
    spdlog::info("bench: matrix product again in a child process with {} unset", names);
    const auto figures = run_children(bench, 1, {"--part", "matmul"}, pinned);
    const double unpinned = figures[0].at("matmul_gflops").get<double>();
    report.figures["matmul_gflops_unpinned"] = unpinned;
    md << "| child process with " << names << " unset (OpenBLAS picks its own kernels) | " << fixed(unpinned, 1)
       << " |\n";
    peak = std::max(peak, unpinned);
  }
  report.figures["matmul_peak_gflops"] = peak;
  md << "\nThe attainable rate below is the higher of these: " << fixed(peak, 1) << " GFLOP/s.\n\n";
  return peak;
}

// The child of the levers and jobs parts: one training and one evaluation measurement, figures only.
void step_part(const Bench& bench, const BenchData& data, BenchReport& report) {
  const BenchOptions& options = bench.options;
  report.figures["train_images_per_second"] =
      measure_training(data, bench.model, StepVariant{}, options.batch_sizes.front(), options.seconds)
          .images_per_second;
  report.figures["eval_images_per_second"] =
      measure_evaluation(data, bench.model, StepVariant{}, options.eval_batch_sizes.front(), options.seconds)
          .images_per_second;
}

void train_part(const Bench& bench, const BenchData& data, double peak, BenchReport& report) {
  std::ostringstream& md = report.md;
  md << "## Training step throughput (fp32 and bf16, " << bench.threads << " threads)\n\n"
     << "| batch | fp32 images/s | fp32 GFLOP/s | of matmul peak | bf16 images/s | bf16 speed-up |\n"
     << "|---|---|---|---|---|---|\n";
  for (const auto batch : bench.options.batch_sizes) {
    spdlog::info("bench: training steps, batch {}", batch);
    StepVariant bf16;
    bf16.precision = Precision::kBf16;
    const auto f = measure_training(data, bench.model, StepVariant{}, batch, bench.options.seconds);
    const auto b = measure_training(data, bench.model, bf16, batch, bench.options.seconds);
    const double gflops = f.images_per_second * bench.train_gflop();
    report.figures["train"].push_back({{"batch", batch},
                                       {"fp32_images_per_second", f.images_per_second},
                                       {"fp32_gflops", gflops},
                                       {"bf16_images_per_second", b.images_per_second}});
    md << "| " << batch << " | " << fixed(f.images_per_second, 0) << " | " << fixed(gflops, 1) << " | "
       << percent_of_peak(gflops, peak) << " | " << fixed(b.images_per_second, 0) << " | "
       << fixed(b.images_per_second / f.images_per_second, 2) << "× |\n";
  }
  md << "\n";
}

void eval_part(const Bench& bench, const BenchData& data, double peak, BenchReport& report) {
  std::ostringstream& md = report.md;
  md << "## Evaluation throughput (fp32, NoGradGuard, over the " << data.contiguous.size()
     << " training images)\n\n| eval batch | images/s | GFLOP/s | of matmul peak |\n|---|---|---|---|\n";
  for (const auto batch : bench.options.eval_batch_sizes) {
    spdlog::info("bench: evaluation, batch {}", batch);
    const auto e = measure_evaluation(data, bench.model, StepVariant{}, batch, bench.options.seconds);
    const double gflops = e.images_per_second * bench.eval_gflop();
    report.figures["eval"].push_back(
        {{"batch", batch}, {"images_per_second", e.images_per_second}, {"gflops", gflops}});
    md << "| " << batch << " | " << fixed(e.images_per_second, 0) << " | " << fixed(gflops, 1) << " | "
       << percent_of_peak(gflops, peak) << " |\n";
  }
  md << "\n";
}

struct Lever {
  std::string name;
  std::string kind;  // train | eval
  std::string a_label, b_label;
  StepVariant a, b;
  int a_threads = 0, b_threads = 0;  // 0: the session's
};

void levers_part(const Bench& bench, const BenchData& data, BenchReport& report) {
  const BenchOptions& options = bench.options;
  const int threads = bench.threads;
  const std::int64_t train_batch = bench.config.train.batch_size;
  const std::int64_t eval_batch = bench.config.train.eval_batch_size;
  StepVariant nchw, fresh, per_batch, bf16;
  nchw.channels_last = false;
  fresh.input = BatchInput::kIndexSelect;
  per_batch.input = BatchInput::kNormalisePerBatch;
  bf16.precision = Precision::kBf16;
  const StepVariant chosen;
  std::vector<Lever> levers = {
      {"memory format", "train", "channels_last", "contiguous (NCHW)", chosen, nchw},
      {"batch input", "train", "preallocated buffers", "index_select per batch", chosen, fresh},
      {"normalisation", "train", "once, at load", "per batch from uint8", chosen, per_batch},
      {"precision", "train", "bf16 (opt-in)", "fp32", bf16, chosen},
      {"memory format", "eval", "channels_last", "contiguous (NCHW)", chosen, nchw},
      {"precision", "eval", "bf16 (opt-in)", "fp32", bf16, chosen},
  };
  if (threads > 1) {
    levers.push_back(
        {"threads", "train", std::to_string(threads) + " threads", "1 thread", chosen, chosen, threads, 1});
  }
  std::ostringstream& md = report.md;
  md << "## Levers, A against B (" << options.pairs << " pairs alternating A B, medians; training batch "
     << train_batch << ", evaluation batch " << eval_batch << ")\n\n"
     << "| lever | step | A | B | A images/s | B images/s | A/B |\n|---|---|---|---|---|---|---|\n";
  for (const auto& lever : levers) {
    spdlog::info("bench: lever {} ({}): {} vs {}", lever.name, lever.kind, lever.a_label, lever.b_label);
    std::vector<double> a_rates, b_rates;
    auto measure = [&](const StepVariant& variant, int lever_threads) {
      if (lever_threads > 0) torch::set_num_threads(lever_threads);
      const double rate =
          lever.kind == "train"
              ? measure_training(data, bench.model, variant, train_batch, options.seconds).images_per_second
              : measure_evaluation(data, bench.model, variant, eval_batch, options.seconds).images_per_second;
      torch::set_num_threads(threads);
      return rate;
    };
    for (int pair = 0; pair < options.pairs; ++pair) {
      a_rates.push_back(measure(lever.a, lever.a_threads));
      b_rates.push_back(measure(lever.b, lever.b_threads));
    }
    const double a = median(a_rates), b = median(b_rates);
    report.figures["levers"].push_back({{"lever", lever.name}, {"step", lever.kind}, {"a", lever.a_label},
                                        {"b", lever.b_label}, {"a_images_per_second", a_rates},
                                        {"b_images_per_second", b_rates}, {"ratio", a / b}});
    md << "| " << lever.name << " | " << lever.kind << " | " << lever.a_label << " | " << lever.b_label << " | "
       << fixed(a, 0) << " | " << fixed(b, 0) << " | " << fixed(a / b, 2) << "× |\n";
  }
  // The C library's settings hold for a whole process, so this lever compares fresh child processes.
  spdlog::info("bench: lever freed memory: kept for reuse vs returned to the OS (child processes)");
  std::vector<double> train_a, train_b, eval_a, eval_b;
  for (int pair = 0; pair < options.pairs; ++pair) {
    const auto kept = step_children(bench, 1, threads, false);
    const auto returned = step_children(bench, 1, threads, true);
    train_a.push_back(kept.first);
    eval_a.push_back(kept.second);
    train_b.push_back(returned.first);
    eval_b.push_back(returned.second);
  }
  for (const auto& [kind, a_rates, b_rates] :
       {std::tuple{"train", train_a, train_b}, std::tuple{"eval", eval_a, eval_b}}) {
    const double a = median(a_rates), b = median(b_rates);
    report.figures["levers"].push_back({{"lever", "freed memory"}, {"step", kind}, {"a", "kept for reuse"},
                                        {"b", "returned to the OS (C library default)"},
                                        {"a_images_per_second", a_rates}, {"b_images_per_second", b_rates},
                                        {"ratio", a / b}});
    md << "| freed memory | " << kind << " | kept for reuse | returned to the OS (C library default) | "
       << fixed(a, 0) << " | " << fixed(b, 0) << " | " << fixed(a / b, 2) << "× |\n";
  }
  md << "\n";
}

// Needs more than one thread: one run with all of them against as many runs with one each.
void jobs_part(const Bench& bench, BenchReport& report) {
  const BenchOptions& options = bench.options;
  const int threads = bench.threads;
  std::ostringstream& md = report.md;
  md << "## Suite parallelism: " << threads << " runs with 1 thread each against 1 run with " << threads
     << " threads (child processes side by side; batch " << bench.config.train.batch_size << ", evaluation batch "
     << bench.config.train.eval_batch_size << "; " << options.pairs << " pairs, medians)\n\n";
  std::vector<double> one_train, one_eval, many_train, many_eval;
  for (int pair = 0; pair < options.pairs; ++pair) {
    spdlog::info("bench: jobs pair {}/{}", pair + 1, options.pairs);
    const auto one = step_children(bench, 1, threads, false);
    const auto many = step_children(bench, threads, 1, false);
    one_train.push_back(one.first);
    one_eval.push_back(one.second);
    many_train.push_back(many.first);
    many_eval.push_back(many.second);
  }
  report.figures["jobs"] = {{"train_one_run_all_threads", one_train}, {"train_runs_one_thread_each", many_train},
                            {"eval_one_run_all_threads", one_eval}, {"eval_runs_one_thread_each", many_eval},
                            {"train_ratio", median(many_train) / median(one_train)},
                            {"eval_ratio", median(many_eval) / median(one_eval)}};
  md << "| step | 1 run × " << threads << " threads | " << threads << " runs × 1 thread, in all | ratio |\n"
     << "|---|---|---|---|\n";
  for (const auto& [kind, one, many] :
       {std::tuple{"train", one_train, many_train}, std::tuple{"eval", one_eval, many_eval}}) {
    md << "| " << kind << " | " << fixed(median(one), 0) << " images/s | " << fixed(median(many), 0)
       << " images/s | " << fixed(median(many) / median(one), 2) << "× |\n";
  }
  md << "\n";
}

void protocol_part(const Bench& bench, BenchReport& report) {
  const BenchOptions& options = bench.options;
  const std::string epochs = std::to_string(options.protocol_epochs);
  std::vector<std::string> run_overrides = bench.overrides;
  run_overrides.push_back("train.source_epochs=" + epochs);
  run_overrides.push_back("train.target_epochs=" + epochs);
  const ExperimentConfig run_config = load_config(options.config, run_overrides);
  spdlog::info("bench: {} end to end, {} epochs per stage", run_config.name, epochs);
  const auto start = std::chrono::steady_clock::now();
  const Cifar10 cifar = read_cifar10(run_config.data.dir);
  RunObserver silent;
  const RunResult result = run_protocol(run_config, cifar, torch::kCPU, silent);
  const double seconds = seconds_since(start);
  report.figures["protocol"] = {{"config", run_config.name},
                                {"epochs_per_stage", options.protocol_epochs},
                                {"seconds", seconds},
                                {"target_test_accuracy", result.stages.back().test.accuracy}};
  report.md << "## One protocol end to end (" << run_config.name << ", " << epochs << " + " << epochs
            << " epochs, data loading included)\n\n| wall time | target test accuracy |\n|---|---|\n| "
            << fixed(seconds, 1) << " s | " << fixed(result.stages.back().test.accuracy, 4) << " |\n\n";
}

}  // namespace

int bench_command(const BenchOptions& options) {
  std::vector<std::string> overrides = options.overrides;
  if (options.threads) overrides.push_back("threads=" + std::to_string(*options.threads));
  Bench bench{options, overrides, load_config(options.config, overrides)};
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
  std::filesystem::create_directories(bench.scratch);
  struct Cleanup {
    std::filesystem::path dir;
    ~Cleanup() {
      std::error_code ec;
      std::filesystem::remove_all(dir, ec);
    }
  } cleanup{bench.scratch};

  BenchReport report;
  describe_setup(bench, report);
  if (wants(options, "load")) load_part(bench, report);
  double peak = 0.0;  // unknown unless the matmul part runs: no "of matmul peak" percentages
  if (wants(options, "matmul")) peak = matmul_part(bench, report);
  std::optional<BenchData> data;
  if (wants(options, "train") || wants(options, "eval") || wants(options, "levers") || wants(options, "step")) {
    const Cifar10 cifar = read_cifar10(bench.config.data.dir);
    data = make_bench_data(cifar, bench.config.target_classes, bench.config.split_seed());
  }
  if (wants(options, "step")) step_part(bench, *data, report);
  if (wants(options, "train")) train_part(bench, *data, peak, report);
  if (wants(options, "eval")) eval_part(bench, *data, peak, report);
  if (wants(options, "levers")) levers_part(bench, *data, report);
  if (wants(options, "jobs") && bench.threads > 1) jobs_part(bench, report);
  if (wants(options, "protocol")) protocol_part(bench, report);

  if (!options.child) std::cout << report.md.str() << std::flush;
  if (options.json) write_file_atomic(*options.json, report.figures.dump(2) + "\n");
  return 0;
}

}  // namespace tl_boost
