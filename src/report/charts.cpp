#include "tl_boost/report/charts.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <sstream>
#include <tuple>
#include <vector>

#include "tl_boost/html_escape.hpp"
#include "tl_boost/report/chart_specs.hpp"
#include "tl_boost/report/words.hpp"
#include "tl_boost/text_format.hpp"

namespace tl_boost {

namespace {

// The grid's key: colour is the source (AnB other classes, BnB the target's), line and marker
// frozen or not; returns the key's width.
double transfer_grid_key(std::ostringstream& s) {
  double kx = 10;
  kx += svg_key(s, kx, 56, "#cf222e", "AnB: source other classes", false);
  kx += svg_key(s, kx, 56, "#0969da", "BnB: source the target classes", false);
  const double first_line = kx + svg_key(s, kx, 56, "#555", "baseB: no transfer", true);
  kx = 10;
  s << "<line x1='" << kx << "' x2='" << kx + 22 << "' y1='72' y2='72' stroke='#444' stroke-width='2'/><circle cx='"
    << kx + 11 << "' cy='72' r='4' fill='#444'/><text x='" << kx + 28
    << "' y='76' font-size='12'>+ fine-tuned (solid line, filled marker)</text>";
  kx += 28 + text_width("+ fine-tuned (solid line, filled marker)", 12) + 18;
  s << "<line x1='" << kx << "' x2='" << kx + 22 << "' y1='72' y2='72' stroke='#444' stroke-width='2' "
    << "stroke-dasharray='3,3'/><circle cx='" << kx + 11 << "' cy='72' r='4' fill='white' stroke='#444'/><text x='"
    << kx + 28 << "' y='76' font-size='12'>frozen (dotted line, hollow marker)</text>";
  return std::max(first_line, kx + 28 + text_width("frozen (dotted line, hollow marker)", 12));
}

// How each condition is drawn: its colour, and whether fine-tuned (solid, filled).
struct ConditionLook {
  GridCondition condition;
  const char* colour;
  bool fine_tuned;
};
constexpr ConditionLook kConditionLooks[] = {{GridCondition::kAnB, "#cf222e", false},
                                             {GridCondition::kAnBPlus, "#cf222e", true},
                                             {GridCondition::kBnB, "#0969da", false},
                                             {GridCondition::kBnBPlus, "#0969da", true}};

// Line-end labels (y, text, colour) at their line's height, pushed down where two would overlap.
std::string end_labels(std::vector<std::tuple<double, std::string, std::string>> labels, double x) {
  std::sort(labels.begin(), labels.end());
  std::ostringstream s;
  double previous = -1e9;
  for (const auto& [label_y, text, colour] : labels) {
    const double at = std::max(label_y, previous + 13.0);
    previous = at;
    s << "<text x='" << x << "' y='" << at + 4 << "' font-size='12' fill='" << colour << "'>" << text << "</text>";
  }
  return s.str();
}

std::string test_accuracy_title(bool several_splits) {
  return "Target test accuracy per protocol (%): mean and " + ci_over(several_splits);
}

std::string paired_differences_title(bool accuracy, bool several_splits) {
  return accuracy ? "Paired differences a − b the verdicts test (points): mean and " + ci_over(several_splits)
                  : "E1: final training loss a − b (loss): mean and " + ci_over(several_splits) +
                        ", against the equivalence margin";
}

// The charts along the epochs: the target curves, the gap, the losses, the source networks, and
// the paired log-loss differences.
template <typename Add>
void add_curve_charts(const Report& report, const Add& add) {
  const std::string ci = ci_over(report.splits.size() >= 2);
  std::string title = "Target stage: train and validation accuracy (%) per epoch, mean and " + ci;
  add("accuracy-curves", title, svg_curve_panels(report, {}, title),
      "Each panel a protocol: mean validation (solid) and train (dashed) accuracy (%) per epoch; band: the " + ci +
          ".");
  title = "Target stage: train − validation accuracy gap (points) per epoch, mean";
  add("gap-curves", title, svg_curves(report, &ProtocolCurves::gap, "train − validation gap (points)", title, 100.0),
      "Mean train − validation accuracy gap in points per epoch, one line per protocol (no interval).");
  const bool val_loss = std::any_of(report.protocols.begin(), report.protocols.end(),
                                    [](const auto& p) { return !p.second.curves.val_loss.mean.empty(); });
  if (val_loss) {
    title = "Target stage: train and validation loss per epoch, mean and " + ci;
    add("loss-curves", title,
        svg_curve_panels(report,
                         {&ProtocolSummary::curves, &ProtocolCurves::val_loss, &ProtocolCurves::train_loss,
                          "validation", "train", "loss", 1.0},
                         title),
        "Each panel a protocol: mean validation (solid) and train (dashed) loss per epoch; band: the " + ci + ".");
  } else {
    title = "Target stage: training loss per epoch, mean";
    add("loss-curves", title, svg_curves(report, &ProtocolCurves::train_loss, "training loss", title),
        "Mean training loss per epoch, one line per protocol (no interval).");
  }
  title = "Source networks: train and validation accuracy (%) per epoch, mean and " + ci;
  add("source-curves", title, svg_curve_panels(report, {&ProtocolSummary::source_curves}, title),
      "Each panel a source network (the protocols sharing it named): mean validation (solid) and train (dashed) "
      "accuracy (%) per epoch of the source stage; band: the " + ci + ".");
  for (const auto& c : report.along_curves) {
    title = "Log training loss " + c.a + " − " + c.b + " per epoch (log loss): paired mean and " + ci;
    add("log-loss-difference-" + c.a + "-" + c.b, title,
        svg_difference_curve(log_loss_difference_curve(c), "difference of log training loss", title),
        "Mean paired difference of log training loss, " + c.a + " − " + c.b + ", per epoch (line) with its " + ci +
            " (band); below the dashed zero line " + c.a + " reached the lower loss.");
    // The epochs record validation accuracy; the test set is measured once, at the end.
    title = "Validation accuracy " + c.a + " − " + c.b + " per epoch (points): paired mean and " + ci;
    add("accuracy-difference-" + c.a + "-" + c.b, title,
        svg_difference_curve(accuracy_difference_curve(c), "difference of validation accuracy (points)", title),
        "Mean paired difference of validation accuracy in points, " + c.a + " − " + c.b + ", per epoch (line) with its " +
            ci + " (band); above the dashed zero line " + c.a +
            " is ahead. The epochs record validation accuracy; the test set is measured once, at the end.");
  }
}

// Its bars are the differences from baseB where it has one (grid_bar), else each mean's own CI.
std::string grid_title(const TransferGrid& grid, bool several_splits) {
  if (!grid.baseline) return "Test accuracy (%) by layers transferred: mean and " + ci_over(several_splits);
  return "Test accuracy (%) by layers transferred: mean, and the " + ci_over(several_splits) +
         " of its difference from baseB";
}

std::string grid_caption(const TransferGrid& grid, const std::string& ci) {
  const std::string means = "Mean target test accuracy (%) at each number of layers transferred: AnB and BnB, "
                            "fine-tuned (+) or frozen";
  if (!grid.baseline) return means + ", each with its " + ci + ".";
  return means + ", against baseB (dashed). Each bar is the " + ci + " of the protocol's paired difference from "
         "baseB, drawn around its mean: a bar that misses the dashed line marks a difference from baseB (two-sided, "
         "5%, not adjusted for the others). Each mean's own interval, with the spread between splits every protocol "
         "shares, is in the table.";
}

std::string grid_note(const TransferGrid& grid) {
  return std::string("Yosinski et al. 2014, Fig. 2 style") +
         (grid.baseline ? "; each bar: the paired difference's interval, drawn around the mean" : "");
}

// A grid point's bar: its paired difference from baseB's interval, drawn around its own mean; its
// own interval where there is no difference to draw (no baseline, or too few runs to pair).
std::pair<double, double> grid_bar(const GridAccuracy& a) {
  if (!a.vs_baseline) return {a.ci_low, a.ci_high};
  const TTest& d = *a.vs_baseline;
  return {a.mean + d.ci_low - d.difference, a.mean + d.ci_high - d.difference};
}

}  // namespace

namespace {

// One condition of the grid: its means joined by a line (dashed when frozen), each with its bar
// and a circle (filled when fine-tuned).
template <typename X, typename Y>
std::string grid_condition_svg(const std::vector<const GridPoint*>& line, const ConditionLook& look, const X& x,
                               const Y& y) {
  std::ostringstream s;
  s << "<polyline fill='none' stroke='" << look.colour << "' stroke-width='2'"
    << (look.fine_tuned ? "" : " stroke-dasharray='3,3'") << " points='";
  for (const GridPoint* p : line) s << x(p->n) << "," << y(p->accuracy.mean) << " ";
  s << "'/>";
  for (const GridPoint* p : line) {
    const double px = x(p->n);
    const auto [low, high] = grid_bar(p->accuracy);
    s << "<line x1='" << px << "' x2='" << px << "' y1='" << y(low) << "' y2='" << y(high) << "' stroke='"
      << look.colour << "'/><circle cx='" << px << "' cy='" << y(p->accuracy.mean) << "' r='4' fill='"
      << (look.fine_tuned ? look.colour : "white") << "' stroke='" << look.colour << "'/>";
  }
  return s.str();
}

}  // namespace

std::string svg_transfer_grid(const TransferGrid& grid, bool several_splits) {
  const std::string title = grid_title(grid, several_splits), note = grid_note(grid);
  const double left = 70, right = 110, top = 90, bottom = 50, plot_w = 420, h = 400;
  std::ostringstream key;
  const double w = std::max({fitting_width(title, left + plot_w + right), transfer_grid_key(key) + 10,
                             text_width(note, 12) + 20});
  std::vector<std::tuple<double, std::string, std::string>> labels;  // y, text, colour: drawn last, apart
  double lo = 1.0, hi = 0.0;
  int max_n = 1;
  for (const auto& p : grid.points) {
    const auto [low, high] = grid_bar(p.accuracy);
    lo = std::min({lo, low, p.accuracy.mean}), hi = std::max({hi, high, p.accuracy.mean});
    max_n = std::max(max_n, p.n);
  }
  if (grid.baseline) lo = std::min(lo, grid.baseline->mean), hi = std::max(hi, grid.baseline->mean);
  const ChartAxis axis = nice_axis(100.0 * lo, 100.0 * hi);  // in %
  const auto x = [&](double n) { return left + (n - 0.5) / max_n * (w - left - right); };
  const auto at = [&](double v) { return h - bottom - (v - axis.lo) / (axis.hi - axis.lo) * (h - top - bottom); };
  const auto y = [&](double fraction) { return at(100.0 * fraction); };
  std::ostringstream s;
  s << svg_open(w, h) << svg_title(title) << "<text x='10' y='36' font-size='12' fill='#555'>" << html_escape(note)
    << "</text>" << key.str();
  s << svg_vertical_title("test accuracy (%)", 16, (top + h - bottom) / 2);
  s << "<text x='" << (left + w - right) / 2 << "' y='" << h - 10
    << "' text-anchor='middle' font-size='12'>layers transferred (n)</text>";
  s << svg_gridlines(axis, at, {AxisGrid::Side::kLeft, left, w - right, left - 6});
  for (int n = 1; n <= max_n; ++n) {
    s << "<text x='" << x(n) << "' y='" << h - bottom + 16 << "' text-anchor='middle' font-size='11'>n = " << n
      << "</text>";
  }
  if (grid.baseline) {
    const double b = grid.baseline->mean;
    s << "<line x1='" << left << "' x2='" << w - right << "' y1='" << y(b) << "' y2='" << y(b)
      << "' stroke='#555' stroke-dasharray='6,4'/>";
    labels.emplace_back(y(b), "baseB", "#555");
  }
  int k = 0;
  for (const ConditionLook& look : kConditionLooks) {
    std::vector<const GridPoint*> line;
    for (const auto& p : grid.points) {
      if (p.condition == look.condition) line.push_back(&p);
    }
    if (line.empty()) continue;
    std::sort(line.begin(), line.end(), [](const GridPoint* a, const GridPoint* b) { return a->n < b->n; });
    const double shift = (k++ - 1.5) * 4.0;  // keep the whiskers of one depth apart
    s << grid_condition_svg(line, look, [&](int n) { return x(n) + shift; }, y);
    labels.emplace_back(y(line.back()->accuracy.mean), grid_condition_name(look.condition), look.colour);
  }
  s << end_labels(labels, w - right + 6) << "</svg>";
  return s.str();
}

std::string svg_forest(const Comparison& c, const std::string& title, bool accuracy) {
  if (!c.splits || c.splits->splits.empty()) return "";
  const SplitLevelEstimate& e = c.splits->estimate;
  const std::vector<std::string>& names = c.splits->splits;
  const double scale = accuracy ? 100.0 : 1.0;  // points, or the loss as it is
  double lo = std::min({0.0, e.ci_low, e.mean}), hi = std::max({0.0, e.ci_high, e.mean});
  double longest = text_width("pooled", 12);
  for (std::size_t i = 0; i < names.size(); ++i) {
    lo = std::min(lo, e.per_split[i].ci_low);
    hi = std::max(hi, e.per_split[i].ci_high);
    longest = std::max(longest, text_width(names[i], 12));
  }
  const ChartAxis axis = nice_axis(scale * lo, scale * hi);
  const std::string axis_title = "difference " + c.a + " − " + c.b + (accuracy ? " (points" : " (loss") +
                                 "): each split's mean over its seeds, 95% CI; pooled: mean of the split means";
  const double row = 22, top = 34, left = 18 + longest, right = 20;
  const double w = std::max(fitting_width(title, left + 440), text_width(axis_title, 12) + 20);
  const double h = top + row * static_cast<double>(names.size() + 1) + 40;
  const auto at = [&](double v) { return left + (v - axis.lo) / (axis.hi - axis.lo) * (w - left - right); };
  const auto x = [&](double v) { return at(scale * v); };
  std::ostringstream s;
  s << svg_open(w, h) << svg_title(title);
  const double bottom = top + row * static_cast<double>(names.size() + 1);
  s << svg_gridlines(axis, at, {AxisGrid::Side::kBottom, top - 8, bottom, bottom + 16});
  s << "<line x1='" << x(0) << "' x2='" << x(0) << "' y1='" << top - 8 << "' y2='" << bottom
    << "' stroke='#555' stroke-dasharray='4 3'/>";
  for (std::size_t i = 0; i < names.size(); ++i) {
    const SampleSummary& split = e.per_split[i];
    const double y = top + row * static_cast<double>(i) + row / 2;
    s << "<text x='" << left - 8 << "' y='" << y + 4 << "' text-anchor='end' font-size='12'>" << html_escape(names[i])
      << "</text>";
    s << "<line x1='" << x(split.ci_low) << "' x2='" << x(split.ci_high) << "' y1='" << y << "' y2='" << y
      << "' stroke='" << palette_colour(0) << "' stroke-width='2'/>";
    s << "<rect x='" << x(split.mean) - 4 << "' y='" << y - 4 << "' width='8' height='8' fill='" << palette_colour(0)
      << "'/>";
  }
  const double y = top + row * static_cast<double>(names.size()) + row / 2;
  s << "<text x='" << left - 8 << "' y='" << y + 4
    << "' text-anchor='end' font-size='12' font-weight='bold'>pooled</text>";
  s << "<path d='M" << x(e.ci_low) << "," << y << " L" << x(e.mean) << "," << y - 6 << " L" << x(e.ci_high) << "," << y
    << " L" << x(e.mean) << "," << y + 6 << " Z' fill='" << palette_colour(1) << "'/>";
  s << "<text x='" << w / 2 << "' y='" << h - 4 << "' text-anchor='middle' font-size='12'>" << html_escape(axis_title)
    << "</text>";
  s << "</svg>";
  return s.str();
}

std::string svg_test_accuracy(const Report& report) {
  const std::vector<std::string>& names = report.protocol_order;
  if (names.empty()) return "";
  std::vector<double> means;
  for (const auto& name : names) means.push_back(report.protocols.at(name).test_acc.mean);
  const std::vector<bool> off_axis = far_from_the_rest(means);
  double lo = 1e300, hi = -1e300, longest = 0, right = 30;
  const auto off_axis_text = [](const SampleSummary& t) {
    return fixed(100.0 * t.mean, 2) + " [" + fixed(100.0 * t.ci_low, 2) + ", " + fixed(100.0 * t.ci_high, 2) +
           "] %, off the axis";
  };
  for (std::size_t k = 0; k < names.size(); ++k) {
    const SampleSummary& t = report.protocols.at(names[k]).test_acc;
    longest = std::max(longest, text_width(names[k], 12));
    if (off_axis[k]) {
      right = std::max(right, 24 + text_width(off_axis_text(t), 11));  // written right of the axis' end
      continue;
    }
    lo = std::min(lo, t.ci_low), hi = std::max(hi, t.ci_high);
  }
  const ChartAxis axis = nice_axis(100.0 * lo, 100.0 * hi);  // in %
  const std::string title = test_accuracy_title(report.splits.size() >= 2);
  const double row = 28, left = 26 + longest, top = 34, plot_w = 440;
  const double w = fitting_width(title, left + plot_w + right), h = top + row * static_cast<double>(names.size()) + 50;
  const double px1 = left + plot_w, bottom = top + row * static_cast<double>(names.size());
  const auto at = [&](double v) { return left + (v - axis.lo) / (axis.hi - axis.lo) * (px1 - left); };
  const auto x = [&](double fraction) { return at(100.0 * fraction); };
  const std::map<std::string, std::string> colours = protocol_colours(names);
  std::ostringstream s;
  s << svg_open(w, h) << svg_title(title);
  s << svg_gridlines(axis, at, {AxisGrid::Side::kBottom, top - 6, bottom, bottom + 16});
  s << "<text x='" << (left + px1) / 2 << "' y='" << bottom + 36
    << "' text-anchor='middle' font-size='12'>test accuracy (%)</text>";
  for (std::size_t k = 0; k < names.size(); ++k) {
    const double yy = top + row * static_cast<double>(k) + row / 2;
    const SampleSummary& t = report.protocols.at(names[k]).test_acc;
    const std::string& colour = colours.at(names[k]);
    s << "<text x='" << left - 10 << "' y='" << yy + 4 << "' text-anchor='end' font-size='12'>" << html_escape(names[k])
      << "</text>";
    if (off_axis[k]) {
      // Off the axis: an arrow at the edge it lies beyond, and its figures in words.
      const bool below = 100.0 * t.mean < axis.lo;
      const double edge = below ? left : px1, tip = below ? edge - 2 : edge + 2, back = below ? edge + 10 : edge - 10;
      s << "<path d='M" << tip << "," << yy << " L" << back << "," << yy - 6 << " L" << back << "," << yy + 6
        << " Z' fill='" << colour << "'/><text x='" << (below ? back + 6 : px1 + 14) << "' y='" << yy + 4
        << "' font-size='11' fill='" << colour << "'>" << off_axis_text(t) << "</text>";
      continue;
    }
    s << "<line x1='" << x(t.ci_low) << "' x2='" << x(t.ci_high) << "' y1='" << yy << "' y2='" << yy << "' stroke='"
      << colour << "' stroke-width='2'/><circle cx='" << x(t.mean) << "' cy='" << yy << "' r='5' fill='" << colour
      << "'/>";
  }
  s << "</svg>";
  return s.str();
}

namespace {

// A tested comparison as the paired-differences chart draws it: its id, "a − b" and the comparison.
struct PairedRow {
  std::string id, label;
  const Comparison* c;
};

// The chart's rows: the expectations' tested comparisons on `accuracy`'s measure, then the headline's
// (accuracy only).
std::vector<PairedRow> paired_rows(const Report& report, bool accuracy) {
  std::vector<PairedRow> rows;
  for (const auto& e : report.expectations) {
    if (e.accuracy() != accuracy) continue;
    for (const auto& c : e.comparisons) {
      if (c.test) rows.push_back({expectation_label(e), c.a + " − " + c.b, &c});
    }
  }
  if (accuracy) {
    for (const auto& h : report.headline) {
      if (h.comparison.test) rows.push_back({"boost", h.comparison.a + " − " + h.comparison.b, &h.comparison});
    }
  }
  return rows;
}

// One row at height y: its label, its CI line and estimate square, and its result, coloured by it.
template <typename X>
std::string paired_row_svg(const PairedRow& r, double y, double scale, double label_x, double result_x, const X& x) {
  static const std::map<Verdict, const char*> look = {
      {Verdict::kSupported, "#1a7f37"}, {Verdict::kContradicted, "#cf222e"}, {Verdict::kInconclusive, "#9a6700"}};
  const TTest& t = *r.c->test;
  const char* colour = look.at(r.c->verdict);
  std::ostringstream s;
  s << "<text x='" << label_x << "' y='" << y + 4 << "' text-anchor='end' font-size='12'><tspan font-weight='bold'>"
    << html_escape(r.id) << "</tspan>  " << html_escape(r.label) << "</text>";
  s << "<line x1='" << x(scale * t.ci_low) << "' x2='" << x(scale * t.ci_high) << "' y1='" << y << "' y2='" << y
    << "' stroke='" << colour << "' stroke-width='2'/><rect x='" << x(scale * t.difference) - 4 << "' y='" << y - 4
    << "' width='8' height='8' fill='" << colour << "'/>";
  s << "<text x='" << result_x << "' y='" << y + 4 << "' font-size='11' fill='" << colour << "'>"
    << to_string(r.c->verdict) << "</text>";
  return s.str();
}

}  // namespace

std::string svg_paired_differences(const Report& report, bool accuracy) {
  const std::vector<PairedRow> rows = paired_rows(report, accuracy);
  if (rows.empty()) return "";
  const double scale = accuracy ? 100.0 : 1.0;  // points, or the loss as it is
  const double margin = accuracy ? 0.0 : report.loss_margin;
  double lo = -margin, hi = margin;
  std::size_t longest = 0;
  for (const PairedRow& r : rows) {
    lo = std::min(lo, scale * r.c->test->ci_low), hi = std::max(hi, scale * r.c->test->ci_high);
    longest = std::max(longest, characters(r.id + "  " + r.label));
  }
  const ChartAxis axis = nice_axis(lo, hi);
  const std::string title = paired_differences_title(accuracy, report.splits.size() >= 2);
  const double row = 24, top = 52, left = 20 + 7.0 * static_cast<double>(longest), plot_w = 420, right = 110;
  const std::string key = accuracy
                              ? "right of the dashed line: a above b, as the expectation reads; colour: the row's result"
                              : "inside the shaded margin: equivalent; colour: the row's result";
  const double w = std::max(fitting_width(title, left + plot_w + right), 20 + text_width(key, 12));
  const double px1 = left + plot_w;
  const double bottom = top + row * static_cast<double>(rows.size()), h = bottom + 50;
  const auto x = [&](double v) { return left + (v - axis.lo) / (axis.hi - axis.lo) * (px1 - left); };
  std::ostringstream s;
  s << svg_open(w, h) << svg_title(title);
  s << "<text x='10' y='36' font-size='12' fill='#555'>" << key << "</text>";
  if (!accuracy) {
    s << "<rect x='" << x(-margin) << "' y='" << top - 6 << "' width='" << x(margin) - x(-margin) << "' height='"
      << bottom - top + 6 << "' fill='#1a7f37' opacity='0.08'/>";
  }
  s << svg_gridlines(axis, x, {AxisGrid::Side::kBottom, top - 6, bottom, bottom + 16});
  s << "<line x1='" << x(0) << "' x2='" << x(0) << "' y1='" << top - 6 << "' y2='" << bottom
    << "' stroke='#555' stroke-dasharray='4 3'/>";
  s << "<text x='" << (left + px1) / 2 << "' y='" << bottom + 36 << "' text-anchor='middle' font-size='12'>"
    << (accuracy ? "difference a − b (accuracy points)" : "difference a − b (training loss)") << "</text>";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    s << paired_row_svg(rows[i], top + row * static_cast<double>(i) + row / 2, scale, left - 8, px1 + 8, x);
  }
  s << "</svg>";
  return s.str();
}

