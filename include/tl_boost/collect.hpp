#pragma once
// Finished runs gathered from a suite's output directory into a results directory: each run's
// record (layout.hpp) and the interpolation curves, never weights, checkpoints, logs or the cached
// source networks, so that a study run in parts on several machines is committed as it goes.
// LibTorch-free.
#include <cstddef>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "tl_boost/layout.hpp"

namespace tl_boost {

struct CollectedRuns {
  std::vector<std::filesystem::path> copied;  // runs copied, relative to the suite directory
  std::vector<std::filesystem::path> kept;    // runs the results directory held already, left as they were
  std::vector<std::filesystem::path> other_curves;  // of `kept`: metrics.csv differs beyond its seconds
  std::vector<std::filesystem::path> unfinished;    // runs without summary.json yet, left for a later call
  std::size_t interpolations_copied = 0, interpolations_kept = 0;
};

/// Copies the record of every finished run under `from` (a seed-<N> directory with summary.json,
/// of a protocol in `protocols`; all protocols when it is empty) to the same place under `into`,
/// and every interpolation CSV. A run `into` has finished already is kept, and its curves compared
/// with the new run's: every column of metrics.csv but the seconds. Throws IoError, before copying
/// anything, when an interpolation CSV `into` holds differs from the new one.
CollectedRuns collect_runs(const SuiteLayout& from, const SuiteLayout& into, const std::set<std::string>& protocols);

}  // namespace tl_boost
