#include "tl_boost/report/charts.hpp"
#include "tl_boost/report/chart_specs.hpp"

#include <regex>

#include "tl_boost/html_escape.hpp"
#include "tl_boost/report/words.hpp"

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

// A report of protocols given in suite-file order, each with test accuracy and target curves.
Report report_of(const std::vector<std::pair<std::string, double>>& protocols) {
  Report report;
  for (const auto& [name, acc] : protocols) {
    report.protocol_order.push_back(name);
    ProtocolSummary& p = report.protocols[name];
    p.seeds = 3;
    p.test_acc = {3, acc, 0.004, acc - 0.005, acc + 0.005};
    p.curves.epochs = {1, 2, 3};
    p.curves.train_acc = {{0.6, 0.8, 0.9}, {0.58, 0.78, 0.88}, {0.62, 0.82, 0.92}};
    p.curves.val_acc = {{0.55, 0.7, acc}, {0.53, 0.68, acc - 0.01}, {0.57, 0.72, acc + 0.01}};
    p.curves.gap = {{0.05, 0.1, 0.9 - acc}, {0.04, 0.09, 0.89 - acc}, {0.06, 0.11, 0.91 - acc}};
    p.curves.train_loss = {{1.0, 0.6, 0.3}, {0.9, 0.5, 0.2}, {1.1, 0.7, 0.4}};
    for (CurveBand* band : {&p.curves.train_acc, &p.curves.val_acc, &p.curves.gap, &p.curves.train_loss}) {
      band->ci_low = band->min;  // an interval as wide as the runs' range, for the drawing
      band->ci_high = band->max;
    }
  }
  return report;
}

// The tick labels of a chart's value axis, in the order drawn.
std::vector<std::string> tick_labels(const std::string& svg) {
  std::vector<std::string> labels;
  const std::regex tick("stroke='#ddd'/><text [^>]*>([^<]*)</text>");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), tick); it != std::sregex_iterator(); ++it) {
    labels.push_back((*it)[1]);
  }
  return labels;
}

TEST(ReportCharts, EveryChartDrawsItsAxisThroughTheGridlines) {
  const Report report = report_of({{"scratch", 0.7}});
  const std::string accuracy = svg_test_accuracy(report);
  EXPECT_EQ(count(accuracy, "stroke='#ddd'"), nice_axis(69.5, 70.5).ticks.size());  // in %
  const std::string panels = svg_curve_panels(report, {}, "acc");
  EXPECT_EQ(count(panels, "stroke='#ddd'"), nice_axis(53, 92).ticks.size());  // in %, the intervals enclosed
  EXPECT_EQ(svg_test_accuracy(Report{}), "");                                            // nothing to draw
  EXPECT_EQ(svg_curve_panels(report, {&ProtocolSummary::source_curves}, "source"), "");  // no source stage
}

TEST(ReportCharts, EveryCurveChartTitlesItsAxesAndLabelsTheEpochsBetween) {
  const Report report = report_of({{"transferred", 0.84}, {"non_transferred", 0.83}});
  for (const std::string& svg : {svg_curve_panels(report, {}, "acc"),
                                 svg_curves(report, &ProtocolCurves::gap, "train − validation accuracy", "gap")}) {
    EXPECT_NE(svg.find(">epoch</text>"), std::string::npos) << svg;
    EXPECT_NE(svg.find(">2</text>"), std::string::npos) << svg;  // the epoch between the first and the last
  }
  EXPECT_NE(svg_curve_panels(report, {}, "acc").find("rotate(-90)' text-anchor='middle' font-size='12'>accuracy (%)<"),
            std::string::npos);
  EXPECT_NE(svg_test_accuracy(report).find(">test accuracy (%)</text>"), std::string::npos);
  EXPECT_EQ(epoch_ticks(1, 3), (std::vector<int>{1, 2, 3}));
  const std::vector<int> twenty = epoch_ticks(1, 20);
  EXPECT_EQ(twenty.front(), 1);
  EXPECT_EQ(twenty.back(), 20);
  EXPECT_GE(twenty.size(), 4u);
  EXPECT_TRUE(std::is_sorted(twenty.begin(), twenty.end()));
}