namespace {

std::string forest_caption(bool accuracy) {
  return std::string("Each class split's mean paired difference a − b over its seeds with its 95% CI, and the "
                     "estimate over splits (diamond) with its 95% CI over split means, against zero; ") +
         (accuracy ? "test accuracy in points." : "final training loss.");
}

}  // namespace

// A forest plot's chart name from what it compares, not its position, so that a link to it (the
// README's) still shows the same comparison once a suite gains protocols: "forest-E1-n2-a-b".
std::string forest_name(const std::string& label, const Comparison& c) {
  std::string name = "forest-";
  for (const char ch : label) {
    if (std::isalnum(static_cast<unsigned char>(ch)) != 0) name += ch;
    else if (ch == ' ') name += '-';
  }
  return name + "-" + c.a + "-" + c.b;
}

std::vector<Chart> report_charts(const Report& report) {
  const bool several = report.splits.size() >= 2;
  const std::string ci = ci_over(several);
  std::vector<Chart> charts;
  const auto add = [&](const std::string& name, const std::string& title, std::string svg, const std::string& caption) {
    if (!svg.empty()) charts.push_back({name, title, std::move(svg), caption});
  };
  std::string title = "The predictions judged: a − b, " + ci + ", each measure in its unit";
  if (report.hypotheses) {
    add("predictions", title, svg_predictions(report, title),
        "Each row a judged prediction or headline row: the paired difference a − b (square) and its " + ci +
            " (line), against zero (dashed) and within ± its smallest effect of interest (grey), coloured by its "
            "outcome with its Holm-adjusted p.");
  }
  add("paired-differences", paired_differences_title(true, several), svg_paired_differences(report, true),
      "Each row a comparison a verdict tests: the mean paired difference of target test accuracy in points with its " +
          ci + ".");
  add("paired-loss-differences", paired_differences_title(false, several), svg_paired_differences(report, false),
      "E1's comparisons: the mean paired difference of final training loss with its " + ci +
          ", beside the equivalence margin.");
  for (const auto& e : report.expectations) {
    for (const auto& c : e.comparisons) {
      title = expectation_label(e) + ": " + c.a + " − " + c.b + " by class split (" +
              (e.accuracy() ? "points" : "loss") + ")";
      add(forest_name(expectation_label(e), c), title, svg_forest(c, title, e.accuracy()),
          forest_caption(e.accuracy()));
    }
  }
  for (const auto& h : report.headline) {
    title = "Boost: " + h.comparison.a + " − " + h.comparison.b + " by class split (test accuracy, points)";
    add(forest_name("boost", h.comparison), title, svg_forest(h.comparison, title, true), forest_caption(true));
  }
  if (report.grid) {
    add("transfer-grid", grid_title(*report.grid, several), svg_transfer_grid(*report.grid, several),
        grid_caption(*report.grid, ci));
  }
  add("test-accuracy", test_accuracy_title(several), svg_test_accuracy(report),
      "Each protocol's mean target test accuracy (%) with its " + ci + "; a protocol far from the rest is an arrow "
      "at the axis' edge with its value.");
  add_curve_charts(report, add);
  return charts;
}

}  // namespace tl_boost
