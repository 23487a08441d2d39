#pragma once
// A chart's value axis: round tick values (1, 2 or 5 times a power of ten) that enclose the data,
// so a reader can read values off the gridlines. LibTorch-free.
#include <string>
#include <vector>

namespace tl_boost {

struct ChartAxis {
  double lo = 0;              // the first tick, at or below the data's minimum
  double hi = 1;              // the last tick, at or above the data's maximum
  std::vector<double> ticks;  // from lo to hi, evenly spaced
  int decimals = 0;           // enough to tell neighbouring ticks apart
  std::string label(double value) const;
};

/// The axis for data in [data_lo, data_hi] with at most `max_ticks` ticks (at least 2). Data that
/// never goes below zero gets no negative tick. A single value gets an axis around it.
ChartAxis nice_axis(double data_lo, double data_hi, int max_ticks = 6);

}  // namespace tl_boost
