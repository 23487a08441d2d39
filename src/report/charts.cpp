#include "tl_boost/report/charts.hpp"

#include <algorithm>
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

// The protocols of the report in the suite file's order that have epochs of `stage`.
std::vector<std::string> with_epochs(const Report& report, ProtocolCurves ProtocolSummary::*stage) {
  std::vector<std::string> names;
  for (const auto& name : report.protocol_order) {
    if (!(report.protocols.at(name).*stage).epochs.empty()) names.push_back(name);
  }
  return names;
}

// The grid's key: colour is the source (AnB other classes, BnB the target's), line and marker frozen or not.
void transfer_grid_key(std::ostringstream& s) {
  double kx = 10;
  kx += svg_key(s, kx, 56, "#cf222e", "AnB: source other classes", false);
  kx += svg_key(s, kx, 56, "#0969da", "BnB: source the target classes", false);
  svg_key(s, kx, 56, "#555", "baseB: no transfer", true);
  kx = 10;
  s << "<line x1='" << kx << "' x2='" << kx + 22 << "' y1='72' y2='72' stroke='#444' stroke-width='2'/><circle cx='"
    << kx + 11 << "' cy='72' r='4' fill='#444'/><text x='" << kx + 28
    << "' y='76' font-size='12'>+ fine-tuned (solid line, filled marker)</text>";
  kx += 28 + text_width("+ fine-tuned (solid line, filled marker)", 12) + 18;
  s << "<line x1='" << kx << "' x2='" << kx + 22 << "' y1='72' y2='72' stroke='#444' stroke-width='2' "
    << "stroke-dasharray='3,3'/><circle cx='" << kx + 11 << "' cy='72' r='4' fill='white' stroke='#444'/><text x='"
    << kx + 28 << "' y='76' font-size='12'>frozen (dotted line, hollow marker)</text>";
}

}  // namespace

std::string svg_transfer_grid(const TransferGrid& grid) {
  const std::string title = "Test accuracy by layers transferred (Yosinski et al. 2014, Fig. 2 style)";
  const double left = 70, right = 110, top = 90, bottom = 50, plot_w = 420, h = 400;
  const double w = fitting_width(title, left + plot_w + right);
  std::vector<std::tuple<double, std::string, std::string>> labels;  // y, text, colour: drawn last, apart
  double lo = 1.0, hi = 0.0;
  int max_n = 1;
  for (const auto& p : grid.points) {
    lo = std::min(lo, p.accuracy.ci_low), hi = std::max(hi, p.accuracy.ci_high);
    max_n = std::max(max_n, p.n);
  }
  if (grid.baseline) {
    lo = std::min(lo, grid.baseline->ci_low);
    hi = std::max(hi, grid.baseline->ci_high);
  }
  const ChartAxis axis = nice_axis(lo, hi);
  const auto x = [&](double n) { return left + (n - 0.5) / max_n * (w - left - right); };
  const auto y = [&](double v) { return h - bottom - (v - axis.lo) / (axis.hi - axis.lo) * (h - top - bottom); };
  std::ostringstream s;
  s << svg_open(w, h) << svg_title(title) << "<text x='10' y='34' font-size='12' fill='#555'>mean and 95% CI over "
    << "seeds</text>";
  transfer_grid_key(s);
  s << svg_vertical_title("test accuracy", 16, (top + h - bottom) / 2);
  s << "<text x='" << (left + w - right) / 2 << "' y='" << h - 10
    << "' text-anchor='middle' font-size='12'>layers transferred (n)</text>";
  s << svg_gridlines(axis, y, {AxisGrid::Side::kLeft, left, w - right, left - 6});
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
  const std::map<std::string, std::pair<const char*, bool>> style = {{"AnB", {"#cf222e", false}},
                                                                     {"AnB+", {"#cf222e", true}},
                                                                     {"BnB", {"#0969da", false}},
                                                                     {"BnB+", {"#0969da", true}}};
  int k = 0;
  for (const auto& [condition, look] : style) {
    std::vector<const GridPoint*> line;
    for (const auto& p : grid.points) {
      if (p.condition == condition) line.push_back(&p);
    }
    if (line.empty()) continue;
    std::sort(line.begin(), line.end(), [](const GridPoint* a, const GridPoint* b) { return a->n < b->n; });
    const double shift = (k++ - 1.5) * 4.0;  // keep the whiskers of one depth apart
    s << "<polyline fill='none' stroke='" << look.first << "' stroke-width='2'"
      << (look.second ? "" : " stroke-dasharray='3,3'") << " points='";
    for (const GridPoint* p : line) s << x(p->n) + shift << "," << y(p->accuracy.mean) << " ";
    s << "'/>";
    for (const GridPoint* p : line) {
      const double px = x(p->n) + shift;
      s << "<line x1='" << px << "' x2='" << px << "' y1='" << y(p->accuracy.ci_low) << "' y2='"
        << y(p->accuracy.ci_high) << "' stroke='" << look.first << "'/><circle cx='" << px << "' cy='"
        << y(p->accuracy.mean) << "' r='4' fill='" << (look.second ? look.first : "white") << "' stroke='" << look.first
        << "'/>";
    }
    labels.emplace_back(y(line.back()->accuracy.mean), condition, look.first);
  }
  // Line-end labels at their line's height, pushed down where two would overlap.
  std::sort(labels.begin(), labels.end());
  double previous = -1e9;
  for (const auto& [label_y, text, colour] : labels) {
    const double at = std::max(label_y, previous + 13.0);
    previous = at;
    s << "<text x='" << w - right + 6 << "' y='" << at + 4 << "' font-size='12' fill='" << colour << "'>" << text
      << "</text>";
  }
  s << "</svg>";
  return s.str();
}

