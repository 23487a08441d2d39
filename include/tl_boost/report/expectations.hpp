#pragma once
// The design's expectations E1–E5 and the headline boost as a table of rules, run by one loop:
// a rule names the figure it compares, its test (an equivalence, or a one-sided "a > b") and the
// pairs of protocols it asks for at a depth, by role. At each transfer depth n, with T the AnB+,
// S the BnB+ and baseB (roles.hpp):
//   E1  final training loss of T ≈ S (TOST);     E2  gap of S − gap of T > 0;
//   E3  test acc of D − T > 0 for each D more diverse than T (relate_sources);
//   E4  test acc of L − every other protocol > 0 for each L larger than T;
//   E5  probe acc of T − S > 0 and T − baseB > 0;  headline: test acc of T − S and T − baseB > 0.
// A pair is compared where both protocols ran at least 2 runs of the figure. The directional
// comparisons (E2–E5 and the headline) are Holm-adjusted as one family and judged by the adjusted
// p (comparisons.hpp). LibTorch-free.
#include <vector>

#include "tl_boost/report/figures.hpp"
#include "tl_boost/report/findings.hpp"
#include "tl_boost/report/roles.hpp"

namespace tl_boost {

struct JudgedExpectations {
  std::vector<Expectation> expectations;
  std::vector<HeadlineComparison> headline;
  std::size_t family_size = 0;  // directional comparisons Holm's adjustment runs over
  std::vector<MissingExpectation> missing;  // where an AnB+ ran: the expectations not asked at any depth, and why
};

/// The figure an expectation compares (the headline compares Figure::kTestAcc).
Figure expectation_figure(ExpectationId id);

/// Every expectation and the headline, judged at `alpha`; ids carry their depth where an AnB+ ran
/// at several depths. With two or more splits in `split_order` the split is the unit.
JudgedExpectations judge_expectations(const ProtocolFigures& figures, const RolePlacement& roles,
                                      const std::vector<std::string>& protocols,
                                      const std::vector<std::string>& split_order, double alpha, double loss_margin);

}  // namespace tl_boost
