#include "tl_boost/app.hpp"

#include <chrono>
#include <ctime>
#include <iostream>
#include <memory>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include "tl_boost/checkpoint.hpp"
#include "tl_boost/cifar10.hpp"
#include "tl_boost/config.hpp"
#include "tl_boost/error.hpp"
#include "tl_boost/protocol.hpp"
#include "tl_boost/run_output.hpp"
#include "tl_boost/runtime.hpp"

namespace tl_boost {

namespace {

// The CLI flags are overrides like any --set, applied last, so every path through the config
// validation is the same.
ExperimentConfig resolve_config(const RunOptions& options) {
  std::vector<std::string> overrides = options.overrides;
  if (options.seed) overrides.push_back("seed=" + std::to_string(*options.seed));
  if (options.device) overrides.push_back("device=\"" + *options.device + "\"");
  if (options.threads) overrides.push_back("threads=" + std::to_string(*options.threads));
  return load_config(options.config, overrides);
}

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  return text;
}

std::string host_name() {
  char name[256] = {};
  return ::gethostname(name, sizeof name - 1) == 0 ? name : "unknown";
}

// Records a run: one log line and one CSV row per epoch, weights at the end of each stage.
class RunRecorder : public RunObserver {
 public:
  RunRecorder(const std::filesystem::path& dir) : dir_(dir), csv_(dir / "metrics.csv") {}

  void on_stage_start(const StagePlan& stage, std::int64_t train_size, std::int64_t validation_size) override {
    std::string classes;
    for (const auto& c : stage.classes) classes += (classes.empty() ? "" : ",") + c;
    spdlog::info("{} stage: {} classes ({}), {} train / {} validation images, {} epochs{}", stage.name,
                 stage.classes.size(), classes, train_size, validation_size, stage.epochs,
                 stage.transferred_layers > 0
                     ? fmt::format(", first {} layer(s) transferred{}", stage.transferred_layers,
                                   stage.freeze_transferred ? " and frozen" : "")
                     : std::string());
  }

  void on_epoch(const StagePlan& stage, const EpochMetrics& m) override {
    spdlog::info("{} epoch {:>3}/{}  loss {:.4f}  train acc {:.4f}  val acc {:.4f}  lr {:.4g}  {:.1f}s", stage.name,
                 m.epoch, stage.epochs, m.train_loss, m.train_acc, m.val_acc, m.lr, m.seconds);
    csv_.append(stage.name, m);
  }

  void on_stage_end(const StageResult& result, ConvNet& net) override {
    spdlog::info("{} stage done: test acc {:.4f}, test loss {:.4f}, {:.1f}s", result.plan.name, result.test.accuracy,
                 result.test.loss, result.seconds);
    save_weights(net, dir_ / (result.plan.name + ".pt"));
  }

 private:
  std::filesystem::path dir_;
  MetricsCsvWriter csv_;
};

}  // namespace

int run_command(const RunOptions& options) {
  const ExperimentConfig config = resolve_config(options);
  const DeviceChoice device = resolve_device(config.device);
  if (!device.note.empty()) spdlog::warn("{}", device.note);
  // Read the data before creating anything, so a bad dataset leaves no empty run directory.
  const auto load_start = std::chrono::steady_clock::now();
  const Cifar10 data = read_cifar10(config.data.dir);
  spdlog::debug("read CIFAR-10 from {} in {:.3f}s", config.data.dir,
                std::chrono::duration<double>(std::chrono::steady_clock::now() - load_start).count());

  RunEnvironment env;
  env.device = device.device.str();
  env.threads = apply_thread_count(config.threads);
  env.libtorch_version = libtorch_version();
  env.tl_boost_version = tl_boost_version();
  env.git_sha = git_sha();
  env.started_at = utc_now();
  env.hostname = host_name();

  const auto dir = run_directory(options.out, config.name, config.seed);
  prepare_run_directory(dir, options.force);
  write_file_atomic(dir / "config.json", to_json(config).dump(2) + "\n");
  spdlog::info("run {} seed {} on {} ({} threads) -> {}", config.name, config.seed, env.device, env.threads,
               dir.string());

  RunRecorder recorder(dir);
  const RunResult result = run_protocol(config, data, device.device, recorder);
  write_file_atomic(dir / "summary.json", make_summary(config, result, env).dump(2) + "\n");
  spdlog::info("done in {:.1f}s: target test acc {:.4f} -> {}", result.seconds,
               result.stages.back().test.accuracy, (dir / "summary.json").string());
  return 0;
}

int validate_command(const ValidateOptions& options) {
  const ExperimentConfig config = load_config(options.config, options.overrides);
  std::cout << to_json(config).dump(2) << std::endl;
  return 0;
}

std::string version_text() {
  return "tl-boost " + tl_boost_version() + " (git " + git_sha() + ")\nLibTorch " + libtorch_version() +
         "\nCUDA available: " + (cuda_available() ? "yes" : "no") + "\n";
}

}  // namespace tl_boost
