#pragma once
// A suite file read into a SuiteConfig (suite_plan.hpp): its keys, their types and checks, with
// the same reader and messages as a run's config. LibTorch-free.
#include <filesystem>

namespace tl_boost {

struct SuiteConfig;

/// Reads a suite file ({"name", "description", "protocols": [...], "alpha", "loss_margin",
/// "overrides": [...], "splits": [...], "interpolation": {...}}); see load_suite_config.
/// ConfigError names the file and the JSON pointer.
SuiteConfig read_suite_file(const std::filesystem::path& path);

}  // namespace tl_boost
