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

/// A protocol of the suite that the results' suite.json does not list yet: its finished runs there
/// out of those the list would need (every split and seed of the results' suite.json).
struct WaitingProtocol {
  std::string protocol;
  std::size_t finished = 0, needed = 0;
};

struct CollectedRuns {
  std::vector<std::filesystem::path> copied;  // runs copied, relative to the suite directory
  std::vector<std::filesystem::path> kept;    // runs the results directory held already, left as they were
  std::vector<std::filesystem::path> other_curves;  // of `kept`: metrics.csv differs beyond its seconds
  std::vector<std::filesystem::path> unfinished;    // runs without summary.json yet, left for a later call
  std::size_t interpolations_copied = 0, interpolations_kept = 0;
  std::vector<std::string> joined;       // protocols added to the results' suite.json, every run in
  std::vector<WaitingProtocol> waiting;  // the suite's other protocols it does not list yet
};

/// Copies the record of every finished run under `from` (a seed-<N> directory with summary.json,
/// of a protocol in `protocols`; all protocols when it is empty) to the same place under `into`,
/// and every interpolation CSV. A run `into` has finished already is kept, and its curves compared
/// with the new run's: every column of metrics.csv but the seconds. Then `into`'s suite.json (the
/// report's list; `from`'s, with no protocol, where `into` has none) gains the splits and seeds of
/// `from`'s it lacks, and each of `from`'s protocols (of `protocols`) whose finished runs `into`
/// now holds at every split and seed it lists: a protocol joins the report whole, never in part.
/// Throws IoError, before copying anything, when an interpolation CSV `into` holds differs from the
/// new one, when the two suite.json name other suites, or a split of one name other classes.
CollectedRuns collect_runs(const SuiteLayout& from, const SuiteLayout& into, const std::set<std::string>& protocols);

}  // namespace tl_boost
