#pragma once
// A suite as plain data: which protocols, which seeds, and the work units that run them —
// every distinct source network once per seed, then every target run. LibTorch-free.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tl_boost/config.hpp"

namespace tl_boost {

struct SuiteConfig {
  std::string name;                              // the suite directory: OUT/<name>/
  std::vector<std::filesystem::path> protocols;  // protocol configs, relative paths taken from the suite file
  double alpha = 0.05;                           // significance level of the verdicts
  double loss_margin = 0.02;                     // E1: equivalence margin of the final training loss
  std::vector<std::string> overrides;            // key.path=value applied to every protocol config
};

/// Reads a suite file ({"name", "description", "protocols": [...], "alpha", "loss_margin",
/// "overrides": [...]}); ConfigError names the file and the key.
SuiteConfig load_suite_config(const std::filesystem::path& path);

/// 16 hex digits naming everything that determines a config's source network: its classes, the
/// model, the source stage's hyperparameters, the seed and the data subset and split. Two configs
/// with the same key train bit-identical source networks (on the same device and threads).
std::string source_key(const ExperimentConfig& config);

enum class UnitKind { kSource, kTarget };

struct SuiteUnit {
  std::size_t index = 0;
  UnitKind kind = UnitKind::kTarget;
  std::string protocol;                    // the config's name
  std::uint64_t seed = 0;
  std::string source_key;                  // "" for a target without a source stage
  std::optional<std::size_t> source_unit;  // the unit that trains this target's source network
};

/// The units in dependency order: every distinct (source key) source unit, ordered by seed then
/// protocol, then every target unit in the same order. `configs[p][s]` is protocol p's config
/// for seed s. Indices are stable for the same suite and seeds.
std::vector<SuiteUnit> plan_suite(const std::vector<std::vector<ExperimentConfig>>& configs);

nlohmann::json to_json(const SuiteUnit& unit);

}  // namespace tl_boost
