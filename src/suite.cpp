#include "tl_boost/suite.hpp"

#include <algorithm>
#include <chrono>
#include <thread>
#include <set>
#include <signal.h>
#include <unistd.h>

#include <spdlog/fmt/ranges.h>
#include <spdlog/spdlog.h>

#include "tl_boost/benchmark.hpp"
#include "tl_boost/checkpoint.hpp"
#include "tl_boost/cifar10.hpp"
#include "tl_boost/error.hpp"
#include "tl_boost/landscape.hpp"
#include "tl_boost/model_options.hpp"
#include "tl_boost/file_lock.hpp"
#include "tl_boost/interrupt.hpp"
#include "tl_boost/progress.hpp"
#include "tl_boost/protocol.hpp"
#include "tl_boost/run.hpp"
#include "tl_boost/seeds.hpp"
#include "tl_boost/source_cache.hpp"
#include "tl_boost/stopwatch.hpp"
#include "tl_boost/subprocess.hpp"
#include "tl_boost/suite_cost.hpp"

namespace tl_boost {

namespace {

// One SplitConfigs per split; a suite without splits is one unnamed split of the configs' groups.
std::vector<SplitConfigs> expand_splits(const SuiteConfig& suite, const std::vector<std::uint64_t>& seeds,
                                        const std::vector<std::string>& overrides) {
  if (suite.splits.empty()) return {{"", expand_suite(suite, seeds, overrides)}};
  std::vector<SplitConfigs> splits;
  for (const auto& split : suite.splits) splits.push_back({split.name, expand_suite(suite, seeds, overrides, &split)});
  return splits;
}

}  // namespace

SuiteSchedule choose_schedule(int cores, std::size_t target_runs, std::optional<int> jobs, std::optional<int> threads) {
  SuiteSchedule schedule;
  cores = std::max(1, cores);
  schedule.jobs = jobs && *jobs > 0 ? *jobs : std::max(1, std::min(cores, static_cast<int>(target_runs)));
  schedule.threads = threads ? *threads : std::max(1, cores / schedule.jobs);
  return schedule;
}

std::vector<std::string> unit_command(const SuiteInvocation& invocation, int threads, std::size_t unit) {
  std::vector<std::string> args{invocation.self, "suite",     invocation.suite_file.string(),
                                "--seeds",       invocation.seeds, "--out",
                                invocation.out.string(), "--threads", std::to_string(threads)};
  if (invocation.device) args.insert(args.end(), {"--device", *invocation.device});
  for (const auto& o : invocation.overrides) args.insert(args.end(), {"--set", o});
  if (invocation.splits) args.insert(args.end(), {"--splits", *invocation.splits});
  args.insert(args.end(), {"--unit", std::to_string(unit)});
  return args;
}

Suite::Suite(SuiteConfig config, std::vector<std::uint64_t> seeds, const std::vector<std::string>& overrides,
             const std::filesystem::path& out_root)
    : config_(std::move(config)),
      seeds_(std::move(seeds)),
      configs_(expand_splits(config_, seeds_, overrides)),
      units_(plan_suite(configs_)),
      interpolations_(config_.interpolation
                          ? plan_interpolations(*config_.interpolation, configs_, "suite " + config_.name)
                          : std::vector<InterpolationJob>{}),
      layout_(out_root / config_.name) {}

const ExperimentConfig& Suite::config_of(const std::string& split, std::size_t protocol, std::uint64_t seed) const {
  for (const auto& s : configs_) {
    if (s.split != split) continue;
    for (const auto& c : s.configs.at(protocol)) {
      if (c.seed == seed) return c;
    }
  }
  throw ConfigError("suite " + config_.name + ": no config for protocol " + std::to_string(protocol) + " seed " +
                    std::to_string(seed) + (split.empty() ? "" : " of split " + split));
}

std::filesystem::path Suite::interpolation_csv(const InterpolationJob& job) const {
  return layout_.interpolation(job.split, job.protocol_a, job.protocol_b, job.seed_a, job.seed_b);
}

namespace {

// The final target network of a finished run, from its saved weights.
ConvNet final_network(const ExperimentConfig& config, const RunLayout& run, torch::Device device) {
  const std::vector<StagePlan> plans = plan_stages(config);
  ConvNet net = make_network(config, plans.back(), device);
  load_weights(net, run.stage_weights(plans.back().name));
  return net;
}

}  // namespace

std::size_t Suite::run_interpolations(const std::function<const Session&(const ExperimentConfig&)>& open) const {
  if (!config_.interpolation) return 0;
  std::size_t written = 0;
  for (const InterpolationJob& job : interpolations_) {
    const std::filesystem::path csv = interpolation_csv(job);
    if (std::filesystem::exists(csv)) continue;  // done by an earlier invocation
    const ExperimentConfig& config_a = config_of(job.split, job.a, job.seed_a);
    const ExperimentConfig& config_b = config_of(job.split, job.b, job.seed_b);
    const RunLayout run_a = layout_.run(job.split, config_a.name, config_a.seed);
    const RunLayout run_b = layout_.run(job.split, config_b.name, config_b.seed);
    const auto trained = [](const RunLayout& run, const ExperimentConfig& config) {
      const RunState state = inspect_run(run, config).state;
      return state == RunState::kComplete || state == RunState::kOwesMeasures;
    };
    if (!trained(run_a, config_a) || !trained(run_b, config_b)) {
      spdlog::warn("suite {}: {} not interpolated: its target runs are not both complete", config_.name, csv.string());
      continue;
    }
    const Session& session = open(config_b);
    const torch::Device device = session.device.device;
    ConvNet a = final_network(config_a, run_a, device);
    ConvNet b = final_network(config_b, run_b, device);
    // b's task and training split: the same for both networks of a pair of protocols with one seed.
    const StageData data = make_stage_data(session.data, config_b.target_classes, stage_data_options(config_b), device);
    const LabelledImages train =
        seeded_subset(data.train, config_.interpolation->subset, derive_seed(config_b.seed, "interpolation"));
    const auto points = interpolate_networks(a, b, alpha_grid(config_.interpolation->points), {&train, &data.test},
                                             config_b.train.eval_batch_size, config_b.precision);
    std::string text = "alpha,train_loss,train_acc,test_loss,test_acc\n";
    for (const InterpolationPoint& p : points) {
      text += fmt::format("{:.6g},{:.6f},{:.6f},{:.6f},{:.6f}\n", p.alpha, p.evaluations[0].loss,
                          p.evaluations[0].accuracy, p.evaluations[1].loss, p.evaluations[1].accuracy);
    }
    std::error_code ec;
    std::filesystem::create_directories(csv.parent_path(), ec);
    if (ec) throw IoError(csv.parent_path().string() + ": cannot create: " + ec.message());
    write_file_atomic(csv, text);
    ++written;
    spdlog::info("suite {}: interpolated {} seed {} -> {} seed {}: {}", config_.name, job.protocol_a, job.seed_a,
                 job.protocol_b, job.seed_b, csv.string());
  }
  return written;
}

const ExperimentConfig& Suite::config_of(const SuiteUnit& unit) const {
  for (const auto& split : configs_) {
    if (split.split != unit.split) continue;
    for (const auto& protocol : split.configs) {
      for (const auto& c : protocol) {
        if (c.name == unit.protocol && c.seed == unit.seed) return c;
      }
    }
  }
  throw ConfigError("suite " + config_.name + ": no config for unit " + std::to_string(unit.index));
}

const ClassSplit* Suite::split_of(const SuiteUnit& unit) const {
  for (const auto& split : config_.splits) {
    if (split.name == unit.split) return &split;
  }
  return nullptr;
}

SuiteManifest Suite::manifest() const {
  SuiteManifest m;
  m.name = config_.name;
  m.seeds = seeds_;
  m.alpha = config_.alpha;
  m.loss_margin = config_.loss_margin;
  for (const auto& protocol : configs_.front().configs) m.protocols.push_back(protocol.front().name);
  m.splits = config_.splits;
  return m;
}

bool Suite::unit_complete(const SuiteUnit& unit) const {
  if (unit.kind == UnitKind::kSource) return source_cached(layout_, unit.source_key);
  const ExperimentConfig& config = config_of(unit);
  return inspect_run(layout_.run(unit.split, config.name, config.seed), config).state == RunState::kComplete;
}

std::vector<nlohmann::json> Suite::plan() const {
  std::vector<nlohmann::json> lines;
  for (const auto& unit : units_) {
    nlohmann::json line = to_json(unit);
    line["complete"] = unit_complete(unit);
    lines.push_back(line);
  }
  return lines;
}

void Suite::run_unit(const SuiteUnit& unit, const Session& session, const std::string& command_line,
                     const std::optional<RunCommand>& command) const {
  const ExperimentConfig& config = config_of(unit);
  if (unit.kind == UnitKind::kSource) {
    ensure_cached_source(config, layout_, session);
    return;
  }
  const RunLayout run = layout_.run(unit.split, config.name, config.seed);
  std::error_code ec;
  std::filesystem::create_directories(run.dir().parent_path(), ec);
  if (ec) throw IoError(run.dir().parent_path().string() + ": cannot create: " + ec.message());
  // Two processes on one suite directory (two suite commands, cluster tasks) must not train one
  // run at once in the same files: the second waits, then finds the run complete.
  const FileLock lock(run.lock());
  if (lock.waited()) spdlog::info("waited for another process running {}", run.dir().string());
  // A suite has no --resume: the same command continues it.
  RunTarget target{run, RunEntry::kResume, command_line, std::nullopt, "", command};
  if (const ClassSplit* split = split_of(unit)) target.split = split->name;
  if (!unit.source_key.empty()) {
    target.cached_source = layout_.source(unit.source_key);
    // Normally its source unit ran first; a target run on its own (--unit) trains a missing one.
    const RunState state = inspect_run(target.layout, config).state;
    if (state != RunState::kComplete && state != RunState::kOwesMeasures) ensure_cached_source(config, layout_, session);
  }
  execute_run(config, target, session);
}

SuiteCostEstimate estimate_suite_cost(const Suite& suite, const SuiteSchedule& schedule, double measure_seconds) {
  SuiteCostEstimate e;
  e.jobs = schedule.jobs;
  e.threads = schedule.threads;
  std::vector<const SuiteUnit*> pending;
  for (const auto& unit : suite.units()) {
    if (!suite.unit_complete(unit)) pending.push_back(&unit);
  }
  std::vector<const InterpolationJob*> interpolations;
  for (const auto& job : suite.interpolations()) {
    if (!std::filesystem::exists(suite.interpolation_csv(job))) interpolations.push_back(&job);
  }
  e.units = pending.size();
  e.interpolations = interpolations.size();
  e.has_interpolations = !suite.interpolations().empty();
  if (pending.empty() && interpolations.empty()) return e;
  bool probes = false, sharpness = false;
  for (const SuiteUnit* unit : pending) {
    const ExperimentConfig& c = suite.config_of(*unit);
    probes = probes || (unit->kind == UnitKind::kTarget && !c.probe.classes.empty());
    sharpness = sharpness || (unit->kind == UnitKind::kTarget && c.landscape.sharpness);
  }
  // One measurement serves every unit: the suite's protocols share the model, batch size and device.
  const ExperimentConfig& first = pending.empty() ? suite.config_of(interpolations.front()->split,
                                                                    interpolations.front()->b,
                                                                    interpolations.front()->seed_b)
                                                  : suite.config_of(*pending.front());
  // Every unit is a process that reads the dataset and prepares its stages' images before it
  // trains: at small settings that, not training, is most of a unit's time.
  const auto setup_start = std::chrono::steady_clock::now();
  const Session session = open_session(first);
  e.device = session.device.device.str();
  const BenchData data = make_bench_data(session.data, first.target_classes, first.split_seed());
  CostRates& r = e.rates;
  r.unit_setup_seconds = seconds_since(setup_start);
  const StepVariant variant{first.memory_format == MemoryFormat::kChannelsLast, BatchInput::kPreallocated,
                            first.precision};
  const ConvNetOptions model = model_options(first, data.num_classes);
  const torch::Device device = session.device.device;
  const double share = measure_seconds / (2 + sharpness);  // the probe's measurement is its own length
  r.train_images_per_second =
      measure_training(data, model, variant, first.train.batch_size, share, device).images_per_second;
  r.eval_images_per_second =
      measure_evaluation(data, model, variant, first.train.eval_batch_size, share, device).images_per_second;
  if (probes) {
    const ProbeThroughput probe =
        measure_probe(data, model, variant, first.train.batch_size, first.train.eval_batch_size, device);
    r.probe_feature_images_per_second = probe.feature_images_per_second;
    r.probe_classifier_images_per_second = probe.classifier_images_per_second;
  }
  if (sharpness) {
    r.hvp_images_per_second =
        measure_hessian_vector_products(data, model, variant, first.train.eval_batch_size, share, device)
            .images_per_second;
  }

  // Units at once share the cores: more threads than cores stretch every unit alike.
  const double cores = std::max(1u, std::thread::hardware_concurrency());
  const double oversubscribed =
      device.is_cpu() ? std::max(1.0, schedule.jobs * schedule.threads / cores) : 1.0;
  for (const UnitKind phase : {UnitKind::kSource, UnitKind::kTarget}) {
    double total = 0, longest = 0;
    std::size_t count = 0;
    for (const SuiteUnit* unit : pending) {
      if (unit->kind != phase) continue;
      const ExperimentConfig& c = suite.config_of(*unit);
      const UnitCost cost = phase == UnitKind::kSource ? source_unit_cost(c, r) : target_unit_cost(c, r);
      e.unit_epochs += static_cast<std::size_t>(cost.epochs);
      e.training_seconds += cost.setup * oversubscribed + cost.training * oversubscribed;
      e.probe_seconds += cost.probes * oversubscribed;
      e.landscape_seconds += cost.landscape * oversubscribed;
      const double seconds = cost.total() * oversubscribed;
      total += seconds;
      longest = std::max(longest, seconds);
      ++count;
    }
    e.unit_seconds += total;
    if (count > 0) e.wall_seconds += std::max(longest, total / std::min<double>(schedule.jobs, count));
  }
  // After every unit, one after another in the suite's own process.
  for (const InterpolationJob* job : interpolations) {
    e.interpolation_seconds += interpolation_seconds(*suite.config().interpolation,
                                                     suite.config_of(job->split, job->b, job->seed_b), r);
  }
  e.wall_seconds += e.interpolation_seconds;
  return e;
}

std::string describe(const SuiteCostEstimate& e, const std::string& suite_name) {
  if (e.units == 0 && e.interpolations == 0) {
    return fmt::format("suite {}: every unit is complete{}; nothing to run", suite_name,
                       e.has_interpolations ? " and every interpolation written" : "");
  }
  std::string parts = fmt::format("training {}", format_duration(e.training_seconds));
  if (e.probe_seconds > 0) parts += fmt::format(", probes {}", format_duration(e.probe_seconds));
  if (e.landscape_seconds > 0) parts += fmt::format(", sharpness at most {}", format_duration(e.landscape_seconds));
  std::string rates = fmt::format("{:.0f} training and {:.0f} evaluation images/s per unit",
                                  e.rates.train_images_per_second, e.rates.eval_images_per_second);
  if (e.rates.probe_feature_images_per_second > 0) {
    rates += fmt::format(", {:.0f} probe-feature and {:.0f} probe-classifier images/s",
                         e.rates.probe_feature_images_per_second, e.rates.probe_classifier_images_per_second);
  }
  if (e.rates.hvp_images_per_second > 0) {
    rates += fmt::format(", {:.0f} images/s of Hessian-vector products", e.rates.hvp_images_per_second);
  }
  std::string interpolations;
  if (e.interpolations > 0) {
    interpolations = fmt::format(", then {} interpolation(s) in {}", e.interpolations,
                                 format_duration(e.interpolation_seconds));
  }
  return fmt::format(
      "suite {}: {} units to run, {} unit-epochs{}; estimated {} wall time at {} job(s) x {} thread(s) on {} "
      "({} of unit work: {}; measured {} and {:.1f}s to read the dataset and prepare a stage)",
      suite_name, e.units, e.unit_epochs, interpolations, format_duration(e.wall_seconds), e.jobs, e.threads, e.device,
      format_duration(e.unit_seconds), parts, rates, e.rates.unit_setup_seconds);
}

void run_suite(const Suite& suite, const SuiteSchedule& schedule, const SuiteInvocation& invocation,
               const SessionSource& session) {
  const auto& units = suite.units();
  const SuiteLayout& layout = suite.layout();
  // A missing device or data directory is the whole suite's problem: it fails once, as `run`
  // fails, before anything is written or a unit starts.
  std::set<std::pair<int, std::string>> checked;
  for (const auto& unit : units) {
    const ExperimentConfig& config = suite.config_of(unit);
    if (checked.emplace(static_cast<int>(config.device), config.data.dir).second) session.check(config);
  }
  std::vector<bool> complete;
  for (const auto& unit : units) complete.push_back(suite.unit_complete(unit));
  const auto found_complete = static_cast<std::size_t>(std::count(complete.begin(), complete.end(), true));

  std::error_code ec;
  std::filesystem::create_directories(layout.logs(), ec);
  if (ec) throw IoError(layout.logs().string() + ": cannot create: " + ec.message());
  write_manifest(layout.manifest(), suite.manifest());
  const SuiteManifest manifest = suite.manifest();
  spdlog::info("suite {}: {} protocols x {} seeds{} = {} units, {} at a time with {} thread(s) each -> {}", manifest.name,
               manifest.protocols.size(), manifest.seeds.size(),
               manifest.splits.empty() ? std::string() : fmt::format(" x {} splits", manifest.splits.size()), units.size(), schedule.jobs, schedule.threads,
               layout.root().string());
  if (found_complete > 0) {
    spdlog::info("suite {}: {} of {} units already complete; running the other {}", manifest.name, found_complete,
                 units.size(), units.size() - found_complete);
  }

  // Live on a terminal only when units run in child processes: a unit in this process logs its epochs.
  SuiteProgress progress(units.size(), found_complete, schedule.jobs > 1 && ::isatty(STDERR_FILENO) == 1);
  const auto unit_text = [](const SuiteUnit& unit) {
    return fmt::format("unit {} ({} {}{} seed {})", unit.index, unit.kind == UnitKind::kSource ? "source of" : "target",
                       unit.protocol, unit.split.empty() ? "" : " split " + unit.split, unit.seed);
  };
  const auto report_progress = [&](const SuiteUnit& unit, const char* outcome) {
    progress.unit_done(fmt::format("{} {}", unit_text(unit), outcome));
  };

  if (schedule.jobs == 1) {
    for (const auto& unit : units) {
      if (complete[unit.index]) continue;
      suite.run_unit(unit, session.open(suite.config_of(unit)), invocation.command_line, invocation.command);
      report_progress(unit, "done");
    }
    suite.run_interpolations(session.open);
    return;
  }
  // J child processes at a time, one unit each; every source unit finishes before targets start.
  std::size_t failed = 0;
  std::vector<std::string> stopped;  // units a signal stopped at their last checkpoint
  try {
    for (const UnitKind phase : {UnitKind::kSource, UnitKind::kTarget}) {
      std::vector<const SuiteUnit*> pending;
      for (const auto& unit : units) {
        if (unit.kind == phase && !complete[unit.index]) pending.push_back(&unit);
      }
      failed += run_in_processes(
          pending.size(), schedule.jobs,
          [&](std::size_t i) {
            return ChildSpec{unit_command(invocation, schedule.threads, pending[i]->index),
                             layout.unit_log(pending[i]->index), {}};
          },
          [&](std::size_t i, int exit_code) {
            const SuiteUnit& unit = *pending[i];
            // Ended by SIGINT or SIGTERM (Ctrl-C reaches the children too, and this process passes
            // either on as SIGTERM): stopped at a checkpoint, not failed.
            const bool by_signal = exit_code == 128 + SIGINT || exit_code == 128 + SIGTERM;
            if (pending_interrupt() != 0 && by_signal) {
              stopped.push_back(unit_text(unit));
              report_progress(unit, "stopped");
              return;
            }
            if (exit_code != 0) {
              spdlog::error("unit {} ({} seed {}) failed with exit {}; see {}", unit.index, unit.protocol, unit.seed,
                            exit_code, layout.unit_log(unit.index).string());
            }
            report_progress(unit, exit_code == 0 ? "done" : "failed");
          });
      if (failed > 0 && phase == UnitKind::kSource) break;  // targets would miss their sources
    }
  } catch (const InterruptedError& e) {
    // Say which units the signal stopped: each continues from its checkpoint when the suite reruns.
    const std::string which = stopped.empty()
                                  ? "no unit was running"
                                  : fmt::format("stopped {} at their last complete epoch", fmt::join(stopped, ", "));
    throw InterruptedError(fmt::format("interrupted by signal {}: {}.\nContinue with: {}", e.signal(), which,
                                       invocation.command_line),
                           e.signal());
  }
  if (failed > 0) throw RunFailedError(std::to_string(failed) + " suite unit(s) failed; rerun the suite to continue");
  suite.run_interpolations(session.open);
}

}  // namespace tl_boost
