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

/// One protocol of a suite: a config file, optionally renamed and changed, so one file serves
/// several conditions (Yosinski's AnB and AnB+ for n = 1, 2 are transferred.json four ways).
struct SuiteProtocol {
  std::filesystem::path config;        // relative paths are taken from the suite file
  std::string name;                    // "" : the config's own name
  std::vector<std::string> overrides;  // key.path=value, after the suite's overrides
};

struct SuiteConfig {
  std::string name;                              // the suite directory: OUT/<name>/
  std::vector<SuiteProtocol> protocols;
  double alpha = 0.05;                           // significance level of the verdicts
  double loss_margin = 0.02;                     // E1: equivalence margin of the final training loss
  std::vector<std::string> overrides;            // key.path=value applied to every protocol config
};

/// Reads a suite file ({"name", "description", "protocols": [...], "alpha", "loss_margin",
/// "overrides": [...]}); a protocol is a config file name or {"config", "name", "set": [...]}.
/// ConfigError names the file and the key.
SuiteConfig load_suite_config(const std::filesystem::path& path);

/// Every protocol's config for every seed: `result[p][s]`, with the suite's overrides, then
/// `extra` (the command line's), then the protocol's own, its name, and the seed applied.
/// Throws ConfigError if two protocols end up with the same name.
std::vector<std::vector<ExperimentConfig>> expand_suite(const SuiteConfig& suite, const std::vector<std::uint64_t>& seeds,
                                                        const std::vector<std::string>& extra = {});

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
