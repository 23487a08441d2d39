#pragma once
// The stage sequence of one run, as plain data: every protocol is this one plan with other
// parameters (source classes, transfer_layers, freeze_transferred).
#include <cstdint>
#include <string>
#include <vector>

#include "tl_boost/stage.hpp"

namespace tl_boost {

struct ExperimentConfig;

struct StagePlan {
  Stage stage = Stage::kTarget;
  std::vector<std::string> classes;  // output k of the network = classes.size(), in this order
  int epochs = 0;
  int transferred_layers = 0;        // layers copied from the previous stage's network
  bool freeze_transferred = false;
  std::uint64_t init_seed = 0;       // seeds the fresh network's initialisation
  std::uint64_t shuffle_seed = 0;    // seeds the per-epoch batch order
};

/// [source stage, if any] then the target stage.
std::vector<StagePlan> plan_stages(const ExperimentConfig& config);

}  // namespace tl_boost
