#pragma once
// Runs the stages of one experiment: [source] → copy first n layers (freeze?) → target.
#include <torch/torch.h>

#include "tl_boost/cifar10.hpp"
#include "tl_boost/config.hpp"
#include "tl_boost/metrics.hpp"
#include "tl_boost/model.hpp"
#include "tl_boost/protocol_plan.hpp"

namespace tl_boost {

/// Hooks for whoever records a run (files, logs); the protocol itself writes nothing.
class RunObserver {
 public:
  virtual ~RunObserver() = default;
  virtual void on_stage_start(const StagePlan& /*stage*/, std::int64_t /*train_size*/,
                              std::int64_t /*validation_size*/) {}
  virtual void on_epoch(const StagePlan& /*stage*/, const EpochMetrics& /*metrics*/) {}
  virtual void on_stage_end(const StageResult& /*result*/, ConvNet& /*net*/) {}
};

/// Builds a fresh network for a stage, seeded with the stage's init seed (on the CPU, so the
/// initialisation is the same whatever the device), and moves it to `device`.
ConvNet make_network(const ExperimentConfig& config, const StagePlan& stage, torch::Device device);

/// Runs every stage of `config` on `data`. Throws RunFailedError (prefixed with the stage) if training diverges.
RunResult run_protocol(const ExperimentConfig& config, const Cifar10& data, torch::Device device,
                       RunObserver& observer);

}  // namespace tl_boost
