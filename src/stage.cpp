#include "tl_boost/stage.hpp"

namespace tl_boost {

std::string to_string(Stage stage) { return stage == Stage::kSource ? "source" : "target"; }

std::optional<Stage> parse_stage(const std::string& name) {
  for (const Stage stage : kStages) {
    if (to_string(stage) == name) return stage;
  }
  return std::nullopt;
}

}  // namespace tl_boost