TEST(ReportCharts, EachProtocolKeepsItsColourInEveryChartInTheSuiteFilesOrder) {
  // Not alphabetical: the suite file lists zeta first.
  const Report report = report_of({{"zeta", 0.84}, {"alpha", 0.83}});
  const std::map<std::string, std::string> colours = protocol_colours(report.protocol_order);
  EXPECT_NE(colours.at("zeta"), colours.at("alpha"));
  const std::string panels = svg_curve_panels(report, {}, "acc");
  const std::string gap = svg_curves(report, &ProtocolCurves::gap, "gap", "gap");
  const std::string accuracy = svg_test_accuracy(report);
  for (const auto& [name, colour] : colours) {
    EXPECT_NE(panels.find("fill='" + colour + "'>" + name + "</text>"), std::string::npos) << name << panels;
    EXPECT_TRUE(std::regex_search(gap, std::regex("stroke='" + colour + "' stroke-width='2'/><text[^>]*>" + name)))
        << name << gap;
    EXPECT_TRUE(std::regex_search(accuracy, std::regex(">" + name + "</text><line[^>]*stroke='" + colour + "'")))
        << name << accuracy;
  }
  EXPECT_LT(panels.find(">zeta<"), panels.find(">alpha<"));
  EXPECT_LT(accuracy.find(">zeta<"), accuracy.find(">alpha<"));
}

TEST(ReportCharts, AnOutlierProtocolDoesNotSquashTheTestAccuracyAxis) {
  const Report report = report_of({{"a", 0.84}, {"b", 0.835}, {"c", 0.845}, {"d", 0.83}, {"far", 0.50}});
  const std::string svg = svg_test_accuracy(report);
  const std::vector<std::string> ticks = tick_labels(svg);
  ASSERT_FALSE(ticks.empty()) << svg;
  EXPECT_GE(std::stod(ticks.front()), 80) << svg;  // the axis spans the four (in %), not 50
  EXPECT_NE(svg.find("50.00 [49.50, 50.50] %, off the axis"), std::string::npos) << svg;
  // Without the outlier no protocol is left off.
  EXPECT_EQ(svg_test_accuracy(report_of({{"a", 0.84}, {"b", 0.80}})).find("off the axis"), std::string::npos);
}

TEST(ReportCharts, TitlesAreNotClippedByTheChartsWidth) {
  const Report report = report_of({{"a", 0.84}});
  const std::string title(120, 'x');
  for (const std::string& svg :
       {svg_curve_panels(report, {}, title), svg_curves(report, &ProtocolCurves::gap, "g", title)}) {
    std::smatch width;
    ASSERT_TRUE(std::regex_search(svg, width, std::regex("width='([0-9.]+)'")));
    EXPECT_GE(std::stod(width[1]), 10 + 120 * 0.58 * 14) << svg.substr(0, 200);
  }
}

TEST(ReportCharts, ThePairedDifferencesOfASingleSplitSuiteGetAForestPlot) {
  Report report = report_of({{"transferred", 0.84}, {"non_transferred", 0.83}});
  TTest t;
  t.name = "paired t-test";
  t.difference = 0.011;
  t.ci_low = -0.002;
  t.ci_high = 0.024;
  Comparison c{"transferred", "non_transferred", t, {}};
  c.verdict = Verdict::kInconclusive;
  report.headline.push_back({c, HeadlineId::kVersusSelf, 1.4});
  const std::vector<Chart> charts = report_charts(report);
  const auto forest =
      std::find_if(charts.begin(), charts.end(), [](const Chart& c) { return c.name == "paired-differences"; });
  ASSERT_NE(forest, charts.end());
  EXPECT_NE(forest->svg.find("transferred − non_transferred"), std::string::npos);
  EXPECT_NE(forest->svg.find(">inconclusive</text>"), std::string::npos);
  EXPECT_NE(forest->svg.find("(accuracy points)"), std::string::npos);
  for (const Chart& chart : charts) EXPECT_EQ(chart.svg.rfind("<svg xmlns='http://www.w3.org/2000/svg'", 0), 0u);
}

