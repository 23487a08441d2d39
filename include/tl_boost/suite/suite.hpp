#pragma once
// A suite as a model: every protocol for every seed (and split) expanded into configs and units
// (suite_plan.hpp), which of them are complete, and running one unit in this process. Scheduling
// (schedule.hpp), the cost estimate (cost_estimate.hpp) and the interpolations
// (interpolation.hpp) are rooms beside it; statistics and rendering are the report's.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tl_boost/layout.hpp"
#include "tl_boost/run_output.hpp"
#include "tl_boost/session.hpp"
#include "tl_boost/suite_manifest.hpp"
#include "tl_boost/suite_plan.hpp"

namespace tl_boost {

class Suite {
 public:
  /// Every protocol of `config` for every seed and every split of config.splits (the configs'
  /// own groups when it has none), with `overrides` (the command line's, threads included)
  /// applied after the suite's own; the suite goes to OUT/<suite name>/. `data`: --data-dir and
  /// TL_BOOST_DATA (load_config).
  Suite(SuiteConfig config, std::vector<std::uint64_t> seeds, const std::vector<std::string>& overrides,
        const std::filesystem::path& out_root, const DataDirChoice& data = {});

  const SuiteConfig& config() const { return config_; }
  const std::vector<SuiteUnit>& units() const { return units_; }
  const SuiteLayout& layout() const { return layout_; }
  const ExperimentConfig& config_of(const SuiteUnit& unit) const;
  SuiteManifest manifest() const;

  /// The one completeness rule, used by the loop and by --plan (so by the Slurm script), indexed
  /// like units(): a target unit whose run is complete with the probe and landscape measures its
  /// config asks for (inspect_run); a source unit whose network is in the cache, or whose every
  /// target is complete (the cache is no part of a committed study: a source no target needs is no
  /// work). Interpolations are not units.
  std::vector<bool> completion() const;

  /// --plan: one JSON object per unit (suite_plan's to_json) with "complete".
  std::vector<nlohmann::json> plan() const;

  /// The config of protocol `protocol` (its index) for `seed` in `split`.
  const ExperimentConfig& config_of(const std::string& split, std::size_t protocol, std::uint64_t seed) const;

  /// The suite file's interpolations (plan_interpolations), and where each one's CSV goes.
  const std::vector<InterpolationJob>& interpolations() const { return interpolations_; }
  std::filesystem::path interpolation_csv(const InterpolationJob& job) const;

  /// The split of `unit` (nullptr in a suite without splits).
  const ClassSplit* split_of(const SuiteUnit& unit) const;

  /// Runs `unit` in this process. A target run is trained under its lock (RunLayout::lock), so
  /// another process on the same directory waits and then finds it complete. A target whose
  /// source network is missing (a unit run on its own with --unit) trains it first. `command` is
  /// recorded in the run's command.json.
  void run_unit(const SuiteUnit& unit, const Session& session, const std::string& command_line,
                const std::optional<RunCommand>& command = std::nullopt) const;

 private:
  SuiteConfig config_;
  std::vector<std::uint64_t> seeds_;
  std::vector<SplitConfigs> configs_;  // [split].configs[protocol][seed]
  std::vector<SuiteUnit> units_;
  std::vector<InterpolationJob> interpolations_;
  SuiteLayout layout_;
};

}  // namespace tl_boost
