#include "tl_boost/run.hpp"

#include <algorithm>
#include <optional>

#include <spdlog/fmt/ranges.h>
#include <spdlog/spdlog.h>

#include "tl_boost/checkpoint.hpp"
#include "tl_boost/error.hpp"
#include "tl_boost/experiment_identity.hpp"
#include "tl_boost/landscape.hpp"
#include "tl_boost/protocol.hpp"
#include "tl_boost/run_output.hpp"
#include "tl_boost/run_recorder.hpp"
#include "tl_boost/splits.hpp"

namespace tl_boost {

namespace {

// A suite's split names itself in each run's summary, so a run read alone says which classes
// its groups held (the resolved config expands them too).
nlohmann::json with_split(nlohmann::json summary, const ExperimentConfig& config, const RunTarget& target) {
  if (!target.split.empty()) summary["split"] = {{"name", target.split}, {"groups", config.groups}};
  return summary;
}

// A resumed run must be the same experiment; threads, device, a probe and landscape measures added later may differ.
void check_same_experiment(const RunLayout& run, const ExperimentConfig& config) {
  const ExperimentConfig saved = parse_config(read_json_file(run.config()), run.config().string(), config.name);
  const std::vector<std::string> differences = identity_differences(saved, config);
  if (!differences.empty()) {
    throw ConfigError(run.dir().string() + ": the config differs from the interrupted run's (" + run.config().string() +
                      ", the run's value first): " + fmt::format("{}", fmt::join(differences, "; ")) +
                      ". Continue it with the config and --set values it was started with, or move the directory "
                      "away to start over (tl-boost run --force replaces it)");
  }
}

// What to do about a directory a new run found a run in, by what the run is.
std::string existing_run_advice(RunState state, const std::string& resume_command) {
  switch (state) {
    case RunState::kCheckpointed:
      return "an interrupted run is here; continue it with --resume (" + resume_command +
             "), or start it over with --force";
    case RunState::kOwesMeasures:
      return "a finished run is here without the probe or landscape measures its config asks for; add them with "
             "--resume (" + resume_command + "), or replace the run with --force";
    case RunState::kComplete:
      return "a finished run is here (--resume would find nothing left to do); replace it with --force, or write "
             "the new run elsewhere with --out";
    case RunState::kFailed:
      return "a run that failed is here; start it over with --resume or --force";
    case RunState::kEmpty:
      break;
  }
  return "files of a run but neither its checkpoint nor its summary are here; start over in it with --resume or --force";
}

// The landscape measures the config asks for that `summary` lacks.
LandscapeConfig owed_landscape(const ExperimentConfig& config, const nlohmann::json& summary) {
  LandscapeConfig owed = config.landscape;
  const nlohmann::json landscape = summary.value("landscape", nlohmann::json::object());
  owed.distance = owed.distance && !landscape.contains("distance");
  owed.sharpness = owed.sharpness && !landscape.contains("sharpness");
  return owed;
}

// A probe or landscape measures asked for after the run finished: measured on the saved final
// network (and the target stage's start, rebuilt from its seed and the saved source network).
void add_measures(const ExperimentConfig& config, const RunLayout& run, nlohmann::json summary, const Session& session) {
  const std::vector<StagePlan> plans = plan_stages(config);
  const torch::Device device = session.device.device;
  ConvNet net = make_network(config, plans.back(), device);
  load_weights(net, run.stage_weights(plans.back().stage));
  if (!config.probe.classes.empty() && !summary.contains("probe")) {
    std::optional<ConvNet> source;
    if (config.probe.references && config.has_source_stage()) {
      source = make_network(config, plans.front(), device);
      load_weights(*source, run.stage_weights(plans.front().stage));
    }
    const ProbeResult probe = run_probe(config, session.data, net, device, source ? &*source : nullptr);
    summary["probe"] = probe_json(probe);
    write_file_atomic(run.summary(), summary.dump(2) + "\n");
    spdlog::info("{}: probe on {} added: test acc {:.4f}", run.dir().string(), fmt::join(probe.classes, ","),
                 probe.test.accuracy);
  }
  const LandscapeConfig owed = owed_landscape(config, summary);
  if (owed.any()) {
    std::optional<LayerSnapshot> start;
    if (owed.distance) {
      ConvNet rebuilt = final_stage_start_network(
          config, session.data, device,
          [&run](const StagePlan& stage, ConvNet& source) { load_weights(source, run.stage_weights(stage.stage)); });
      start = snapshot_layers(rebuilt);
    }
    const LandscapeResult landscape = measure_landscape(config, owed, session.data, start ? &*start : nullptr, net, device);
    summary["landscape"] = landscape_json(landscape, summary.value("landscape", nlohmann::json()));
    write_file_atomic(run.summary(), summary.dump(2) + "\n");
    RunLog().on_landscape(landscape);
  }
}

// A new run directory with its config, and the cached source stage's weights when it starts from one.
RunProgress enter_fresh(const ExperimentConfig& config, const RunTarget& target) {
  const RunLayout& run = target.layout;
  prepare_run_directory(run.dir(), target.entry != RunEntry::kNew);
  write_file_atomic(run.config(), to_json(config).dump(2) + "\n");
  if (target.command) write_file_atomic(run.command(), command_json(*target.command).dump(2) + "\n");
  if (!target.cached_source || !config.has_source_stage()) return {};
  const RunLayout& cached = *target.cached_source;
  const std::vector<StagePlan> plans = plan_stages(config);
  RunProgress progress = progress_from_json(read_json_file(cached.stage_record()), plans,
                                            cached.stage_record().string());
  const Stage source = plans.front().stage;
  std::error_code ec;
  std::filesystem::copy_file(cached.stage_weights(source), run.stage_weights(source),
                             std::filesystem::copy_options::overwrite_existing, ec);
  if (ec) throw IoError(run.stage_weights(source).string() + ": cannot copy the cached source network: " + ec.message());
  return progress;
}

// stratified_holdout uses every record of a class that has fewer than data.max_per_class: say so
// once for the run, since its stages and probe may share the class.
void warn_of_short_classes(const ExperimentConfig& config, const Cifar10& data) {
  std::vector<int> labels;
  for (const auto* classes : {&config.source_classes, &config.target_classes, &config.probe.classes}) {
    for (const std::string& name : *classes) {
      const int label = cifar10_label(name);
      if (std::find(labels.begin(), labels.end(), label) == labels.end()) labels.push_back(label);
    }
  }
  const std::vector<ShortClass> short_classes =
      classes_short_of(data.train.label_list, labels, config.data.max_per_class);
  if (short_classes.empty()) return;
  std::string which;
  for (const ShortClass& c : short_classes) {
    which += (which.empty() ? "" : ", ") + std::string(kCifar10ClassNames.at(c.label)) + " has " +
             std::to_string(c.records);
  }
  spdlog::warn("data.max_per_class asks for {} training records per class, but {}; {} every record it has",
               config.data.max_per_class, which, short_classes.size() == 1 ? "that class uses" : "each uses");
}

}  // namespace

void check_new_run_directory(const RunLayout& run, const ExperimentConfig& config, const std::string& resume_command) {
  std::error_code ec;
  if (!std::filesystem::exists(run.dir(), ec) || std::filesystem::is_empty(run.dir(), ec)) return;
  const std::string resume = resume_command.empty() ? "the same command with --resume" : resume_command;
  throw IoError(run.dir().string() + ": " + existing_run_advice(inspect_run(run, config).state, resume));
}

RunStatus inspect_run(const RunLayout& run, const ExperimentConfig& config) {
  if (std::filesystem::exists(run.checkpoint())) return {RunState::kCheckpointed, std::nullopt};
  if (!std::filesystem::exists(run.summary())) return {RunState::kEmpty, std::nullopt};
  nlohmann::json summary = read_json_file(run.summary());
  if (summary.value("status", "") != "completed") return {RunState::kFailed, std::nullopt};
  const bool owes_probe = !config.probe.classes.empty() && !summary.contains("probe");
  const bool owes = owes_probe || owed_landscape(config, summary).any();
  return {owes ? RunState::kOwesMeasures : RunState::kComplete, std::move(summary)};
}

namespace {

// Where a run starts: the outcome of one with nothing left to train, or the progress to train from.
struct RunStart {
  std::optional<RunOutcome> finished;
  RunProgress progress;
  bool continuing = false;  // from a checkpoint
};

RunStart run_start(const ExperimentConfig& config, const RunTarget& target, const std::vector<StagePlan>& plans,
                   const Session& session) {
  const RunLayout& run = target.layout;
  const RunStatus status = target.entry == RunEntry::kResume ? inspect_run(run, config) : RunStatus{};
  switch (status.state) {
    case RunState::kComplete:
      spdlog::info("{}: the run is already complete; nothing to resume", run.dir().string());
      return {RunOutcome::kAlreadyComplete, {}, false};
    case RunState::kOwesMeasures:
      add_measures(config, run, *status.summary, session);
      return {RunOutcome::kMeasuresAdded, {}, false};
    case RunState::kCheckpointed: {
      check_same_experiment(run, config);
      RunProgress progress = progress_from_json(read_json_file(run.checkpoint()), plans, run.checkpoint().string());
      spdlog::info("resuming {} seed {} at the {} stage after epoch {}", config.name, config.seed,
                   progress.stage_index < plans.size() ? to_string(plans[progress.stage_index].stage) : "last",
                   progress.history.size());
      return {std::nullopt, std::move(progress), true};
    }
    case RunState::kEmpty:
      // Final weights without a summary: a finished run whose summary.json was deleted (or lost
      // in a crash). Its metrics cannot be trusted without it, so it starts over; say so.
      if (target.entry == RunEntry::kResume && std::filesystem::exists(run.stage_weights(plans.back().stage))) {
        spdlog::warn("{}: {} is missing although the run has its final weights ({}); its results cannot be "
                     "trusted without it, so the run starts over from epoch 1",
                     run.dir().string(), run.summary().string(), run.stage_weights(plans.back().stage).string());
      }
      break;
    case RunState::kFailed:  // nothing finished yet: start over in the same directory
      break;
  }
  return {std::nullopt, enter_fresh(config, target), false};
}

// Trains from `start`, writing the summary (a failed run's too) and removing the checkpoint at the end.
RunOutcome train_and_record(const ExperimentConfig& config, const RunTarget& target, const Session& session,
                            RunStart start) {
  const RunLayout& run = target.layout;
  const RunEnvironment env = run_environment(session);
  spdlog::info("run {} seed {} on {} ({} threads) -> {}", config.name, config.seed, env.device, env.threads,
               run.dir().string());
  warn_of_short_classes(config, session.data);

  RunRecorder recorder(run, start.progress, start.continuing);
  RunResult result;
  try {
    result = run_protocol(config, session.data, session.device.device, recorder, start.progress);
  } catch (const RunFailedError& e) {
    RunResult partial;
    partial.stages = recorder.progress().completed;
    write_file_atomic(run.summary(), with_split(make_summary(config, partial, env, e.what()), config, target).dump(2) + "\n");
    throw;
  } catch (const InterruptedError& e) {
    const std::string command = target.resume_command.empty() ? "the same command" : target.resume_command;
    throw InterruptedError(std::string(e.what()) + ".\nResume with: " + command, e.signal());
  }
  write_file_atomic(run.summary(), with_split(make_summary(config, result, env), config, target).dump(2) + "\n");
  recorder.remove_checkpoint();
  spdlog::info("done in {:.1f}s: target test acc {:.4f} -> {}", result.seconds, result.stages.back().test.accuracy,
               run.summary().string());
  return RunOutcome::kTrained;
}

}  // namespace

RunOutcome execute_run(const ExperimentConfig& config, const RunTarget& target, const Session& session) {
  const std::vector<StagePlan> plans = plan_stages(config);
  if (target.entry == RunEntry::kNew) check_new_run_directory(target.layout, config, target.resume_command);
  RunStart start = run_start(config, target, plans, session);
  if (start.finished) return *start.finished;
  return train_and_record(config, target, session, std::move(start));
}

}  // namespace tl_boost
