#pragma once
// A suite's life: every protocol for every seed expanded into units (suite_plan.hpp), which of
// them are complete, and running the rest: in this process, or J child processes at a time, each
// running one unit of the same invocation. Statistics and rendering are the report's.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tl_boost/layout.hpp"
#include "tl_boost/run_output.hpp"
#include "tl_boost/session.hpp"
#include "tl_boost/suite_manifest.hpp"
#include "tl_boost/suite_cost.hpp"
#include "tl_boost/suite_plan.hpp"

namespace tl_boost {

/// How many units run at once and with how many threads each.
struct SuiteSchedule {
  int jobs = 1;
  int threads = 1;
};

/// By default one unit per core with one thread each, the fastest use of the cores in all (bench's
/// "suite parallelism"), and never more units at once than `target_runs`; `jobs` and `threads`
/// (when given, > 0) override.
SuiteSchedule choose_schedule(int cores, std::size_t target_runs, std::optional<int> jobs, std::optional<int> threads);

/// What the suite command was asked, so that a child process can repeat it for one unit.
struct SuiteInvocation {
  std::string self;                    // this program
  std::filesystem::path suite_file;
  std::string seeds;                   // the seed list as given (0-4, 0,2,5)
  std::filesystem::path out;
  std::optional<std::string> device;   // --device
  std::vector<std::string> overrides;  // --set, in order
  std::string command_line;            // as typed, for the "resume with" hint
  std::optional<std::string> splits;   // --splits as given (default,random-7-0 or 0-2)
  std::optional<RunCommand> command;   // each run's command.json
};

/// The command line of a child process that runs `unit` of the invocation alone, with `threads`
/// (the same seeds and splits, so that the unit indices agree).
std::vector<std::string> unit_command(const SuiteInvocation& invocation, int threads, std::size_t unit);

class Suite {
 public:
  /// Every protocol of `config` for every seed and every split of config.splits (the configs'
  /// own groups when it has none), with `overrides` (the command line's, threads included)
  /// applied after the suite's own; the suite goes to OUT/<suite name>/.
  Suite(SuiteConfig config, std::vector<std::uint64_t> seeds, const std::vector<std::string>& overrides,
        const std::filesystem::path& out_root);

  const SuiteConfig& config() const { return config_; }
  const std::vector<SuiteUnit>& units() const { return units_; }
  const SuiteLayout& layout() const { return layout_; }
  const ExperimentConfig& config_of(const SuiteUnit& unit) const;
  SuiteManifest manifest() const;

  /// The one completeness rule, used by the loop and by --plan (so by the Slurm script): a source
  /// unit whose network is in the cache; a target unit whose run is complete with the probe and
  /// landscape measures its config asks for (inspect_run). Interpolations are not units.
  bool unit_complete(const SuiteUnit& unit) const;

  /// --plan: one JSON object per unit (suite_plan's to_json) with "complete".
  std::vector<nlohmann::json> plan() const;

  /// The config of protocol `protocol` (its index) for `seed` in `split`.
  const ExperimentConfig& config_of(const std::string& split, std::size_t protocol, std::uint64_t seed) const;

  /// The suite file's interpolations (plan_interpolations), and where each one's CSV goes.
  const std::vector<InterpolationJob>& interpolations() const { return interpolations_; }
  std::filesystem::path interpolation_csv(const InterpolationJob& job) const;

  /// Writes the CSV (alpha,train_loss,train_acc,test_loss,test_acc) of every interpolation that
  /// has none yet and whose two target runs have finished training: the loss and accuracy along
  /// the line between their final networks on a seeded subset of the second network's target
  /// training split and on its test split. `open` gives the session, opened on first use. Not a
  /// unit: run by run_suite after every unit, so a rerun of the suite (the Slurm script's report
  /// job) completes what units run elsewhere left. Returns how many CSVs it wrote.
  std::size_t run_interpolations(const std::function<const Session&(const ExperimentConfig&)>& open) const;

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

/// What the units and interpolations not yet complete will cost: how many, how many epochs (every
/// stage a unit trains, probe classifiers included), and how long at `jobs` units at once, by
/// part: from a short measurement of the throughputs the first unit's model and batch size reach
/// on its own data and device (benchmark.hpp), scaled by each part's images, epochs and
/// iterations (suite_cost.hpp).
struct SuiteCostEstimate {
  std::size_t units = 0;           // not yet complete
  std::size_t interpolations = 0;  // without their CSV yet
  bool has_interpolations = false; // the suite file asks for some
  std::size_t unit_epochs = 0;
  CostRates rates;                 // measured (a rate no pending unit needs stays 0)
  double training_seconds = 0.0;   // the units' setup and stages, one after another
  double probe_seconds = 0.0;
  double landscape_seconds = 0.0;  // the sharpness at its most iterations
  double unit_seconds = 0.0;       // all units one after another: the three above
  double interpolation_seconds = 0.0;
  double wall_seconds = 0.0;       // sources, then targets, `jobs` at a time; then the interpolations
  int jobs = 1;
  int threads = 1;
  std::string device;
};

/// Measures for about `measure_seconds` (split between the kinds of pass the pending work makes)
/// and estimates.
SuiteCostEstimate estimate_suite_cost(const Suite& suite, const SuiteSchedule& schedule, double measure_seconds = 2.0);

/// "suite <name>: <units> units to run, <epochs> unit-epochs[, then <k> interpolation(s) in <t>];
/// estimated <wall> wall time at <jobs> job(s) x <threads> thread(s) on <device> (<work> of unit
/// work: training, probes, sharpness; measured <rates>)".
std::string describe(const SuiteCostEstimate& estimate, const std::string& suite_name);

/// Where run_suite gets its sessions. `check` (check_session) is asked about every config before
/// anything is written; `open` gives the session for a unit run in this process, opened on first
/// use, so that a suite with nothing left to do never reads the dataset.
struct SessionSource {
  std::function<void(const ExperimentConfig&)> check;
  std::function<const Session&(const ExperimentConfig&)> open;
};

/// Checks the device and data of every config (DeviceError, DataError: the suite fails as `run`
/// does, writing nothing), writes the manifest and runs every unit not yet complete: all in this
/// process when schedule.jobs is 1, else in child processes (unit_command), every source unit
/// before the targets; then, in this process, the interpolations not yet written. Throws RunFailedError naming how many units failed (their logs are in
/// logs/), InterruptedError naming the units a signal stopped.
void run_suite(const Suite& suite, const SuiteSchedule& schedule, const SuiteInvocation& invocation,
               const SessionSource& session);

}  // namespace tl_boost