TEST(ReportCharts, AForestPlotIsNamedByWhatItComparesSoMoreComparisonsDoNotRenameIt) {
  Report report = report_of({{"transferred", 0.84}, {"scratch", 0.83}});
  report.splits = {"random-2026-0", "default"};
  TTest t;
  t.name = "two-stage t-test over split means";
  t.difference = 0.011;
  t.ci_low = -0.002;
  t.ci_high = 0.024;
  SplitComparison over;
  over.splits = report.splits;
  over.estimate.per_split = {{3, 0.01, 0.01, -0.01, 0.03}, {3, 0.012, 0.01, -0.01, 0.034}};
  over.estimate.mean = 0.011, over.estimate.ci_low = -0.002, over.estimate.ci_high = 0.024;
  Comparison c{"transferred", "scratch", t, {}};
  c.splits = over;
  c.verdict = Verdict::kInconclusive;
  report.headline.push_back({c, HeadlineId::kVersusBaseline, 1.6});
  const auto names = [](const Report& r) {
    std::vector<std::string> out;
    for (const Chart& chart : report_charts(r)) out.push_back(chart.name);
    return out;
  };
  const std::vector<std::string> before = names(report);
  EXPECT_NE(std::find(before.begin(), before.end(), "forest-boost-transferred-scratch"), before.end());
  // A headline comparison listed before it leaves its name as it was.
  Comparison self{"transferred", "non_transferred", t, {}};
  self.splits = over;
  self.verdict = Verdict::kInconclusive;
  report.headline.insert(report.headline.begin(), {self, HeadlineId::kVersusSelf, 1.4});
  const std::vector<std::string> after = names(report);
  EXPECT_NE(std::find(after.begin(), after.end(), "forest-boost-transferred-scratch"), after.end());
  EXPECT_NE(std::find(after.begin(), after.end(), "forest-boost-transferred-non_transferred"), after.end());
}

TEST(ReportCharts, TheTransferGridHasAKeyForFrozenAndFineTunedAndTitlesItsAxes) {
  TransferGrid grid;
  for (const int n : {1, 2}) {
    grid.points.push_back({GridCondition::kAnB, n, {"AnB_" + std::to_string(n), 3, 0.80, 0.79, 0.81}});
    grid.points.push_back({GridCondition::kAnBPlus, n, {"AnB+_" + std::to_string(n), 3, 0.84, 0.83, 0.85}});
  }
  grid.baseline = GridAccuracy{"baseB", 3, 0.82, 0.81, 0.83};
  const std::string svg = svg_transfer_grid(grid);
  EXPECT_NE(svg.find("+ fine-tuned (solid line, filled marker)"), std::string::npos) << svg;
  EXPECT_NE(svg.find("frozen (dotted line, hollow marker)"), std::string::npos) << svg;
  EXPECT_NE(svg.find(">layers transferred (n)</text>"), std::string::npos) << svg;
  EXPECT_NE(svg.find(">test accuracy (%)</text>"), std::string::npos) << svg;
  EXPECT_NE(svg.find("fill='#cf222e'>AnB+</text>"), std::string::npos) << svg;  // each line's end named
  EXPECT_NE(svg.find("fill='#cf222e'>AnB</text>"), std::string::npos) << svg;
}