std::string svg_forest(const Comparison& c, const std::string& title) {
  if (!c.splits || c.splits->splits.empty()) return "";
  const SplitLevelEstimate& e = c.splits->estimate;
  const std::vector<std::string>& names = c.splits->splits;
  double lo = std::min({0.0, e.ci_low, e.mean}), hi = std::max({0.0, e.ci_high, e.mean});
  std::size_t longest = 6;  // "pooled"
  for (std::size_t i = 0; i < names.size(); ++i) {
    lo = std::min(lo, e.per_split[i].ci_low);
    hi = std::max(hi, e.per_split[i].ci_high);
    longest = std::max(longest, names[i].size());
  }
  const ChartAxis axis = nice_axis(lo, hi);
  const double row = 22, top = 34, left = 16 + 7.0 * static_cast<double>(longest), w = fitting_width(title, left + 440),
               right = 20;
  const double h = top + row * static_cast<double>(names.size() + 1) + 40;
  const auto x = [&](double v) { return left + (v - axis.lo) / (axis.hi - axis.lo) * (w - left - right); };
  std::ostringstream s;
  s << svg_open(w, h) << svg_title(title);
  const double bottom = top + row * static_cast<double>(names.size() + 1);
  s << svg_gridlines(axis, x, {AxisGrid::Side::kBottom, top - 8, bottom, bottom + 16});
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
  s << "<text x='" << (left + w - right) / 2 << "' y='" << h - 4 << "' text-anchor='middle' font-size='12'>difference "
    << html_escape(c.a + " − " + c.b) << " (95% CI)</text>";
  s << "</svg>";
  return s.str();
}

