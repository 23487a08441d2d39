#include "tl_boost/report/chart_axis.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace tl_boost {

std::string ChartAxis::label(double value) const {
  char text[32];
  std::snprintf(text, sizeof text, "%.*f", decimals, value == 0 ? 0.0 : value);  // never "-0.00"
  return text;
}

ChartAxis nice_axis(double data_lo, double data_hi, int max_ticks) {
  if (data_lo > data_hi) std::swap(data_lo, data_hi);
  max_ticks = std::max(2, max_ticks);
  if (data_hi - data_lo < 1e-12) {
    const double half = std::max(std::abs(data_lo) * 0.01, 1e-3);
    data_lo -= half, data_hi += half;
    if (data_lo < 0 && data_lo + half >= 0) data_lo = 0;  // keep a non-negative value's axis at >= 0
  }
  // The smallest round step that covers the range in max_ticks - 1 intervals.
  const double raw = (data_hi - data_lo) / (max_ticks - 1);
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  double step = 0;
  long first = 0, last = 0;  // the outer ticks, in steps
  for (const double m : {1.0, 2.0, 5.0, 10.0}) {
    step = m * magnitude;
    first = std::lround(std::floor(data_lo / step + 1e-9));
    last = std::lround(std::ceil(data_hi / step - 1e-9));
    if (last - first <= max_ticks - 1) break;
  }
  ChartAxis axis;
  for (long i = first; i <= last; ++i) axis.ticks.push_back(static_cast<double>(i) * step);
  axis.lo = axis.ticks.front();
  axis.hi = axis.ticks.back();
  axis.decimals = std::max(0, -static_cast<int>(std::floor(std::log10(step) + 1e-9)));
  return axis;
}

}  // namespace tl_boost
