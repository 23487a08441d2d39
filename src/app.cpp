#include "tl_boost/app.hpp"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <ctime>
#include <iostream>
#include <memory>
#include <optional>
#include <thread>
#include <unistd.h>

#include <spdlog/fmt/ranges.h>
#include <spdlog/spdlog.h>

#include "tl_boost/checkpoint.hpp"
#include "tl_boost/cifar10.hpp"
#include "tl_boost/config.hpp"
#include "tl_boost/error.hpp"
#include "tl_boost/file_lock.hpp"
#include "tl_boost/interrupt.hpp"
#include "tl_boost/precision.hpp"
#include "tl_boost/progress.hpp"
#include "tl_boost/protocol.hpp"
#include "tl_boost/report.hpp"
#include "tl_boost/run_output.hpp"
#include "tl_boost/runtime.hpp"
#include "tl_boost/seeds.hpp"
#include "tl_boost/subprocess.hpp"
#include "tl_boost/suite_plan.hpp"

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

// Logs a run's progress: one line per stage start, epoch and stage end.
class LoggingObserver : public RunObserver {
 public:
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

  void on_epoch(const StagePlan& stage, const EpochMetrics& m, ConvNet&, torch::optim::Optimizer&) override {
    spdlog::info("{} epoch {:>3}/{}  loss {:.4f}  train acc {:.4f}  val acc {:.4f}  lr {:.4g}  {:.1f}s", stage.name,
                 m.epoch, stage.epochs, m.train_loss, m.train_acc, m.val_acc, m.lr, m.seconds);
  }

  void on_stage_end(const StageResult& result, ConvNet&) override {
    spdlog::info("{} stage done: test acc {:.4f}, test loss {:.4f}, {:.1f}s", result.plan.name, result.test.accuracy,
                 result.test.loss, result.seconds);
  }
  void on_probe(const ProbeResult& probe) override {
    spdlog::info("probe on {}: linear classifier on the frozen conv features, test acc {:.4f}, {:.1f}s",
                 fmt::join(probe.classes, ","), probe.test.accuracy, probe.seconds);
  }
};

// Records a run directory: a CSV row per epoch, a checkpoint after every epoch and stage, the
// weights of each finished stage.
class RunRecorder : public LoggingObserver {
 public:
  static constexpr const char* kCheckpointFile = "checkpoint.json";

  // `continuing`: metrics.csv already holds the rows of `progress` (a resumed run). Otherwise the
  // file starts afresh, with the rows of any stage `progress` brings along (a cached source stage).
  RunRecorder(const std::filesystem::path& dir, RunProgress progress, bool continuing)
      : dir_(dir),
        progress_(std::move(progress)),
        csv_(continuing ? MetricsCsvWriter(dir / "metrics.csv", progress_.metrics_rows())
                        : MetricsCsvWriter(dir / "metrics.csv")) {
    if (continuing || progress_.completed.empty()) return;
    for (const StageResult& stage : progress_.completed) {
      for (const EpochMetrics& m : stage.epochs) csv_.append(stage.plan.name, m);
    }
    commit_progress("");
  }

  const RunProgress& progress() const { return progress_; }

  void on_epoch(const StagePlan& stage, const EpochMetrics& m, ConvNet& net,
                torch::optim::Optimizer& optimizer) override {
    LoggingObserver::on_epoch(stage, m, net, optimizer);
    csv_.append(stage.name, m);
    const std::string state_file = "checkpoint-" + stage.name + "-" + std::to_string(m.epoch) + ".pt";
    save_training_state(net, optimizer, dir_ / state_file);
    progress_.history.push_back(m);
    progress_.stage_seconds += m.seconds;
    commit_progress(state_file);
  }