std::string svg_log_loss_difference(const CurveComparison& c, const std::string& title) {
  if (c.log_loss.empty()) return "";
  const double left = 62, right = 20, top = 34, bottom = 44, h = 320;
  const double w = fitting_width(title, left + 520 + right);
  double lo = 0.0, hi = 0.0;
  const int first = c.log_loss.front().epoch, last = c.log_loss.back().epoch;
  for (const auto& e : c.log_loss) lo = std::min(lo, e.log_loss.ci_low), hi = std::max(hi, e.log_loss.ci_high);
  const ChartAxis axis = nice_axis(lo, hi);
  const auto x = [&](double e) { return left + (e - first) / std::max(1, last - first) * (w - left - right); };
  const auto y = [&](double v) { return top + (axis.hi - v) / (axis.hi - axis.lo) * (h - top - bottom); };
  std::ostringstream s, band, line;
  s << svg_open(w, h) << svg_title(title);
  s << svg_gridlines(axis, y, {AxisGrid::Side::kLeft, left, w - right, left - 6});
  s << svg_vertical_title("difference of log training loss", 16, (top + h - bottom) / 2);
  s << svg_epoch_axis(first, last, x, h - bottom, true);
  s << "<line x1='" << left << "' x2='" << w - right << "' y1='" << y(0) << "' y2='" << y(0)
    << "' stroke='#555' stroke-dasharray='4 3'/>";
  for (std::size_t i = 0; i < c.log_loss.size(); ++i) {
    band << (i ? " L" : "M") << x(c.log_loss[i].epoch) << "," << y(c.log_loss[i].log_loss.ci_high);
    line << (i ? " L" : "M") << x(c.log_loss[i].epoch) << "," << y(c.log_loss[i].log_loss.mean);
  }
  for (std::size_t i = c.log_loss.size(); i-- > 0;) {
    band << " L" << x(c.log_loss[i].epoch) << "," << y(c.log_loss[i].log_loss.ci_low);
  }
  s << "<path d='" << band.str() << " Z' fill='" << palette_colour(0) << "' opacity='0.2'/>";
  s << "<path d='" << line.str() << "' fill='none' stroke='" << palette_colour(0) << "' stroke-width='2'/>";
  s << "</svg>";
  return s.str();
}

std::string svg_curve_panels(const Report& report, const PanelCurves& pair, const std::string& title) {
  const std::vector<std::string> names = with_epochs(report, pair.stage);
  if (names.empty()) return "";
  double lo = 1e300, hi = -1e300;
  int first = 1 << 30, last = 0;
  for (const auto& name : names) {
    const ProtocolCurves& c = report.protocols.at(name).*pair.stage;
    for (const CurveBand* band : {&(c.*pair.solid), &(c.*pair.dashed)}) {
      for (std::size_t i = 0; i < band->mean.size(); ++i)
        lo = std::min(lo, band->min[i]), hi = std::max(hi, band->max[i]);
    }
    first = std::min(first, c.epochs.front()), last = std::max(last, c.epochs.back());
  }
  if (lo > hi) return "";
  const ChartAxis axis = nice_axis(lo, hi);
  const std::map<std::string, std::string> colours = protocol_colours(report.protocol_order);
  const int columns = static_cast<int>(std::min<std::size_t>(3, names.size()));
  const int rows = static_cast<int>((names.size() + columns - 1) / columns);
  const double panel_w = 290, panel_h = 200, outer_left = 34, top = 58, inner_left = 44, inner_right = 14,
               inner_top = 22, inner_bottom = 40;
  const double w = fitting_width(title, outer_left + panel_w * columns + 10), h = top + panel_h * rows + 8;
  std::ostringstream s;
  s << svg_open(w, h) << svg_title(title);
  // The key: which line is which, and what the band is.
  double kx = 10;
  kx += svg_key(s, kx, 40, "#444", pair.solid_name + " (solid)", false);
  kx += svg_key(s, kx, 40, "#444", pair.dashed_name + " (dashed)", true);
  s << "<text x='" << kx << "' y='40' font-size='12' fill='#555'>line: mean over seeds; band: min–max</text>";
  s << svg_vertical_title(pair.value_title, 14, top + panel_h * rows / 2);
  for (std::size_t k = 0; k < names.size(); ++k) {
    const ProtocolCurves& c = report.protocols.at(names[k]).*pair.stage;
    const double x0 = outer_left + panel_w * static_cast<double>(k % columns);
    const double y0 = top + panel_h * static_cast<double>(k / columns);
    const double px0 = x0 + inner_left, px1 = x0 + panel_w - inner_right;
    const double py0 = y0 + inner_top, py1 = y0 + panel_h - inner_bottom;
    const auto x = [&](double e) { return px0 + (e - first) / std::max(1, last - first) * (px1 - px0); };
    const auto y = [&](double v) { return py0 + (axis.hi - v) / (axis.hi - axis.lo) * (py1 - py0); };
    const std::string& colour = colours.at(names[k]);
    s << "<text x='" << px0 << "' y='" << y0 + 14 << "' font-size='12' font-weight='bold' fill='" << colour << "'>"
      << html_escape(names[k]) << "</text>";
    s << svg_gridlines(axis, y, {AxisGrid::Side::kLeft, px0, px1, px0 - 5});
    s << svg_epoch_axis(first, last, x, py1, k + columns >= names.size());
    s << svg_band(c.epochs, c.*pair.dashed, x, y, colour, true, true);
    s << svg_band(c.epochs, c.*pair.solid, x, y, colour, false, true);
  }
  s << "</svg>";
  return s.str();
}

