#pragma once
// The report's charts as inline SVG: the transfer grid (Yosinski et al. 2014, Fig. 2 style), the
// test accuracy per protocol, and the target stage's learning curves. Every value axis is a
// nice_axis drawn by one gridline helper. LibTorch-free.
#include <functional>
#include <map>
#include <string>

#include "tl_boost/chart_axis.hpp"
#include "tl_boost/report_analysis.hpp"

namespace tl_boost {

/// Where the gridlines of a value axis run and where their tick labels sit.
struct AxisGrid {
  enum class Side { kLeft, kBottom };  // values up the left side (lines across), or along the bottom (lines up)
  Side side = Side::kLeft;
  double from = 0, to = 0;  // each gridline's extent across the plot: x for kLeft, y for kBottom
  double label = 0;         // the labels' x (right-aligned) for kLeft, y (centred) for kBottom
};

/// A light gridline and its label at each tick of `axis`; `at` maps a value to its x or y.
std::string svg_gridlines(const ChartAxis& axis, const std::function<double(double)>& at, const AxisGrid& grid);

/// Test accuracy by layers transferred: a line per condition, whiskers for the 95% CI, baseB dashed.
std::string svg_transfer_grid(const TransferGrid& grid);

/// Target test accuracy per protocol: the mean with its 95% CI as a whisker; "" without protocols.
std::string svg_test_accuracy(const std::map<std::string, ProtocolSummary>& protocols);

/// One curve per protocol (mean over seeds) with a min–max band; "" without epochs.
std::string svg_curves(const std::map<std::string, ProtocolSummary>& protocols, CurveBand ProtocolCurves::*metric,
                       const std::string& title);

/// A forest plot of a comparison over class splits: each split's mean paired difference with its
/// 95% CI, and the pooled estimate (the mean of the split means, its CI) as a diamond, beside a
/// line at zero; "" for a comparison without splits.
std::string svg_forest(const Comparison& comparison, const std::string& title);

/// The paired difference of log training loss (a − b) at each epoch with its 95% CI as a band,
/// beside a line at zero; "" without epochs.
std::string svg_log_loss_difference(const CurveComparison& comparison);

/// Every chart of the report, in the order the HTML page shows them.
std::string report_charts(const Report& report);

}  // namespace tl_boost
