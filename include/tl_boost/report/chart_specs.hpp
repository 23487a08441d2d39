#pragma once
// What a chart shows, decided before it is drawn: which values lie so far from the rest that an
// axis spanning them would squash the others. The drawing (charts.hpp) computes nothing of the
// kind. LibTorch-free.
#include <vector>

#include "tl_boost/report/curve_measures.hpp"

namespace tl_boost {

/// A paired difference a − b along the epochs as a chart draws it: per epoch its mean and 95% CI,
/// in the chart's unit.
struct DifferenceCurve {
  std::vector<int> epochs;
  std::vector<double> mean, ci_low, ci_high;
};

/// Log training loss a − b (log loss) at every epoch the comparison has.
DifferenceCurve log_loss_difference_curve(const CurveComparison& comparison);

/// Validation accuracy a − b in points (100 × the fraction) at every epoch with an estimate.
DifferenceCurve accuracy_difference_curve(const CurveComparison& comparison);

/// For each value, whether it lies more than 6 median absolute deviations, and more than 0.03
/// (3 accuracy points), from the median of `values`.
std::vector<bool> far_from_the_rest(const std::vector<double>& values);

}  // namespace tl_boost