TEST(ReportCharts, TheTransferGridDrawsEachCellsPairedDifferenceFromBaselineAroundItsMean) {
  const auto cell = [](GridCondition condition, int n, double mean, double difference) {
    TTest d;
    d.difference = difference;
    d.ci_low = difference - 0.01, d.ci_high = difference + 0.01;
    return GridPoint{condition, n, {"p" + std::to_string(n), 27, mean, mean - 0.14, mean + 0.14, d}};
  };
  TransferGrid grid;
  grid.points = {cell(GridCondition::kAnBPlus, 1, 0.84, 0.02), cell(GridCondition::kAnBPlus, 2, 0.83, 0.01)};
  grid.baseline = GridAccuracy{"baseB", 27, 0.82, 0.68, 0.96};
  const std::string svg = svg_transfer_grid(grid, true);
  // The axis spans the bars (82 to 85%), not the means' own intervals (68 to 98%).
  const ChartAxis bars = nice_axis(82.0, 85.0);
  EXPECT_EQ(count(svg, "stroke='#ddd'"), bars.ticks.size()) << svg;
  EXPECT_EQ(svg.find(">70<"), std::string::npos) << svg;
  EXPECT_NE(svg.find("95% CI over split means of its difference from baseB"), std::string::npos) << svg;
}

TEST(ReportCharts, ATransferGridWithoutBaselineDrawsAndNamesEachMeansOwnInterval) {
  TransferGrid grid;
  grid.points = {{GridCondition::kAnBPlus, 1, {"AnB+_1", 3, 0.84, 0.70, 0.98}},
                 {GridCondition::kAnBPlus, 2, {"AnB+_2", 3, 0.83, 0.69, 0.97}}};
  const std::string svg = svg_transfer_grid(grid, true);
  EXPECT_NE(svg.find("mean and 95% CI over split means</text>"), std::string::npos) << svg;
  EXPECT_EQ(svg.find("difference from baseB"), std::string::npos) << svg;
  EXPECT_EQ(count(svg, "stroke='#ddd'"), nice_axis(69.0, 98.0).ticks.size()) << svg;
}

TEST(ReportCharts, LogLossDifferenceDrawsItsCiBandAndAZeroLine) {
  CurveComparison c;
  c.a = "transferred";
  c.b = "non_transferred";
  const std::string title = "Log training loss, transferred − non_transferred per epoch";
  EXPECT_EQ(svg_difference_curve(log_loss_difference_curve(c), "log loss", title), "");  // no epochs
  for (int epoch = 1; epoch <= 3; ++epoch) {
    PairedEstimate e;
    e.mean = -0.1 * epoch;
    e.ci_low = e.mean - 0.05;
    e.ci_high = e.mean + 0.05;
    c.log_loss.push_back({epoch, e, std::nullopt});
  }
  const std::string svg = svg_difference_curve(log_loss_difference_curve(c), "log loss", title);
  // The axis encloses the band and zero.
  EXPECT_EQ(count(svg, "stroke='#ddd'"), nice_axis(-0.35, 0.0).ticks.size());
  EXPECT_EQ(count(svg, "stroke-dasharray='4 3'"), 1u);  // the zero line
  EXPECT_EQ(count(svg, "opacity='0.2'"), 1u);           // the CI band
  EXPECT_NE(svg.find("transferred − non_transferred"), std::string::npos);
  EXPECT_NE(svg.find(">epoch</text>"), std::string::npos);  // the axis title
}

TEST(ReportCharts, AccuracyDifferenceCurveIsThePairedValidationDifferenceInPointsWithItsCi) {
  CurveComparison c;
  for (int epoch = 1; epoch <= 3; ++epoch) {
    PairedEstimate loss, acc;
    acc.mean = 0.01 * epoch;  // a ahead by 1, 2, 3 points
    acc.ci_low = acc.mean - 0.004;
    acc.ci_high = acc.mean + 0.006;
    // Epoch 2 has no accuracy estimate (too few pairs): the curve leaves it out.
    c.log_loss.push_back({epoch, loss, epoch == 2 ? std::nullopt : std::optional<PairedEstimate>(acc)});
  }
  const DifferenceCurve curve = accuracy_difference_curve(c);
  ASSERT_EQ(curve.epochs, (std::vector<int>{1, 3}));
  EXPECT_DOUBLE_EQ(curve.mean[0], 1.0);
  EXPECT_DOUBLE_EQ(curve.ci_low[0], 0.6);
  EXPECT_DOUBLE_EQ(curve.ci_high[0], 1.6);
  EXPECT_DOUBLE_EQ(curve.mean[1], 3.0);
  EXPECT_DOUBLE_EQ(curve.ci_low[1], 2.6);
  EXPECT_DOUBLE_EQ(curve.ci_high[1], 3.6);
}

