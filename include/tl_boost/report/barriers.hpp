#pragma once
// The training-loss barriers of a suite's interpolations: which two networks an interpolation
// joins (two seeds of one protocol, two protocols at one seed, a protocol and its twin) and each
// pair of protocols' barrier summarised. LibTorch-free.
#include <vector>

#include "tl_boost/report/findings.hpp"
#include "tl_boost/report_reader.hpp"

namespace tl_boost {

/// Whether `i` joins a protocol and its twin: runs of one split and seed whose recorded configs
/// differ in target_seed_offset alone, so they share the source network and the data split.
bool joins_twins(const SuiteResults& r, const InterpolatedPair& i);

/// Each pair of protocols the suite interpolated, in the order of their first interpolation, with
/// its barrier over split means (`over_splits`) or over its interpolations.
std::vector<BarrierSummary> summarise_barriers(const SuiteResults& r, bool over_splits);

}  // namespace tl_boost
