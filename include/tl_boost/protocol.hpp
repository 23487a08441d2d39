#pragma once
// Runs the stages of one experiment: [source] → copy first n layers (freeze?) → target.
#include <functional>

#include <torch/torch.h>

#include "tl_boost/cifar10.hpp"
#include "tl_boost/config.hpp"
#include "tl_boost/metrics.hpp"
#include "tl_boost/model.hpp"
#include "tl_boost/protocol_plan.hpp"
#include "tl_boost/run_progress.hpp"
#include "tl_boost/stage_data.hpp"

namespace tl_boost {

/// Hooks for whoever records a run (files, logs); the protocol itself writes nothing. A resumed
/// run also gets back from it the networks it saved.
class RunObserver {
 public:
  virtual ~RunObserver() = default;
  virtual void on_stage_start(const StagePlan& /*stage*/, std::int64_t /*train_size*/,
                              std::int64_t /*validation_size*/) {}
  /// After every epoch, with what a checkpoint of it needs.
  virtual void on_epoch(const StagePlan& /*stage*/, const EpochMetrics& /*metrics*/, ConvNet& /*net*/,
                        torch::optim::Optimizer& /*optimizer*/) {}
  virtual void on_stage_end(const StageResult& /*result*/, ConvNet& /*net*/) {}
  virtual void on_probe(const ProbeResult& /*result*/) {}
  virtual void on_landscape(const LandscapeResult& /*result*/) {}

  /// A resumed run: network and optimizer as they were after the last finished epoch of the
  /// stage in progress. Only called when the run's progress has such epochs.
  virtual void restore_training_state(ConvNet& net, torch::optim::Optimizer& optimizer);
  /// The final weights of a finished stage: the source of a transfer, or the network to probe.
  /// Only called for stages the run's progress lists as completed.
  virtual void load_stage_weights(const StagePlan& stage, ConvNet& net);
};

/// Builds a fresh network for a stage, seeded with the stage's init seed (on the CPU, so the
/// initialisation is the same whatever the device), and moves it to `device`.
ConvNet make_network(const ExperimentConfig& config, const StagePlan& stage, torch::Device device);

/// How `stage` of `config` (and the landscape measures and interpolations of its target stage)
/// select and lay out their images: data.max_per_class_of(stage) records per class.
StageDataOptions stage_data_options(const ExperimentConfig& config, Stage stage);
/// The probe's: data.max_per_class, whatever the target stage takes.
StageDataOptions probe_data_options(const ExperimentConfig& config);

/// The data `stage` trains on: its classes and records (stage_data_options), the source stage's
/// training labels shuffled when config.source_labels says so (seeded by the run's seed).
StageData stage_data_of(const ExperimentConfig& config, const StagePlan& stage, const Cifar10& data,
                        torch::Device device);

/// The network a stage starts training from: a fresh one of the stage's init seed, with the
/// layers it transfers copied from `previous` (the previous stage's final network) and frozen
/// when the stage says so, or with conv1 from `train` (the stage's training split) when
/// config.conv1_init asks for it. `previous` may be null for a stage that transfers nothing,
/// `train` for a config whose conv1_init is "default".
ConvNet stage_start_network(const ExperimentConfig& config, const StagePlan& stage, ConvNet* previous,
                            torch::Device device, const LabelledImages* train = nullptr);

/// The final stage's starting network rebuilt after the fact (a resumed or finished run):
/// `load_stage_weights` gives the previous stage's saved final weights; `data` the training split
/// a data-derived conv1 (conv1_init) is drawn from again.
ConvNet final_stage_start_network(const ExperimentConfig& config, const Cifar10& data, torch::Device device,
                                  const std::function<void(const StagePlan&, ConvNet&)>& load_stage_weights);

/// The measures `which` asks for (normally config.landscape) of the final target network
/// `final_net`: the distance from `start` (a snapshot of the target stage's starting network;
/// needed for distance only) and the sharpness on a seeded subset of the target stage's training
/// split. Leaves the network unchanged.
LandscapeResult measure_landscape(const ExperimentConfig& config, const LandscapeConfig& which, const Cifar10& data,
                                  const std::vector<std::vector<torch::Tensor>>* start, ConvNet& final_net,
                                  torch::Device device);

/// The base-task probe of `config.probe` on the final network `net` (which it leaves unchanged),
/// with the reference probes config.probe asks for: of `source_network` (the source stage's
/// final network; none without a source stage), of a fresh network of the target stage's seed,
/// and of `net`'s conv1 alone at transfer_layers 1.
ProbeResult run_probe(const ExperimentConfig& config, const Cifar10& data, ConvNet& net, torch::Device device,
                      ConvNet* source_network = nullptr);

/// Runs the stages of `config` on `data` that `progress` has not done (all of them for a fresh
/// run), up to `stage_limit` stages in all (a suite trains a source stage alone with 1).
/// When every stage is done and `config.probe` names classes, runs the probe as well; then the
/// landscape measures `config.landscape` asks for.
/// Throws RunFailedError (prefixed with the stage) if training diverges, InterruptedError on a signal.
RunResult run_protocol(const ExperimentConfig& config, const Cifar10& data, torch::Device device,
                       RunObserver& observer, const RunProgress& progress = {},
                       std::size_t stage_limit = static_cast<std::size_t>(-1));

}  // namespace tl_boost
