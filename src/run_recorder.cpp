#include "tl_boost/run_recorder.hpp"

#include "tl_boost/checkpoint.hpp"

namespace tl_boost {

RunRecorder::RunRecorder(RunLayout layout, RunProgress progress, bool continuing)
    : layout_(std::move(layout)),
      progress_(std::move(progress)),
      restore_from_(progress_.state_file),
      csv_(continuing ? MetricsCsvWriter(layout_.metrics(), progress_.metrics_rows())
                      : MetricsCsvWriter(layout_.metrics())) {
  if (continuing || progress_.completed.empty()) return;
  for (const StageResult& stage : progress_.completed) {
    for (const EpochMetrics& m : stage.epochs) csv_.append(stage.plan.stage, m);
  }
  commit_progress("");
}

void RunRecorder::on_epoch(const StagePlan& stage, const EpochMetrics& m, ConvNet& net,
                           torch::optim::Optimizer& optimizer) {
  RunLog::on_epoch(stage, m, net, optimizer);
  csv_.append(stage.stage, m);
  const std::string state_file = RunLayout::training_state_name(stage.stage, m.epoch);
  save_training_state(net, optimizer, layout_.training_state(state_file));
  progress_.history.push_back(m);
  progress_.stage_seconds += m.seconds;
  commit_progress(state_file);
}

void RunRecorder::on_stage_end(const StageResult& result, ConvNet& net) {
  RunLog::on_stage_end(result, net);
  save_weights(net, layout_.stage_weights(result.plan.stage));
  progress_.completed.push_back(result);
  progress_.stage_index = progress_.completed.size();
  progress_.history.clear();
  progress_.stage_seconds = 0.0;
  commit_progress("");
}

void RunRecorder::restore_training_state(ConvNet& net, torch::optim::Optimizer& optimizer) {
  load_training_state(net, optimizer, layout_.training_state(restore_from_));
}

void RunRecorder::load_stage_weights(const StagePlan& stage, ConvNet& net) {
  load_weights(net, layout_.stage_weights(stage.stage));
}

void RunRecorder::remove_checkpoint() {
  std::error_code ec;
  if (!progress_.state_file.empty()) std::filesystem::remove(layout_.training_state(progress_.state_file), ec);
  std::filesystem::remove(layout_.checkpoint(), ec);
}

// checkpoint.json names the state file it belongs to, so the pair is replaced by one rename.
void RunRecorder::commit_progress(const std::string& state_file) {
  const std::string previous = progress_.state_file;
  progress_.state_file = state_file;
  write_file_atomic(layout_.checkpoint(), progress_to_json(progress_).dump() + "\n");
  if (!previous.empty() && previous != state_file) {
    std::error_code ec;
    std::filesystem::remove(layout_.training_state(previous), ec);
  }
}

}  // namespace tl_boost
