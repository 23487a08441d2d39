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
#include "tl_boost/splits.hpp"

namespace tl_boost {

/// One protocol of a suite: a config file, optionally renamed and changed, so one file serves
/// several conditions (Yosinski's AnB and AnB+ for n = 1, 2 are transferred.json four ways).
struct SuiteProtocol {
  std::filesystem::path config;        // relative paths are taken from the suite file
  std::string name;                    // "" : the config's own name
  std::vector<std::string> overrides;  // key.path=value, after the suite's overrides
};

/// The suite file's "interpolation": after the target runs, the loss and accuracy along the
/// straight line between final target networks of the same split (landscape.hpp).
struct SuiteInterpolation {
  std::vector<std::pair<std::string, std::string>> pairs;  // protocol names: a and b, same seed
  // Also seed s and the next seed of the suite's list, for each of these protocols ("seeds": true
  // names every protocol of a pair, a list only those: a twin's cross-seed barrier is not wanted).
  std::vector<std::string> seed_protocols;
  int points = 11;     // values of α from 0 to 1 inclusive
  int subset = 2000;   // training images evaluated (a seeded subset of b's target training split)
};

struct SuiteConfig {
  std::string name;                              // the suite directory: OUT/<name>/
  std::filesystem::path file;                    // the suite file it was read from, which errors name
  std::vector<SuiteProtocol> protocols;
  double alpha = 0.05;                           // significance level of the verdicts
  double loss_margin = 0.02;                     // E1: equivalence margin of the final training loss
  std::vector<std::string> overrides;            // key.path=value applied to every protocol config
  /// The class splits the suite runs under ("splits"), each rebinding the configs' `groups`;
  /// empty: one split, the configs' own groups, laid out and planned as before splits existed.
  std::vector<ClassSplit> splits;
  std::optional<SuiteInterpolation> interpolation;
  std::string seeds = "0-4";                     // the seed list --seeds overrides
  std::optional<std::filesystem::path> hypotheses;  // the declared predictions ("hypotheses"), copied beside the runs
};

/// The name of the configs' own groups when a suite lists them among its splits.
inline constexpr const char* kDefaultSplitName = "default";

/// Reads a suite file ({"name", "description", "protocols": [...], "seeds", "alpha", "loss_margin",
/// "overrides": [...], "splits": [...], "interpolation", "hypotheses"}); a protocol is a config file name or {"config", "name",
/// "set": [...]}. A split is {"name", "groups": {"A": [...], ...}}, "default" (the configs' own
/// groups), or {"random": N, "seed": S}: N distinct random partitions with the group sizes of the
/// first protocol's resolved groups, none of them the default one (random_class_splits).
/// ConfigError names the file and the key.
SuiteConfig load_suite_config(const std::filesystem::path& path);

/// Every protocol's config for every seed: `result[p][s]`, with the suite's overrides, then
/// `extra` (the command line's), then `split`'s groups (groups={...}: the protocols keep naming
/// groups, the split says which classes they hold), then the protocol's own, its name, and the
/// seed applied; `data` says where each reads the data (load_config). Throws ConfigError if two
/// protocols end up with the same name.
std::vector<std::vector<ExperimentConfig>> expand_suite(const SuiteConfig& suite, const std::vector<std::uint64_t>& seeds,
                                                        const std::vector<std::string>& extra = {},
                                                        const ClassSplit* split = nullptr,
                                                        const DataDirChoice& data = {});

/// The splits `text` selects from `splits`, in the suite's order: comma-separated names or
/// indices, index ranges "0-2" included ("default,random-7-0", "0-2", "1,3"). ConfigError
/// listing the suite's splits for an unknown name or an index out of range.
std::vector<ClassSplit> select_splits(const std::vector<ClassSplit>& splits, const std::string& text);

/// One split's expanded configs, `configs[p][s]`; `split` is "" for a suite without splits.
struct SplitConfigs {
  std::string split;
  std::vector<std::vector<ExperimentConfig>> configs;
};

enum class UnitKind { kSource, kTarget };

struct SuiteUnit {
  std::size_t index = 0;
  UnitKind kind = UnitKind::kTarget;
  std::string protocol;                    // the config's name
  std::uint64_t seed = 0;
  std::string split;                       // "" in a suite without splits
  std::string source_key;                  // "" for a target without a source stage
  std::optional<std::size_t> source_unit;  // the unit that trains this target's source network
};

/// The units in dependency order: every distinct (source key) source unit, ordered by seed, then
/// split, then protocol, then every target unit in the same order. A source network that several
/// protocols or splits share (the key hashes its expanded classes) is one unit. Indices are
/// stable for the same suite, splits and seeds.
std::vector<SuiteUnit> plan_suite(const std::vector<SplitConfigs>& splits);
/// A suite without splits: `configs[p][s]` is protocol p's config for seed s.
std::vector<SuiteUnit> plan_suite(const std::vector<std::vector<ExperimentConfig>>& configs);

/// One interpolation of a suite: the final target networks of (protocol_a, seed_a) and
/// (protocol_b, seed_b) in `split`; `a` and `b` index the split's protocols.
struct InterpolationJob {
  std::string split;
  std::size_t a = 0, b = 0;
  std::string protocol_a, protocol_b;
  std::uint64_t seed_a = 0, seed_b = 0;
};

/// Every interpolation of `interpolation` over `splits` (their configs give the protocol names):
/// per split and seed each pair (a, b), then with "seeds" each named protocol between
/// consecutive seeds. Throws ConfigError naming /interpolation/pairs/<i>/<j> for an unknown protocol
/// or a pair whose target classes differ.
std::vector<InterpolationJob> plan_interpolations(const SuiteInterpolation& interpolation,
                                                  const std::vector<SplitConfigs>& splits,
                                                  const std::string& origin);

/// The unit as a --plan line; "split" only when the suite has splits.
nlohmann::json to_json(const SuiteUnit& unit);

}  // namespace tl_boost