TEST(ReportCharts, EveryComparisonAlongTheCurvesGetsAnAccuracyDifferenceChartNamingItsStatistic) {
  Report report = report_of({{"transferred", 0.84}, {"non_transferred", 0.82}});
  CurveComparison c;
  c.a = "transferred";
  c.b = "non_transferred";
  PairedEstimate acc;
  acc.mean = 0.02;
  acc.ci_low = 0.01;
  acc.ci_high = 0.03;
  c.log_loss.push_back({1, PairedEstimate{}, acc});
  c.log_loss.push_back({2, PairedEstimate{}, acc});
  report.along_curves.push_back(c);
  const auto charts = report_charts(report);
  const auto chart = std::find_if(charts.begin(), charts.end(), [](const Chart& ch) {
    return ch.name == "accuracy-difference-transferred-non_transferred";
  });
  ASSERT_NE(chart, charts.end());
  EXPECT_NE(chart->title.find("Validation accuracy transferred − non_transferred per epoch (points): paired mean"),
            std::string::npos) << chart->title;
  EXPECT_NE(chart->title.find("95% CI"), std::string::npos) << chart->title;
  EXPECT_NE(chart->svg.find(">difference of validation accuracy (points)</text>"), std::string::npos);
}

// A report with every chart: long protocol names, an outlier each way, two splits, the headline
// over them, a grid, a hypothesis table with rows of two units (one not tested), source networks.
Report full_report() {
  Report report = report_of({{"transferred_matched_statistics", 0.84}, {"b", 0.835}, {"c", 0.845}, {"d", 0.83},
                             {"a_protocol_far_below_the_rest", 0.50}, {"far_above", 0.99}});
  report.splits = {"random-2026-0", "default"};
  for (auto& [name, p] : report.protocols) p.source_curves = p.curves;
  report.source_networks = {{"transferred_matched_statistics", "b", "c"}, {"d"}};
  TTest t;
  t.name = "two-stage t-test over split means";
  t.difference = 0.011;
  t.ci_low = -0.002;
  t.ci_high = 0.024;
  Comparison c{"transferred_matched_statistics", "a_protocol_far_below_the_rest", t, {}};
  SplitComparison over;
  over.splits = report.splits;
  over.estimate.per_split = {{3, 0.01, 0.01, -0.01, 0.03}, {3, 0.012, 0.01, -0.01, 0.034}};
  over.estimate.mean = 0.011, over.estimate.ci_low = -0.002, over.estimate.ci_high = 0.024;
  c.splits = over;
  c.p_holm = 0.04;
  c.verdict = Verdict::kSupported;
  report.headline.push_back({c, HeadlineId::kVersusSelf, 1.4});
  report.grid = TransferGrid{{{GridCondition::kAnBPlus, 1, {"AnB+_1", 3, 0.8, 0.79, 0.81}},
                              {GridCondition::kBnB, 2, {"BnB_2", 3, 0.7, 0.69, 0.71}}},
                             GridAccuracy{"baseB", 3, 0.75, 0.74, 0.76}};
  HypothesisTable table;
  table.declared.hypotheses = {{"H1", "closer to better minima", "a statement"}};
  const auto row = [](const std::string& id, MeasureId m, Outcome o, double estimate) {
    Prediction p;
    p.id = id;
    p.hypothesis = "H1";
    p.measure = m;
    p.a = {SideKind::kSet, "boost.with", {}};
    p.b = {SideKind::kSet, "boost.without", {}};
    p.post_hoc = true;
    HypothesisRow r{p, Measured{estimate, estimate - 0.004, estimate + 0.004, 0.002, 8, {27, 9, false, 0}},
                    RowTests{0.00365, 0.01, 0.9, 0.03, estimate - 0.003, estimate + 0.003}, o, std::nullopt};
    return r;
  };
  table.rows = {row("H1.ancova", MeasureId::kAncovaOffset, Outcome::kHeld, 0.007),
                row("H1.sharpness", MeasureId::kLogSharpness, Outcome::kContradicted, -0.0074),
                row("H1.gap_at_matched_fit", MeasureId::kGapAtMatchedFit, Outcome::kInconclusive, -0.0055)};
  HypothesisRow untested = row("H1.barrier", MeasureId::kBarrier, Outcome::kNotTested, 0);
  untested.value.reset();
  untested.tests.reset();
  table.rows.push_back(untested);
  report.hypotheses = table;
  return report;
}

