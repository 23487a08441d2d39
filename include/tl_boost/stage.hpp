#pragma once
// A run's stages, named once: the names metrics.csv's stage column, summary.json's "stages" keys,
// checkpoint.json, the stage weights' and training states' files and the seeds spell. LibTorch-free.
#include <array>
#include <optional>
#include <string>

namespace tl_boost {

enum class Stage { kSource, kTarget };

/// Every stage, in the order a run trains them.
inline constexpr std::array<Stage, 2> kStages{Stage::kSource, Stage::kTarget};

/// "source" | "target".
std::string to_string(Stage stage);

/// The stage `name` names; none for any other text (the caller names its file and the fix).
std::optional<Stage> parse_stage(const std::string& name);

}  // namespace tl_boost