  void on_stage_end(const StageResult& result, ConvNet& net) override {
    LoggingObserver::on_stage_end(result, net);
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

// How run_protocol continues from `progress`, the checkpoint a RunRecorder wrote into `dir`.
RunResume resume_from(const std::filesystem::path& dir, const RunProgress& progress) {
  RunResume resume;
  resume.completed = progress.completed;
  resume.history = progress.history;
  resume.stage_seconds = progress.stage_seconds;
  resume.restore_state = [dir, state = progress.state_file](ConvNet& net, torch::optim::Optimizer& optimizer) {
    load_training_state(net, optimizer, dir / state);
  };
  resume.load_stage_weights = [dir](const StagePlan& stage, ConvNet& net) {
    load_weights(net, dir / (stage.name + ".pt"));
  };
  return resume;
}

// The settings a resumed run must share with the interrupted one (threads and device may differ).
// The probe runs after training and changes nothing in it, so a probe added later is no difference.
nlohmann::json resumable_settings(nlohmann::json config) {
  config.erase("threads");
  config.erase("device");
  config.erase("probe");
  return config;
}

RunEnvironment make_environment(const DeviceChoice& device, int threads, const std::string& data_fingerprint) {
  RunEnvironment env;
  env.cpu = cpu_model();
  env.data_fingerprint = data_fingerprint;
  env.device = device.device.str();
  env.threads = threads;
  env.libtorch_version = libtorch_version();
  env.tl_boost_version = tl_boost_version();
  env.git_sha = git_sha();
  env.started_at = utc_now();
  env.hostname = host_name();
  return env;
}

// Everything a command needs before training: the device, the threads, the dataset.
struct Session {
  DeviceChoice device;
  int threads = 0;
  Cifar10 data;
  std::string data_fingerprint;
};

Session open_session(const ExperimentConfig& config) {
  Session session;
  session.device = resolve_device(config.device);
  if (!session.device.note.empty()) spdlog::warn("{}", session.device.note);
  const auto start = std::chrono::steady_clock::now();
  session.data = read_cifar10(config.data.dir);
  session.data_fingerprint = data_fingerprint(session.data);
  spdlog::debug("read CIFAR-10 from {} in {:.3f}s", config.data.dir,
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  session.threads = apply_thread_count(config.threads);
  if (!set_freed_memory_reuse(true)) spdlog::debug("this C library cannot keep freed memory for reuse");
  if (config.precision == Precision::kBf16 && !session.device.device.is_cuda() &&
      !cpu_has_native_bf16()) {
    spdlog::warn("precision bf16: this CPU has no AVX512-BF16, so bfloat16 is emulated and slower than fp32");
  }
  return session;
}

// How a run directory is entered.
struct RunTarget {
  std::filesystem::path dir;
  bool force = false;   // replace an existing run
  bool resume = false;  // continue from a checkpoint; a finished run is left as it is
  std::string command_line;
  std::optional<std::filesystem::path> cached_source;  // a suite's trained source stage
};

// The summary of the run in `dir` if it finished training (status "completed"), else nothing.
std::optional<nlohmann::json> completed_summary(const std::filesystem::path& dir) {
  const auto file = dir / "summary.json";
  if (!std::filesystem::exists(file)) return std::nullopt;
  nlohmann::json summary = read_json_file(file);
  if (summary.value("status", "") != "completed") return std::nullopt;
  return summary;
}

// Whether a finished run has all its config asks for: a probe asked for later is still missing.
bool has_requested_probe(const ExperimentConfig& config, const nlohmann::json& summary) {
  return config.probe.classes.empty() || summary.contains("probe");
}

// Runs `config` into target.dir, or continues it.
void execute_run(const ExperimentConfig& config, const RunTarget& target, const Session& session) {
  const auto& dir = target.dir;
  const auto checkpoint = dir / RunRecorder::kCheckpointFile;
  const std::vector<StagePlan> plans = plan_stages(config);
  RunProgress progress;
  bool continuing = false;
  const bool checkpointed = target.resume && std::filesystem::exists(checkpoint);
  std::optional<nlohmann::json> finished = target.resume && !checkpointed ? completed_summary(dir) : std::nullopt;
  if (checkpointed) {
    const auto saved = read_json_file(dir / "config.json");
    if (resumable_settings(saved) != resumable_settings(to_json(config))) {
      throw ConfigError(dir.string() + ": the config differs from the interrupted run's (" +
                        (dir / "config.json").string() + "); resume with the same config and --set values");
    }
    progress = progress_from_json(read_json_file(checkpoint), plans, checkpoint.string());
    continuing = true;
    spdlog::info("resuming {} seed {} at the {} stage after epoch {}", config.name, config.seed,
                 progress.stage_index < plans.size() ? plans[progress.stage_index].name : "last",
                 progress.history.size());
  } else if (finished) {
    nlohmann::json& summary = *finished;
    if (has_requested_probe(config, summary)) {
      spdlog::info("{}: the run is already complete; nothing to resume", dir.string());
      return;
    }
    // A probe asked for after the run finished: run it on the saved final network.
    ConvNet net = make_network(config, plans.back(), session.device.device);
    load_weights(net, dir / (plans.back().name + ".pt"));
    const ProbeResult probe = run_probe(config, session.data, net, session.device.device);
    summary["probe"] = probe_json(probe);
    write_file_atomic(dir / "summary.json", summary.dump(2) + "\n");
    spdlog::info("{}: probe on {} added: test acc {:.4f}", dir.string(), fmt::join(probe.classes, ","),
                 probe.test.accuracy);
    return;
  } else {
    // Nothing finished yet (or a failed run): start over in the same directory.
    prepare_run_directory(dir, target.force || target.resume);
    write_file_atomic(dir / "config.json", to_json(config).dump(2) + "\n");
    if (target.cached_source && config.has_source_stage()) {
      const auto stage_file = *target.cached_source / "stage.json";
      progress = progress_from_json(read_json_file(stage_file), plans, stage_file.string());
      std::error_code ec;
      std::filesystem::copy_file(*target.cached_source / "source.pt", dir / "source.pt",
                                 std::filesystem::copy_options::overwrite_existing, ec);
      if (ec) throw IoError((dir / "source.pt").string() + ": cannot copy the cached source network: " + ec.message());
    }
  }
  const RunEnvironment env = make_environment(session.device, session.threads, session.data_fingerprint);
  spdlog::info("run {} seed {} on {} ({} threads) -> {}", config.name, config.seed, env.device, env.threads,
               dir.string());

  RunRecorder recorder(dir, progress, continuing);
  const RunResume resume = resume_from(dir, progress);
  const bool has_progress = !progress.completed.empty() || !progress.history.empty();

  RunResult result;
  try {
    result = run_protocol(config, session.data, session.device.device, recorder, has_progress ? &resume : nullptr);
  } catch (const RunFailedError& e) {
    RunResult partial;
    partial.stages = recorder.progress().completed;
    write_file_atomic(dir / "summary.json", make_summary(config, partial, env, e.what()).dump(2) + "\n");
    throw;
  } catch (const InterruptedError& e) {
    const std::string command = target.command_line.empty() ? "the same command" : target.command_line;
    throw InterruptedError(std::string(e.what()) + ".\nResume with: " + command + " --resume", e.signal());
  }
  write_file_atomic(dir / "summary.json", make_summary(config, result, env).dump(2) + "\n");
  recorder.remove_checkpoint();
  spdlog::info("done in {:.1f}s: target test acc {:.4f} -> {}", result.seconds,
               result.stages.back().test.accuracy, (dir / "summary.json").string());
}

// Trains a suite's source network into `dir` unless it is there already. Written to a
// temporary directory first, so the cache never holds half a source.
// A lock file beside it makes concurrent units (child processes, cluster tasks) train it once:
// the first trains, the others wait and then find it there.
void train_cached_source(const ExperimentConfig& config, const std::filesystem::path& dir, const Session& session) {
  std::error_code ec;
  std::filesystem::create_directories(dir.parent_path(), ec);
  if (ec) throw IoError(dir.parent_path().string() + ": cannot create: " + ec.message());
  const FileLock lock(dir.string() + ".lock");
  if (lock.waited()) spdlog::info("waited for another process training the source network {}", dir.string());
  if (std::filesystem::exists(dir / "stage.json")) {
    spdlog::info("source network {} (seed {}) already trained: {}", config.name, config.seed, dir.string());
    return;
  }
  // The partial directory is checkpointed after every epoch like a run, so an interrupted source
  // continues where it stopped; its key names everything that determines it, so nothing differs.
  const std::filesystem::path partial = dir.string() + ".partial";
  const std::vector<StagePlan> plans = plan_stages(config);
  RunProgress progress;
  const bool continuing = std::filesystem::exists(partial / RunRecorder::kCheckpointFile);
  if (continuing) {
    progress = progress_from_json(read_json_file(partial / RunRecorder::kCheckpointFile), plans,
                                  (partial / RunRecorder::kCheckpointFile).string());
    spdlog::info("resuming the source network of {} (seed {}) after epoch {} -> {}", config.name, config.seed,
                 progress.completed.empty() ? progress.history.size() : plans.front().epochs, dir.string());
  } else {
    std::filesystem::remove_all(partial, ec);
    std::filesystem::create_directories(partial, ec);
    if (ec) throw IoError(partial.string() + ": cannot create: " + ec.message());
    spdlog::info("training source network of {} (seed {}) -> {}", config.name, config.seed, dir.string());
  }
  RunRecorder recorder(partial, progress, continuing);
  const RunResume resume = resume_from(partial, progress);
  run_protocol(config, session.data, session.device.device, recorder, continuing ? &resume : nullptr, 1);
  // stage.json: the finished source stage in checkpoint form, which a target run continues from.
  write_file_atomic(partial / "stage.json", progress_to_json(recorder.progress()).dump(2) + "\n");
  recorder.remove_checkpoint();
  std::filesystem::rename(partial, dir, ec);
  if (ec) throw IoError(dir.string() + ": cannot move the trained source into place: " + ec.message());
}


}  // namespace

int run_command(const RunOptions& options) {
  if (options.resume && options.force) throw ConfigError("--resume and --force exclude each other");
  const ExperimentConfig config = resolve_config(options);
  // The dataset is read before anything is created, so a bad one leaves no empty run directory.
  const Session session = open_session(config);
  RunTarget target;
  target.dir = run_directory(options.out, config.name, config.seed);
  target.force = options.force;
  target.resume = options.resume;
  target.command_line = options.command_line;
  execute_run(config, target, session);
  return 0;
}

int suite_command(const SuiteOptions& options) {
  const SuiteConfig suite = load_suite_config(options.suite);
  const std::vector<std::uint64_t> seeds = parse_seed_list(options.seeds);
  std::vector<std::string> overrides = options.overrides;
  if (options.device) overrides.push_back("device=\"" + *options.device + "\"");
  const int cores = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  // Default: one unit per core with one thread each, the fastest use of the cores in all
  // (bench's "suite parallelism"); never more than the target units that can run at once.
  const int jobs = options.jobs > 0 ? options.jobs
                                    : std::max(1, std::min(cores, static_cast<int>(suite.protocols.size() *
                                                                                    seeds.size())));
  const int threads = options.threads ? *options.threads : std::max(1, cores / jobs);
  overrides.push_back("threads=" + std::to_string(threads));

  const std::vector<std::vector<ExperimentConfig>> configs = expand_suite(suite, seeds, overrides);
  const std::vector<SuiteUnit> units = plan_suite(configs);
  const std::filesystem::path root = options.out / suite.name;
  const auto config_of = [&](const SuiteUnit& unit) -> const ExperimentConfig& {
    for (const auto& protocol : configs) {
      for (const auto& c : protocol) {
        if (c.name == unit.protocol && c.seed == unit.seed) return c;
      }
    }
    throw ConfigError("suite: no config for unit " + std::to_string(unit.index));
  };
  // A unit with nothing left to do: its source network is in the cache, or its target run is
  // complete with the probe its config asks for. A rerun of the suite (or of its Slurm
  // submission, which reads "complete" from --plan) skips these.
  const auto unit_complete = [&](const SuiteUnit& unit) {
    if (unit.kind == UnitKind::kSource) return std::filesystem::exists(root / "sources" / unit.source_key / "stage.json");
    const ExperimentConfig& config = config_of(unit);
    const auto summary = completed_summary(run_directory(root, config.name, config.seed));
    return summary && has_requested_probe(config, *summary);
  };
  std::vector<bool> complete;
  for (const auto& unit : units) complete.push_back(unit_complete(unit));
  const auto found_complete = static_cast<std::size_t>(std::count(complete.begin(), complete.end(), true));

  if (options.plan) {
    for (const auto& unit : units) {
      nlohmann::json line = to_json(unit);
      line["complete"] = complete[unit.index];
      std::cout << line.dump() << "\n";
    }
    return 0;
  }

  // One unit in this process.
  std::optional<Session> session;
  const auto run_unit = [&](const SuiteUnit& unit) {
    const ExperimentConfig& config = config_of(unit);
    if (!session) session = open_session(config);
    if (unit.kind == UnitKind::kSource) {
      train_cached_source(config, root / "sources" / unit.source_key, *session);
      return;
    }
    RunTarget target;
    target.dir = run_directory(root, config.name, config.seed);
    target.resume = true;  // a suite continues run by run
    target.command_line = options.command_line;
    if (!unit.source_key.empty()) {
      // Normally its source unit ran first; a target run on its own (--unit) trains a missing one.
      target.cached_source = root / "sources" / unit.source_key;
      if (!completed_summary(target.dir)) train_cached_source(config, *target.cached_source, *session);
    }
    execute_run(config, target, *session);
  };

  if (options.unit) {
    if (*options.unit >= units.size()) {
      throw ConfigError("--unit " + std::to_string(*options.unit) + ": the suite has units 0.." +
                        std::to_string(units.size() - 1));
    }
    run_unit(units[*options.unit]);
    return 0;
  }

  std::error_code ec;
  std::filesystem::create_directories(root / "logs", ec);
  if (ec) throw IoError((root / "logs").string() + ": cannot create: " + ec.message());
  write_file_atomic(root / "suite.json", nlohmann::json({{"name", suite.name},
                                                         {"seeds", seeds},
                                                         {"alpha", suite.alpha},
                                                         {"loss_margin", suite.loss_margin},
                                                         {"protocols", [&] {
                                                            nlohmann::json names = nlohmann::json::array();
                                                            for (const auto& p : configs) names.push_back(p.front().name);
                                                            return names;
                                                          }()}})
                                                .dump(2) +
                                            "\n");
  spdlog::info("suite {}: {} protocols x {} seeds = {} units, {} at a time with {} thread(s) each -> {}", suite.name,
               configs.size(), seeds.size(), units.size(), jobs, threads, root.string());

  if (found_complete > 0) {
    spdlog::info("suite {}: {} of {} units already complete; running the other {}", suite.name, found_complete,
                 units.size(), units.size() - found_complete);
  }

  // Live on a terminal only when units run in child processes: a unit in this process logs its epochs.
  SuiteProgress progress(units.size(), found_complete, jobs > 1 && ::isatty(STDERR_FILENO) == 1);
  const auto report_progress = [&](const SuiteUnit& unit, bool succeeded) {
    progress.unit_done(fmt::format("unit {} ({} {} seed {}) {}", unit.index,
                                   unit.kind == UnitKind::kSource ? "source of" : "target", unit.protocol, unit.seed,
                                   succeeded ? "done" : "failed"));
  };

  if (jobs == 1) {
    for (const auto& unit : units) {
      if (complete[unit.index]) continue;
      run_unit(unit);
      report_progress(unit, true);
    }
    return report_command(root);
  }
  // J child processes at a time, one unit each; every source unit finishes before targets start.
  std::vector<std::string> child_args{options.self, "suite", options.suite.string(), "--seeds", options.seeds,
                                      "--out", options.out.string(), "--threads", std::to_string(threads)};
  if (options.device) child_args.insert(child_args.end(), {"--device", *options.device});
  for (const auto& o : options.overrides) child_args.insert(child_args.end(), {"--set", o});
  std::size_t failed = 0;
  for (const UnitKind phase : {UnitKind::kSource, UnitKind::kTarget}) {
    std::vector<const SuiteUnit*> pending;
    for (const auto& unit : units) {
      if (unit.kind == phase && !complete[unit.index]) pending.push_back(&unit);
    }
    failed += run_in_processes(pending.size(), jobs, [&](std::size_t i) {
      auto args = child_args;
      args.insert(args.end(), {"--unit", std::to_string(pending[i]->index)});
      return ChildSpec{args, root / "logs" / ("unit-" + std::to_string(pending[i]->index) + ".log")};
    }, [&](std::size_t i, int exit_code) {
      if (exit_code != 0) {
        spdlog::error("unit {} ({} seed {}) failed with exit {}; see {}", pending[i]->index, pending[i]->protocol,
                      pending[i]->seed, exit_code,
                      (root / "logs" / ("unit-" + std::to_string(pending[i]->index) + ".log")).string());
      }
      report_progress(*pending[i], exit_code == 0);
    });
    if (failed > 0 && phase == UnitKind::kSource) break;  // targets would miss their sources
  }
  if (failed > 0) throw RunFailedError(std::to_string(failed) + " suite unit(s) failed; rerun the suite to continue");
  return report_command(root);
}

int report_command(const std::filesystem::path& suite_dir) {
  const nlohmann::json report = write_report(suite_dir);
  for (const auto& e : report["expectations"]) {
    spdlog::info("{}: {} — {}", e["id"].get<std::string>(), e["statement"].get<std::string>(),
                 e["verdict"].get<std::string>());
  }
  spdlog::info("report: {}", (suite_dir / "report.html").string());
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
