#pragma once
// What a suite's pending work will cost: the throughputs measured once (benchmark.hpp), priced per
// unit and interpolation (suite_cost.hpp) and summed over the schedule.
#include <cstddef>
#include <string>

#include "tl_boost/suite/schedule.hpp"
#include "tl_boost/suite/suite.hpp"
#include "tl_boost/suite_cost.hpp"

namespace tl_boost {

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

}  // namespace tl_boost
