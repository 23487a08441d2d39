#pragma once
// What a suite's pending work will cost: the throughputs measured once (benchmark.hpp), priced per
// unit and interpolation (suite_cost.hpp) and summed over the schedule.
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "tl_boost/suite/schedule.hpp"
#include "tl_boost/suite/suite.hpp"
#include "tl_boost/suite_cost.hpp"

namespace tl_boost {

/// What the units and interpolations not yet complete will cost: how many, how many epochs (every
/// stage a unit trains, probe classifiers included), and how long at `jobs` units at once, by
/// part: from a short measurement of the throughputs the first unit's model and batch size reach
/// on its own data and device (benchmark.hpp), scaled by each part's images, epochs and
/// iterations (suite_cost.hpp).
/// Where an estimate's throughputs came from.
enum class RatesOrigin {
  kNone,      // nothing pending: nothing measured
  kMeasured,  // measured by this estimate
  kRecorded,  // a record of an earlier measurement on this machine with the same settings
};

struct SuiteCostEstimate {
  std::size_t units = 0;           // not yet complete
  std::size_t interpolations = 0;  // without their CSV yet
  bool has_interpolations = false; // the suite file asks for some
  std::size_t unit_epochs = 0;
  CostRates rates;                 // measured (a rate no pending unit needs stays 0)
  RatesOrigin origin = RatesOrigin::kNone;
  std::string recorded_at;         // when the rates were measured (UTC), for kRecorded
  std::optional<std::filesystem::path> record_file;  // where they are recorded, if anywhere
  std::vector<double> unit_estimates;  // seconds of each unit by index (0: complete), one unit alone
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

/// How to obtain the throughputs.
struct CostEstimateOptions {
  double measure_seconds = 1.0;  // split between the kinds of pass the pending work makes
  /// Where this machine's measurements are recorded (layout.hpp's throughput_record_file): a record
  /// of the same key (host, device, threads, precision, memory format, model, batch sizes,
  /// tl-boost version) with every rate the pending work needs is used instead of measuring; a
  /// new measurement is recorded there. None: always measure, record nothing.
  std::optional<std::filesystem::path> record_file;
  bool measure = true;  // false: only a record prices the units (else the estimate has no rates)
};

/// Estimates from recorded or newly measured throughputs (measured on a subset of the first
/// pending unit's training images: seconds, not minutes).
SuiteCostEstimate estimate_suite_cost(const Suite& suite, const SuiteSchedule& schedule,
                                      const CostEstimateOptions& options = {});

/// "suite <name>: <units> units to run, <epochs> unit-epochs[, then <k> interpolation(s) in <t>];
/// estimated <wall> wall time at <jobs> job(s) x <threads> thread(s) on <device> (<work> of unit
/// work: training, probes, sharpness; <rates> measured now | recorded at <date> in <file>)".
std::string describe(const SuiteCostEstimate& estimate, const std::string& suite_name);

}  // namespace tl_boost
