#pragma once
// The report's charts as SVG, each a standalone file as well as inline HTML: the learning curves
// of each protocol as small multiples (train and validation on one axis), the train − validation
// gap per epoch, the losses, the source stage, the test accuracy per protocol, the transfer grid
// (Yosinski et al. 2014, Fig. 2 style) and forest plots of the paired differences the verdicts
// test. Every protocol keeps one colour across the charts, and protocols come in the suite file's
// order. Every value axis is a nice_axis drawn by one gridline helper. LibTorch-free.
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "tl_boost/report/chart_specs.hpp"
#include "tl_boost/report/findings.hpp"
#include "tl_boost/report/svg.hpp"

namespace tl_boost {

/// Test accuracy (%) by layers transferred: a line per condition, whiskers for the 95% CI (over
/// split means with several splits), baseB dashed, and a key for AnB/BnB and frozen/fine-tuned.
std::string svg_transfer_grid(const TransferGrid& grid, bool several_splits = false);

/// Target test accuracy (%) per protocol: the mean with its 95% CI (over split means with several
/// splits, else over seeds) as a whisker; "" without protocols.
/// A protocol far from the others (chart_specs.hpp) is left off the axis and drawn as an arrow at
/// its edge with its value, so it cannot squash the rest.
std::string svg_test_accuracy(const Report& report);

/// Small multiples, a panel per protocol (of the source stage, per source network) on one shared
/// value axis, each panel's epoch axis its own: `solid` and `dashed` of the stage's curves (the
/// mean, its 95% CI with the report's unit as a band), times `scale` (100: accuracy in %); "" when
/// no protocol has epochs of the stage.
struct PanelCurves {
  ProtocolCurves ProtocolSummary::*stage = &ProtocolSummary::curves;
  CurveBand ProtocolCurves::*solid = &ProtocolCurves::val_acc;
  CurveBand ProtocolCurves::*dashed = &ProtocolCurves::train_acc;
  std::string solid_name = "validation", dashed_name = "train", value_title = "accuracy (%)";
  double scale = 100.0;
};
std::string svg_curve_panels(const Report& report, const PanelCurves& pair, const std::string& title);

/// What a curve's line and band are: "line: mean; band: 95% CI over split means".
std::string curve_band_key(bool several_splits);

/// One line per protocol on one axis: the target stage's curve `metric` (the mean) times `scale`;
/// "" without epochs.
std::string svg_curves(const Report& report, CurveBand ProtocolCurves::*metric, const std::string& value_title,
                       const std::string& title, double scale = 1.0);

/// A forest plot of a comparison over class splits: each split's mean paired difference with its
/// 95% CI, and the pooled estimate (the mean of the split means, its CI) as a diamond, beside a
/// line at zero; accuracies in points; "" for a comparison without splits.
std::string svg_forest(const Comparison& comparison, const std::string& title, bool accuracy = true);

/// The chart that carries the answer: every judged prediction of the hypothesis table and every
/// headline row, a − b with its 95% CI (the split the unit), grouped by measure, each group on
/// its own axis in its unit (accuracies in points), with the SESOI marked and each row coloured by
/// its outcome; "" without a tested row.
std::string svg_predictions(const Report& report, const std::string& title);

/// A paired difference a − b at each epoch (chart_specs.hpp: log training loss, validation
/// accuracy in points) with its 95% CI as a band, beside a line at zero; "" without epochs.
std::string svg_difference_curve(const DifferenceCurve& curve, const std::string& value_title, const std::string& title);

/// The paired differences the verdicts test, one row per comparison (E2–E5 and the headline, in
/// points; or E1's loss differences with its equivalence margin), each with its 95% CI and the
/// row's result; "" when there is none.
std::string svg_paired_differences(const Report& report, bool accuracy);

/// One chart of the report: `name` is what its file is called by (SuiteLayout::report_chart).
struct Chart {
  std::string name;
  std::string title;    // drawn in the chart
  std::string svg;
  std::string caption;  // below it: what it plots, the statistic and its interval
};

/// Every chart of the report, in the order the pages show them.
std::vector<Chart> report_charts(const Report& report);

}  // namespace tl_boost
