#include "tl_boost/metrics.hpp"

#include <stdexcept>

namespace tl_boost {

const EpochMetrics& StageResult::best_epoch() const {
  if (epochs.empty()) throw std::logic_error("StageResult::best_epoch: no epochs");
  const EpochMetrics* best = &epochs.front();
  for (const auto& e : epochs) {
    if (e.val_acc > best->val_acc) best = &e;
  }
  return *best;
}

}  // namespace tl_boost
