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

}  // namespace tl_boost