std::string svg_curves(const Report& report, CurveBand ProtocolCurves::*metric, const std::string& value_title,
                       const std::string& title) {
  const std::vector<std::string> names = with_epochs(report, &ProtocolSummary::curves);
  double lo = 1e300, hi = -1e300;
  int first = 1 << 30, last = 0;
  std::size_t longest = 0;
  for (const auto& name : names) {
    const ProtocolCurves& c = report.protocols.at(name).curves;
    const CurveBand& band = c.*metric;
    for (const double v : band.mean) lo = std::min(lo, v), hi = std::max(hi, v);
    first = std::min(first, c.epochs.front()), last = std::max(last, c.epochs.back());
    longest = std::max(longest, characters(name));
  }
  if (lo > hi) return "";
  const ChartAxis axis = nice_axis(lo, hi);
  const std::map<std::string, std::string> colours = protocol_colours(report.protocol_order);
  const double left = 62, top = 34, bottom = 44, plot_w = 520, h = std::max(320.0, top + 18.0 * names.size() + 20);
  const double right = 40 + 7.0 * static_cast<double>(longest), w = fitting_width(title, left + plot_w + right);
  const double px1 = w - right;
  const auto x = [&](double e) { return left + (e - first) / std::max(1, last - first) * (px1 - left); };
  const auto y = [&](double v) { return top + (axis.hi - v) / (axis.hi - axis.lo) * (h - top - bottom); };
  std::ostringstream s;
  s << svg_open(w, h) << svg_title(title);
  s << svg_gridlines(axis, y, {AxisGrid::Side::kLeft, left, px1, left - 6});
  s << svg_vertical_title(value_title, 16, (top + h - bottom) / 2);
  s << svg_epoch_axis(first, last, x, h - bottom, true);
  if (axis.lo < 0 && axis.hi > 0) {
    s << "<line x1='" << left << "' x2='" << px1 << "' y1='" << y(0) << "' y2='" << y(0) << "' stroke='#555'/>";
  }
  for (std::size_t k = 0; k < names.size(); ++k) {
    const ProtocolCurves& c = report.protocols.at(names[k]).curves;
    const std::string& colour = colours.at(names[k]);
    s << svg_band(c.epochs, c.*metric, x, y, colour, false, false);
    svg_key(s, px1 + 10, top + 18.0 * static_cast<double>(k) + 4, colour, names[k], false);
  }
  s << "</svg>";
  return s.str();
}

