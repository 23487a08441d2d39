#include "tl_boost/protocol_plan.hpp"

#include "tl_boost/config.hpp"
#include "tl_boost/seeds.hpp"

namespace tl_boost {

namespace {

// Seeds depend on the run seed and the stage's role only, so the source network of a seed is
// the same whichever protocol asks for it, and every target stage of a seed starts from the
// same initialisation of its non-transferred layers. A twin (target_seed_offset) seeds its
// target stage from its own stream and its source stage from the seed, as the others do.
StagePlan seeded_stage(const ExperimentConfig& config, Stage stage, std::vector<std::string> classes, int epochs) {
  StagePlan plan;
  plan.stage = stage;
  plan.classes = std::move(classes);
  plan.epochs = epochs;
  const std::uint64_t seed = stage == Stage::kTarget ? config.target_seed() : config.seed;
  plan.init_seed = derive_seed(seed, "init/" + to_string(stage));
  plan.shuffle_seed = derive_seed(seed, "shuffle/" + to_string(stage));
  return plan;
}

}  // namespace

std::vector<StagePlan> plan_stages(const ExperimentConfig& config) {
  std::vector<StagePlan> stages;
  if (config.has_source_stage()) {
    stages.push_back(seeded_stage(config, Stage::kSource, config.source_classes, config.train.source_epochs));
  }
  // A compute-matched scratch run (He et al. 2019) trains as many epochs as source + target stages.
  const int target_epochs = config.train.target_epochs + (config.compute_matched ? config.train.source_epochs : 0);
  StagePlan target = seeded_stage(config, Stage::kTarget, config.target_classes, target_epochs);
  target.transferred_layers = config.has_source_stage() ? config.transfer_layers : 0;
  target.freeze_transferred = config.has_source_stage() && config.freeze_transferred;
  stages.push_back(std::move(target));
  return stages;
}

}  // namespace tl_boost
