#pragma once
// A suite's interpolations: after the units, the loss and accuracy along the straight line between
// two final target networks, written as CSV (interpolation_csv.hpp names its columns).
#include <cstddef>
#include <functional>

#include "tl_boost/session.hpp"
#include "tl_boost/suite/suite.hpp"

namespace tl_boost {

/// Throws ConfigError, naming the run and the fix, where an interpolation still to write needs a
/// run that is complete but keeps no final weights (copied from a results directory): the suite
/// would not train it again, so run_suite checks before its first unit rather than after its last.
void check_interpolation_weights(const Suite& suite);

/// Writes the CSV of every interpolation of `suite` that has none yet and whose two target runs
/// have finished training: the loss and accuracy along the line between their final networks on
/// a seeded subset of the second network's target training split and on its test split. `open`
/// gives the session, opened on first use. Not a unit: run by run_suite after every unit, so a
/// rerun of the suite (the Slurm script's report job) completes what units run elsewhere left.
/// Returns how many CSVs it wrote.
std::size_t run_interpolations(const Suite& suite, const std::function<const Session&(const ExperimentConfig&)>& open);

}  // namespace tl_boost
