#pragma once
// A suite's runs analysed into the report's findings (findings.hpp): the protocols summarised,
// placed by role (roles.hpp), the expectations judged (expectations.hpp), the curves compared and
// the hypotheses judged (evidence.hpp, hypotheses.hpp). Deterministic for the same runs (no
// times, no paths); LibTorch-free.
#include <optional>

#include "tl_boost/report/findings.hpp"
#include "tl_boost/report_reader.hpp"

namespace tl_boost {

/// Every figure of the report from the runs of a suite. The expectations are asked by role
/// (expectations.hpp); along the curves, the transfer T at each depth is compared with the
/// self-transfer S and baseB (curve_measures.hpp); the hypothesis table judges the predictions
/// `hypotheses` declares, when the suite declared any.
Report analyse(const SuiteResults& results, const std::optional<StudyHypotheses>& hypotheses = std::nullopt);

}  // namespace tl_boost
