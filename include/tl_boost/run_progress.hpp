#pragma once
// A run's life as plain data: the stages it finished and the epochs of the stage in progress.
// A fresh run starts from an empty RunProgress; a resumed run from the one its checkpoint.json
// saved; a suite's target run from its cached source stage. LibTorch-free.
#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tl_boost/metrics.hpp"
#include "tl_boost/protocol_plan.hpp"

namespace tl_boost {

/// How far a run got; saved in checkpoint.json after every epoch and stage.
struct RunProgress {
  std::size_t stage_index = 0;         // the stage in progress (= number of completed stages)
  std::vector<StageResult> completed;  // finished stages, in order
  std::vector<EpochMetrics> history;   // finished epochs of the stage in progress
  double stage_seconds = 0.0;          // wall time spent so far in the stage in progress
  std::string state_file;              // network + optimizer after the last finished epoch ("" if none)

  /// Rows of metrics.csv these epochs wrote.
  std::size_t metrics_rows() const;
  /// Whether anything was done: a stage finished or an epoch of one.
  bool started() const { return !completed.empty() || !history.empty(); }
};

nlohmann::json progress_to_json(const RunProgress& progress);

/// Reads checkpoint.json written for `plans`; throws IoError naming `origin` if it does not fit them.
RunProgress progress_from_json(const nlohmann::json& j, const std::vector<StagePlan>& plans,
                               const std::string& origin);

}  // namespace tl_boost
