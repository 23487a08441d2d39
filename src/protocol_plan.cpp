#include "tl_boost/protocol_plan.hpp"

#include "tl_boost/config.hpp"
#include "tl_boost/seeds.hpp"

namespace tl_boost {

std::vector<StagePlan> plan_stages(const ExperimentConfig& config) {
  std::vector<StagePlan> stages;
  // Seeds depend on the run seed and the stage's role only, so the source network of a seed is
  // the same whichever protocol asks for it, and every target stage of a seed starts from the
  // same initialisation of its non-transferred layers.
  if (config.has_source_stage()) {
    stages.push_back({"source", config.source_classes, config.train.source_epochs, 0, false,
                      derive_seed(config.seed, "init/source"), derive_seed(config.seed, "shuffle/source")});
  }
  // A compute-matched scratch run (He et al. 2019) trains as many epochs as source + target stages.
  const int target_epochs = config.train.target_epochs + (config.compute_matched ? config.train.source_epochs : 0);
  stages.push_back({"target", config.target_classes, target_epochs,
                    config.has_source_stage() ? config.transfer_layers : 0,
                    config.has_source_stage() && config.freeze_transferred, derive_seed(config.seed, "init/target"),
                    derive_seed(config.seed, "shuffle/target")});
  return stages;
}

}  // namespace tl_boost
