#include "tl_boost/app.hpp"

#include <chrono>
#include <fstream>
#include <ctime>
#include <iostream>
#include <memory>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include "tl_boost/checkpoint.hpp"
#include "tl_boost/cifar10.hpp"
#include "tl_boost/config.hpp"
#include "tl_boost/error.hpp"
#include "tl_boost/interrupt.hpp"
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

// Records a run: one log line and one CSV row per epoch, a checkpoint after every epoch and
// stage, the weights of each finished stage.
class RunRecorder : public RunObserver {
 public:
  RunRecorder(const std::filesystem::path& dir, RunProgress progress)
      : dir_(dir),
        progress_(std::move(progress)),
        csv_(progress_.metrics_rows() == 0 && progress_.completed.empty()
                 ? MetricsCsvWriter(dir / "metrics.csv")
                 : MetricsCsvWriter(dir / "metrics.csv", progress_.metrics_rows())) {}

  const RunProgress& progress() const { return progress_; }

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

  void on_epoch(const StagePlan& stage, const EpochMetrics& m, ConvNet& net,
                torch::optim::Optimizer& optimizer) override {
    spdlog::info("{} epoch {:>3}/{}  loss {:.4f}  train acc {:.4f}  val acc {:.4f}  lr {:.4g}  {:.1f}s", stage.name,
                 m.epoch, stage.epochs, m.train_loss, m.train_acc, m.val_acc, m.lr,
                 m.seconds);
    csv_.append(stage.name, m);
    const std::string state_file = "checkpoint-" + stage.name + "-" + std::to_string(m.epoch) + ".pt";
    save_training_state(net, optimizer, dir_ / state_file);
    progress_.history.push_back(m);
    progress_.stage_seconds += m.seconds;
    commit_progress(state_file);
  }

  void on_stage_end(const StageResult& result, ConvNet& net) override {
    spdlog::info("{} stage done: test acc {:.4f}, test loss {:.4f}, {:.1f}s", result.plan.name, result.test.accuracy,
                 result.test.loss, result.seconds);
    save_weights(net, dir_ / (result.plan.name + ".pt"));
    progress_.completed.push_back(result);
    progress_.stage_index = progress_.completed.size();
    progress_.history.clear();
    progress_.stage_seconds = 0.0;
    commit_progress("");
  }

  /// The run is finished and summarised: the checkpoint is no longer needed.
  void remove_checkpoint() {
    std::error_code ec;
    if (!progress_.state_file.empty()) std::filesystem::remove(dir_ / progress_.state_file, ec);
    std::filesystem::remove(dir_ / kCheckpointFile, ec);
  }

  static constexpr const char* kCheckpointFile = "checkpoint.json";

 private:
  // checkpoint.json names the state file it belongs to, so the pair is replaced by one rename.
  void commit_progress(const std::string& state_file) {
    const std::string previous = progress_.state_file;
    progress_.state_file = state_file;
    write_file_atomic(dir_ / kCheckpointFile, progress_to_json(progress_).dump() + "\n");
    if (!previous.empty() && previous != state_file) {
      std::error_code ec;
      std::filesystem::remove(dir_ / previous, ec);
    }
  }

  std::filesystem::path dir_;
  RunProgress progress_;
  MetricsCsvWriter csv_;
};

nlohmann::json read_json_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw IoError(path.string() + ": cannot read");
  try {
    return nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw IoError(path.string() + ": malformed: " + e.what());
  }
}

// The settings a resumed run must share with the interrupted one (threads and device may differ).
nlohmann::json resumable_settings(nlohmann::json config) {
  config.erase("threads");
  config.erase("device");
  return config;
}

}  // namespace

int run_command(const RunOptions& options) {
  if (options.resume && options.force) throw ConfigError("--resume and --force exclude each other");
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
  const auto checkpoint = dir / RunRecorder::kCheckpointFile;
  const std::vector<StagePlan> plans = plan_stages(config);
  RunProgress progress;
  if (options.resume && std::filesystem::exists(checkpoint)) {
    const auto saved = read_json_file(dir / "config.json");
    if (resumable_settings(saved) != resumable_settings(to_json(config))) {
      throw ConfigError(dir.string() + ": the config differs from the interrupted run's (" +
                        (dir / "config.json").string() + "); resume with the same config and --set values");
    }
    progress = progress_from_json(read_json_file(checkpoint), plans, checkpoint.string());
    spdlog::info("resuming {} seed {} at the {} stage after epoch {}", config.name, config.seed,
                 progress.stage_index < plans.size() ? plans[progress.stage_index].name : "last",
                 progress.history.size());
  } else if (options.resume && std::filesystem::exists(dir / "summary.json")) {
    spdlog::info("{}: the run is already complete; nothing to resume", dir.string());
    return 0;
  } else {
    // --resume without a checkpoint: nothing was finished, start over in the same directory.
    prepare_run_directory(dir, options.force || options.resume);
    write_file_atomic(dir / "config.json", to_json(config).dump(2) + "\n");
  }
  spdlog::info("run {} seed {} on {} ({} threads) -> {}", config.name, config.seed, env.device, env.threads,
               dir.string());

  RunRecorder recorder(dir, progress);
  RunResume resume;
  resume.completed = progress.completed;
  resume.history = progress.history;
  resume.stage_seconds = progress.stage_seconds;
  resume.restore_state = [&](ConvNet& net, torch::optim::Optimizer& optimizer) {
    load_training_state(net, optimizer, dir / progress.state_file);
  };
  resume.load_stage_weights = [&](const StagePlan& stage, ConvNet& net) {
    load_weights(net, dir / (stage.name + ".pt"));
  };

  RunResult result;
  try {
    result = run_protocol(config, data, device.device, recorder, options.resume ? &resume : nullptr);
  } catch (const RunFailedError& e) {
    const RunResult partial{recorder.progress().completed, 0.0};
    write_file_atomic(dir / "summary.json", make_summary(config, partial, env, e.what()).dump(2) + "\n");
    throw;
  } catch (const InterruptedError& e) {
    const std::string command = options.command_line.empty() ? "the same command" : options.command_line;
    throw InterruptedError(std::string(e.what()) + ".\nResume with: " + command + " --resume", e.signal());
  }
  write_file_atomic(dir / "summary.json", make_summary(config, result, env).dump(2) + "\n");
  recorder.remove_checkpoint();
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
