#include "tl_boost/report_charts.hpp"

#include <gtest/gtest.h>

namespace tl_boost {
namespace {

std::size_t count(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

TEST(ReportCharts, GridlinesDrawOneLineAndLabelPerTick) {
  const ChartAxis axis = nice_axis(0.0, 1.0);  // 0, 0.2, ..., 1
  ASSERT_EQ(axis.ticks.size(), 6u);
  const std::string left =
      svg_gridlines(axis, [](double v) { return 100 - 100 * v; }, {AxisGrid::Side::kLeft, 10, 90, 4});
  EXPECT_EQ(count(left, "<line "), 6u);
  EXPECT_EQ(count(left, "<text "), 6u);
  EXPECT_NE(left.find("<line x1='10' x2='90' y1='60' y2='60' stroke='#ddd'/><text x='4' y='64' text-anchor='end' "
                      "font-size='11'>0.4</text>"),
            std::string::npos)
      << left;
  const std::string bottom =
      svg_gridlines(axis, [](double v) { return 100 * v; }, {AxisGrid::Side::kBottom, 5, 50, 70});
  EXPECT_EQ(count(bottom, "<line "), 6u);
  EXPECT_NE(bottom.find("<line x1='40' x2='40' y1='5' y2='50' stroke='#ddd'/><text x='40' y='70' "
                        "text-anchor='middle' font-size='11'>0.4</text>"),
            std::string::npos)
      << bottom;
}

TEST(ReportCharts, EveryChartDrawsItsAxisThroughTheGridlines) {
  Report report;
  ProtocolSummary& p = report.protocols["scratch"];
  p.test_acc = {2, 0.7, 0.01, 0.61, 0.79};
  p.curves.epochs = {1, 2};
  for (CurveBand* band : {&p.curves.train_acc, &p.curves.val_acc, &p.curves.train_loss}) {
    *band = {{0.5, 0.6}, {0.45, 0.55}, {0.55, 0.65}};
  }
  const std::string accuracy = svg_test_accuracy(report.protocols);
  EXPECT_EQ(count(accuracy, "stroke='#ddd'"), nice_axis(0.61, 0.79).ticks.size());
  const std::string curves = svg_curves(report.protocols, &ProtocolCurves::val_acc, "val");
  EXPECT_EQ(count(curves, "stroke='#ddd'"), nice_axis(0.45, 0.65).ticks.size());
  EXPECT_EQ(svg_test_accuracy({}), "");  // nothing to draw
}

TEST(ReportCharts, LogLossDifferenceDrawsItsCiBandAndAZeroLine) {
  CurveComparison c;
  c.a = "transferred";
  c.b = "non_transferred";
  EXPECT_EQ(svg_log_loss_difference(c), "");  // no epochs
  for (int epoch = 1; epoch <= 3; ++epoch) {
    PairedEstimate e;
    e.mean = -0.1 * epoch;
    e.ci_low = e.mean - 0.05;
    e.ci_high = e.mean + 0.05;
    c.log_loss.push_back({epoch, e});
  }
  const std::string svg = svg_log_loss_difference(c);
  // The axis encloses the band and zero.
  EXPECT_EQ(count(svg, "stroke='#ddd'"), nice_axis(-0.35, 0.0).ticks.size());
  EXPECT_EQ(count(svg, "stroke-dasharray='4 3'"), 1u);  // the zero line
  EXPECT_EQ(count(svg, "opacity='0.2'"), 1u);           // the CI band
  EXPECT_NE(svg.find("transferred − non_transferred"), std::string::npos);
}

}  // namespace
}  // namespace tl_boost
