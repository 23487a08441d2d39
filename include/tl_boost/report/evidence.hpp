#pragma once
// The measures behind the hypothesis table and the comparisons along the curves: the transfer's
// runs against its reference's, paired by split and seed, along their target curves, at matched
// loss, in the landscape and on interpolations between seeds. LibTorch-free.
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

/// The measures the predictions ask for, between the protocols of their roles: the transfer at
/// the smallest depth, its reference (the self-transfer, else baseB), baseB, and the controls
/// placed by their configs. `curves` are compare_along_curves' comparisons.
HypothesisEvidence hypothesis_evidence(const SuiteResults& r, const RolePlacement& roles,
                                       const std::vector<CurveComparison>& curves,
                                       const std::vector<std::string>& split_order,
                                       const std::vector<Prediction>& predictions);

}  // namespace tl_boost