// Each horizontal label of a chart (rotated axis titles aside) with where it starts and ends by
// the layout's own estimate of text widths (text_width), and the chart's width.
struct Label {
  std::string text;
  double from = 0, to = 0;
};
std::vector<Label> labels_of(const std::string& svg) {
  std::vector<Label> labels;
  const std::regex element("<text ([^>]*)>([\\s\\S]*?)</text>");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), element); it != std::sregex_iterator(); ++it) {
    const std::string attributes = (*it)[1], inner = (*it)[2];
    std::smatch x, anchor, size;
    if (attributes.find("rotate(") != std::string::npos) continue;
    if (!std::regex_search(attributes, x, std::regex("x='([-0-9.e]+)'"))) continue;
    std::regex_search(attributes, size, std::regex("font-size='([0-9.]+)'"));
    std::string text = std::regex_replace(inner, std::regex("<[^>]*>"), "");
    text = std::regex_replace(text, std::regex("&[a-z#0-9]+;"), "_");  // an entity is one character
    const double width = text_width(text, size.empty() ? 12.0 : std::stod(size[1]));
    const bool has_anchor = std::regex_search(attributes, anchor, std::regex("text-anchor='([a-z]+)'"));
    const double at = std::stod(x[1]);
    const double from = !has_anchor || anchor[1] == "start" ? at : anchor[1] == "middle" ? at - width / 2 : at - width;
    labels.push_back({text, from, from + width});
  }
  return labels;
}

TEST(ReportCharts, EveryLabelFitsInsideItsChart) {
  const std::vector<Chart> charts = report_charts(full_report());
  ASSERT_GE(charts.size(), 8u);
  for (const Chart& chart : charts) {
    std::smatch width;
    ASSERT_TRUE(std::regex_search(chart.svg, width, std::regex("viewBox='0 0 ([0-9.]+) ")));
    const double w = std::stod(width[1]);
    const std::vector<Label> labels = labels_of(chart.svg);
    ASSERT_FALSE(labels.empty()) << chart.name;
    for (const Label& label : labels) {
      EXPECT_GE(label.from, 0.0) << chart.name << ": '" << label.text << "'";
      EXPECT_LE(label.to, w) << chart.name << ": '" << label.text << "' in " << w;
    }
  }
}

