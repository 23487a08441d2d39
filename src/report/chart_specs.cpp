#include "tl_boost/report/chart_specs.hpp"

#include <algorithm>
#include <cmath>

namespace tl_boost {

namespace {

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

}  // namespace

std::vector<bool> far_from_the_rest(const std::vector<double>& values) {
  if (values.empty()) return {};
  const double m = median(values);
  std::vector<double> deviations;
  for (const double v : values) deviations.push_back(std::abs(v - m));
  const double limit = std::max(6 * median(deviations), 0.03);
  std::vector<bool> far;
  for (const double v : values) far.push_back(std::abs(v - m) > limit);
  return far;
}

namespace {

void add_point(DifferenceCurve& curve, int epoch, const PairedEstimate& e, double scale) {
  curve.epochs.push_back(epoch);
  curve.mean.push_back(scale * e.mean);
  curve.ci_low.push_back(scale * e.ci_low);
  curve.ci_high.push_back(scale * e.ci_high);
}

}  // namespace

DifferenceCurve log_loss_difference_curve(const CurveComparison& comparison) {
  DifferenceCurve curve;
  for (const EpochDifference& e : comparison.log_loss) add_point(curve, e.epoch, e.log_loss, 1.0);
  return curve;
}

DifferenceCurve accuracy_difference_curve(const CurveComparison& comparison) {
  DifferenceCurve curve;
  for (const EpochDifference& e : comparison.log_loss) {
    if (e.val_acc) add_point(curve, e.epoch, *e.val_acc, 100.0);
  }
  return curve;
}

}  // namespace tl_boost
