#pragma once
// The log lines of a run: one per stage start, epoch, stage end, probe and landscape measures.
#include "tl_boost/protocol.hpp"

namespace tl_boost {

class RunLog : public RunObserver {
 public:
  void on_stage_start(const StagePlan& stage, std::int64_t train_size, std::int64_t validation_size) override;
  void on_epoch(const StagePlan& stage, const EpochMetrics& metrics, ConvNet& net,
                torch::optim::Optimizer& optimizer) override;
  void on_stage_end(const StageResult& result, ConvNet& net) override;
  void on_probe(const ProbeResult& probe) override;
  void on_landscape(const LandscapeResult& landscape) override;
};

}  // namespace tl_boost