std::string svg_test_accuracy(const Report& report) {
  const std::vector<std::string>& names = report.protocol_order;
  if (names.empty()) return "";
  std::vector<double> means;
  for (const auto& name : names) means.push_back(report.protocols.at(name).test_acc.mean);
  const std::vector<bool> off_axis = far_from_the_rest(means);
  double lo = 1e300, hi = -1e300;
  std::size_t longest = 0;
  for (std::size_t k = 0; k < names.size(); ++k) {
    const SampleSummary& t = report.protocols.at(names[k]).test_acc;
    longest = std::max(longest, characters(names[k]));
    if (off_axis[k]) continue;
    lo = std::min(lo, t.ci_low), hi = std::max(hi, t.ci_high);
  }
  const ChartAxis axis = nice_axis(lo, hi);
  const std::string title = "Target test accuracy per protocol (mean, 95% CI over seeds)";
  const double row = 28, left = 24 + 7.0 * static_cast<double>(longest), right = 150, top = 34, plot_w = 440;
  const double w = fitting_width(title, left + plot_w + right), h = top + row * static_cast<double>(names.size()) + 50;
  const double px1 = left + plot_w, bottom = top + row * static_cast<double>(names.size());
  const auto x = [&](double v) { return left + (v - axis.lo) / (axis.hi - axis.lo) * (px1 - left); };
  const std::map<std::string, std::string> colours = protocol_colours(names);
  std::ostringstream s;
  s << svg_open(w, h) << svg_title(title);
  s << svg_gridlines(axis, x, {AxisGrid::Side::kBottom, top - 6, bottom, bottom + 16});
  s << "<text x='" << (left + px1) / 2 << "' y='" << bottom + 36
    << "' text-anchor='middle' font-size='12'>test accuracy</text>";
  for (std::size_t k = 0; k < names.size(); ++k) {
    const double yy = top + row * static_cast<double>(k) + row / 2;
    const SampleSummary& t = report.protocols.at(names[k]).test_acc;
    const std::string& colour = colours.at(names[k]);
    s << "<text x='" << left - 10 << "' y='" << yy + 4 << "' text-anchor='end' font-size='12'>" << html_escape(names[k])
      << "</text>";
    if (off_axis[k]) {
      // Off the axis: an arrow at the edge it lies beyond, and its figures in words.
      const bool below = t.mean < axis.lo;
      const double edge = below ? left : px1, tip = below ? edge - 2 : edge + 2, back = below ? edge + 10 : edge - 10;
      s << "<path d='M" << tip << "," << yy << " L" << back << "," << yy - 6 << " L" << back << "," << yy + 6
        << " Z' fill='" << colour << "'/><text x='" << (below ? back + 6 : px1 + 14) << "' y='" << yy + 4
        << "' font-size='11' fill='" << colour << "'>" << fixed(t.mean, 4) << " [" << fixed(t.ci_low, 4) << ", "
        << fixed(t.ci_high, 4) << "], off the axis</text>";
      continue;
    }
    s << "<line x1='" << x(t.ci_low) << "' x2='" << x(t.ci_high) << "' y1='" << yy << "' y2='" << yy << "' stroke='"
      << colour << "' stroke-width='2'/><circle cx='" << x(t.mean) << "' cy='" << yy << "' r='5' fill='" << colour
      << "'/>";
  }
  s << "</svg>";
  return s.str();
}

std::string svg_paired_differences(const Report& report, bool accuracy) {
  struct Row {
    std::string id, label;
    const Comparison* c;
  };
  std::vector<Row> rows;
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
  if (rows.empty()) return "";
  const double scale = accuracy ? 100.0 : 1.0;  // points, or the loss as it is
  const double margin = accuracy ? 0.0 : report.loss_margin;
  double lo = -margin, hi = margin;
  std::size_t longest = 0;
  for (const Row& r : rows) {
    lo = std::min(lo, scale * r.c->test->ci_low), hi = std::max(hi, scale * r.c->test->ci_high);
    longest = std::max(longest, characters(r.id + "  " + r.label));
  }
  const ChartAxis axis = nice_axis(lo, hi);
  const std::string title =
      accuracy ? "Paired differences the verdicts test (points; mean and 95% CI of a − b)"
               : "E1: paired difference of the final training loss (95% CI) against the equivalence margin";
  const double row = 24, top = 52, left = 20 + 7.0 * static_cast<double>(longest), plot_w = 420, right = 110;
  const double w = fitting_width(title, left + plot_w + right), px1 = left + plot_w;
  const double bottom = top + row * static_cast<double>(rows.size()), h = bottom + 50;
  const auto x = [&](double v) { return left + (v - axis.lo) / (axis.hi - axis.lo) * (px1 - left); };
  std::ostringstream s;
  s << svg_open(w, h) << svg_title(title);
  s << "<text x='10' y='36' font-size='12' fill='#555'>"
    << (accuracy ? "right of the dashed line: a above b, as the expectation reads; colour: the row's result"
                 : "inside the shaded margin: equivalent; colour: the row's result")
    << "</text>";
  if (!accuracy) {
    s << "<rect x='" << x(-margin) << "' y='" << top - 6 << "' width='" << x(margin) - x(-margin) << "' height='"
      << bottom - top + 6 << "' fill='#1a7f37' opacity='0.08'/>";
  }
  s << svg_gridlines(axis, x, {AxisGrid::Side::kBottom, top - 6, bottom, bottom + 16});
  s << "<line x1='" << x(0) << "' x2='" << x(0) << "' y1='" << top - 6 << "' y2='" << bottom
    << "' stroke='#555' stroke-dasharray='4 3'/>";
  s << "<text x='" << (left + px1) / 2 << "' y='" << bottom + 36 << "' text-anchor='middle' font-size='12'>"
    << (accuracy ? "difference a − b (accuracy points)" : "difference a − b (training loss)") << "</text>";
  const std::map<Verdict, const char*> look = {
      {Verdict::kSupported, "#1a7f37"}, {Verdict::kContradicted, "#cf222e"}, {Verdict::kInconclusive, "#9a6700"}};
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const Row& r = rows[i];
    const TTest& t = *r.c->test;
    const double y = top + row * static_cast<double>(i) + row / 2;
    const char* colour = look.at(r.c->verdict);
    s << "<text x='" << left - 8 << "' y='" << y + 4 << "' text-anchor='end' font-size='12'><tspan font-weight='bold'>"
      << html_escape(r.id) << "</tspan>  " << html_escape(r.label) << "</text>";
    s << "<line x1='" << x(scale * t.ci_low) << "' x2='" << x(scale * t.ci_high) << "' y1='" << y << "' y2='" << y
      << "' stroke='" << colour << "' stroke-width='2'/><rect x='" << x(scale * t.difference) - 4 << "' y='" << y - 4
      << "' width='8' height='8' fill='" << colour << "'/>";
    s << "<text x='" << px1 + 8 << "' y='" << y + 4 << "' font-size='11' fill='" << colour << "'>"
      << to_string(r.c->verdict) << "</text>";
  }
  s << "</svg>";
  return s.str();
}

