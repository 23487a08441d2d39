#pragma once
// Records a run directory as the run goes: a metrics.csv row per epoch, a checkpoint after every
// epoch and stage, the weights of each finished stage; and gives a resumed run back what it saved.
#include "tl_boost/layout.hpp"
#include "tl_boost/run_log.hpp"
#include "tl_boost/run_output.hpp"
#include "tl_boost/run_progress.hpp"

namespace tl_boost {

class RunRecorder : public RunLog {
 public:
  /// `continuing`: metrics.csv already holds the rows of `progress` (a resumed run). Otherwise the
  /// file starts afresh, with the rows of any stage `progress` brings along (a cached source stage).
  RunRecorder(RunLayout layout, RunProgress progress, bool continuing);

  const RunProgress& progress() const { return progress_; }

  void on_epoch(const StagePlan& stage, const EpochMetrics& metrics, ConvNet& net,
                torch::optim::Optimizer& optimizer) override;
  void on_stage_end(const StageResult& result, ConvNet& net) override;
  void restore_training_state(ConvNet& net, torch::optim::Optimizer& optimizer) override;
  void load_stage_weights(const StagePlan& stage, ConvNet& net) override;

  /// The run is finished and summarised: the checkpoint is no longer needed.
  void remove_checkpoint();

 private:
  void commit_progress(const std::string& state_file);

  RunLayout layout_;
  RunProgress progress_;
  std::string restore_from_;  // the training state the run was resumed from
  MetricsCsvWriter csv_;
};

}  // namespace tl_boost