TEST(ReportCharts, EveryChartCaptionNamesItsStatisticItsUnitAndItsInterval) {
  for (const Chart& chart : report_charts(full_report())) {
    const std::string& t = chart.title;
    EXPECT_TRUE(t.find("mean") != std::string::npos || t.find(" − ") != std::string::npos) << t;
    EXPECT_TRUE(t.find("(%)") != std::string::npos || t.find("points") != std::string::npos ||
                t.find("loss") != std::string::npos || t.find("in its unit") != std::string::npos)
        << t;
    // Two splits: every interval is over the split means, none over seeds.
    EXPECT_EQ(t.find("over seeds"), std::string::npos) << t;
    if (t.find("CI") != std::string::npos) EXPECT_NE(t.find("95% CI over split means"), std::string::npos) << t;
    EXPECT_NE(chart.svg.find(html_escape(t)), std::string::npos) << chart.name;  // the chart says so itself
  }
  Report one_split = full_report();
  one_split.splits.clear();
  for (const Chart& chart : report_charts(one_split)) {
    if (chart.name == "test-accuracy") EXPECT_NE(chart.title.find("95% CI over seeds"), std::string::npos);
  }
}

TEST(ReportCharts, ThePredictionsChartDrawsEveryJudgedRowAndTheHeadlineEachInItsUnit) {
  const Report report = full_report();
  const std::string svg = svg_predictions(report, "judged");
  for (const auto& row : report.hypotheses->rows) {
    const bool drawn = svg.find(">" + row.prediction.id + " †</tspan>") != std::string::npos;
    EXPECT_EQ(drawn, row.tests.has_value()) << row.prediction.id << svg;
  }
  EXPECT_NE(svg.find(">boost</tspan>"), std::string::npos);
  // Accuracies in points on one axis, the sharpness on its own.
  EXPECT_NE(svg.find(">accuracy differences a − b (points)</text>"), std::string::npos) << svg;
  EXPECT_NE(svg.find(">log Hessian top eigenvalue at the final network (converged estimates), a − b</text>"),
            std::string::npos)
      << svg;
  EXPECT_NE(svg.find(">held, Holm p = 0.030</text>"), std::string::npos) << svg;
  EXPECT_EQ(svg_predictions(Report{}, "judged"), "");
}

TEST(ReportCharts, SourcePanelsAreOnePerSourceNetwork) {
  const Report report = full_report();
  const std::string svg = svg_curve_panels(report, {&ProtocolSummary::source_curves}, "source");
  EXPECT_EQ(count(svg, "font-weight='bold' fill="), 2u) << svg;  // two networks, not six protocols
  EXPECT_NE(svg.find(">transferred_matched_statistics and 2 sharing its source</text>"), std::string::npos) << svg;
}

TEST(ReportCharts, EachPanelsEpochAxisRunsToItsOwnLastEpoch) {
  Report report = report_of({{"ten", 0.8}, {"twenty", 0.8}});
  ProtocolCurves& longer = report.protocols.at("twenty").curves;
  for (int epoch = 4; epoch <= 20; ++epoch) {
    longer.epochs.push_back(epoch);
    for (CurveBand* band : {&longer.train_acc, &longer.val_acc}) {
      for (auto* v : {&band->mean, &band->min, &band->max, &band->ci_low, &band->ci_high}) v->push_back(v->back());
    }
  }
  const std::string svg = svg_curve_panels(report, {}, "acc");
  EXPECT_EQ(count(svg, ">20</text>"), 1u) << svg;  // only the panel whose data reach 20
  EXPECT_EQ(count(svg, ">3</text>"), 1u) << svg;   // the other ends at its own last epoch
}

TEST(ChartSpecs, OnlyAValueFarFromTheMedianIsLeftOffTheAxis) {
  // Median 0.795, median absolute deviation 0.01: the limit is max(0.06, 0.03); 0.60 lies beyond it.
  EXPECT_EQ(far_from_the_rest({0.79, 0.80, 0.81, 0.60}), (std::vector<bool>{false, false, false, true}));
  // Spread evenly, nothing is far: the limit grows with the spread.
  EXPECT_EQ(far_from_the_rest({0.5, 0.6, 0.7, 0.8}), (std::vector<bool>{false, false, false, false}));
  EXPECT_TRUE(far_from_the_rest({}).empty());
}

}  // namespace
}  // namespace tl_boost