std::vector<Chart> report_charts(const Report& report) {
  std::vector<Chart> charts;
  const auto add = [&](const std::string& name, const std::string& title, std::string svg) {
    if (!svg.empty()) charts.push_back({name, title, std::move(svg)});
  };
  std::string title = "Train and validation accuracy per epoch, target stage, one panel per protocol";
  add("accuracy-curves", title, svg_curve_panels(report, {}, title));
  title = "Train − validation accuracy gap per epoch, target stage (mean over seeds)";
  add("gap-curves", title, svg_curves(report, &ProtocolCurves::gap, "train − validation accuracy", title));
  title = "Paired differences the verdicts test (accuracy points)";
  add("paired-differences", title, svg_paired_differences(report, true));
  title = "E1: paired difference of the final training loss";
  add("paired-loss-differences", title, svg_paired_differences(report, false));
  int k = 0;
  for (const auto& e : report.expectations) {
    for (const auto& c : e.comparisons) {
      title = expectation_label(e) + ": " + c.a + " − " + c.b + " by class split";
      add("forest-" + std::to_string(++k), title, svg_forest(c, title));
    }
  }
  for (const auto& h : report.headline) {
    title = "Boost: " + h.comparison.a + " − " + h.comparison.b + " by class split";
    add("forest-" + std::to_string(++k), title, svg_forest(h.comparison, title));
  }
  if (report.grid) {
    add("transfer-grid", "Test accuracy by layers transferred (Yosinski et al. 2014, Fig. 2 style)",
        svg_transfer_grid(*report.grid));
  }
  add("test-accuracy", "Target test accuracy per protocol", svg_test_accuracy(report));
  const bool val_loss = std::any_of(report.protocols.begin(), report.protocols.end(),
                                    [](const auto& p) { return !p.second.curves.val_loss.mean.empty(); });
  if (val_loss) {
    title = "Train and validation loss per epoch, target stage, one panel per protocol";
    add("loss-curves", title,
        svg_curve_panels(report,
                         {&ProtocolSummary::curves, &ProtocolCurves::val_loss, &ProtocolCurves::train_loss,
                          "validation", "train", "loss"},
                         title));
  } else {
    title = "Training loss per epoch, target stage (mean over seeds)";
    add("loss-curves", title, svg_curves(report, &ProtocolCurves::train_loss, "training loss", title));
  }
  title = "Source stage: train and validation accuracy per epoch, one panel per protocol";
  add("source-curves", title, svg_curve_panels(report, {&ProtocolSummary::source_curves}, title));
  for (const auto& c : report.along_curves) {
    title = "Log training loss, " + c.a + " − " + c.b + " per epoch (paired mean, 95% CI)";
    add("log-loss-difference-" + c.a + "-" + c.b, title, svg_log_loss_difference(c, title));
  }
  return charts;
}

}  // namespace tl_boost
