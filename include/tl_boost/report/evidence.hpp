#pragma once
// The measures behind the hypothesis table and the comparisons along the curves: per run (or per
// pair of seeds), combined over a prediction's sides, paired by split and seed, along the target
// curves, at matched loss, in the landscape and on interpolations between seeds or between a
// protocol and its twin. LibTorch-free.
#include <vector>

#include "tl_boost/report/curve_measures.hpp"
#include "tl_boost/report/hypotheses.hpp"
#include "tl_boost/report/roles.hpp"
#include "tl_boost/report_reader.hpp"

namespace tl_boost {

/// At each depth the transfer against the self-transfer and baseB along their target curves,
/// with the ANCOVA of their runs' final figures; comparisons without a pair are left out.
std::vector<CurveComparison> compare_along_curves(const SuiteResults& r, const RolePlacement& roles,
                                                  const std::vector<std::string>& split_order);

/// The measure each declared prediction asks for, a − b between its sides, paired by split and
/// seed (by seed pair for barriers) with the split as the unit where there are several; or why
/// it has none.
HypothesisEvidence hypothesis_evidence(const SuiteResults& r, const StudyHypotheses& h,
                                       const std::vector<std::string>& split_order);

}  // namespace tl_boost
