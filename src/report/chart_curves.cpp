// The charts along the epochs: a stage's curves per protocol (or per source network) as small
// multiples, one metric of every protocol on one axis, and a paired difference with its CI band.
#include <algorithm>
#include <cmath>
#include <sstream>
#include <vector>

#include "tl_boost/html_escape.hpp"
#include "tl_boost/report/charts.hpp"
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

// A panel: the protocol whose curves it draws and the label it carries.
struct Panel {
  std::string protocol, label;
};

// One panel per protocol with epochs; of the source stage, one per source network, labelled by
// every protocol that shares it (shortened to fit the panel).
std::vector<Panel> panels_of(const Report& report, const PanelCurves& pair, double label_width) {
  std::vector<Panel> panels;
  const std::vector<std::string> names = with_epochs(report, pair.stage);
  if (pair.stage != &ProtocolSummary::source_curves || report.source_networks.empty()) {
    for (const auto& name : names) panels.push_back({name, name});
    return panels;
  }
  for (const auto& group : report.source_networks) {
    if (std::find(names.begin(), names.end(), group.front()) == names.end()) continue;
    std::string label = group.front();
    for (std::size_t i = 1; i < group.size(); ++i) label += ", " + group[i];
    if (group.size() > 1 && text_width(label, 12) > label_width) {
      label = group.front() + " and " + std::to_string(group.size() - 1) + " sharing its source";
    }
    panels.push_back({group.front(), label});
  }
  return panels;
}

// The value axis over every panel's means and intervals, scaled.
ChartAxis panels_axis(const Report& report, const PanelCurves& pair, const std::vector<Panel>& panels) {
  double lo = 1e300, hi = -1e300;
  for (const Panel& panel : panels) {
    const ProtocolCurves& c = report.protocols.at(panel.protocol).*pair.stage;
    for (const CurveBand* band : {&(c.*pair.solid), &(c.*pair.dashed)}) {
      for (const std::vector<double>* v : {&band->mean, &band->ci_low, &band->ci_high}) {
        for (const double x : *v) lo = std::min(lo, pair.scale * x), hi = std::max(hi, pair.scale * x);
      }
    }
  }
  return lo > hi ? ChartAxis{} : nice_axis(lo, hi);
}

}  // namespace

std::string curve_band_key(bool several_splits) { return std::string("line: mean; band: ") + ci_over(several_splits); }

std::string svg_curve_panels(const Report& report, const PanelCurves& pair, const std::string& title) {
  const double panel_w = 290, panel_h = 200, outer_left = 34, top = 58, inner_left = 44, inner_right = 14,
               inner_top = 22, inner_bottom = 40;
  const std::vector<Panel> panels = panels_of(report, pair, panel_w - inner_left - inner_right);
  if (panels.empty()) return "";
  const ChartAxis axis = panels_axis(report, pair, panels);
  const std::map<std::string, std::string> colours = protocol_colours(report.protocol_order);
  const std::size_t columns = std::min<std::size_t>(3, panels.size());
  const std::size_t rows = (panels.size() + columns - 1) / columns;
  const std::string band_key = curve_band_key(report.splits.size() >= 2);
  std::ostringstream key;
  double kx = 10;
  kx += svg_key(key, kx, 40, "#444", pair.solid_name + " (solid)", false);
  kx += svg_key(key, kx, 40, "#444", pair.dashed_name + " (dashed)", true);
  key << "<text x='" << kx << "' y='40' font-size='12' fill='#555'>" << band_key << "</text>";
  const double w = std::max(fitting_width(title, outer_left + panel_w * static_cast<double>(columns) + 10),
                            kx + text_width(band_key, 12) + 10);
  const double h = top + panel_h * static_cast<double>(rows) + 8;
  std::ostringstream s;
  s << svg_open(w, h) << svg_title(title) << key.str();
  s << svg_vertical_title(pair.value_title, 14, top + panel_h * static_cast<double>(rows) / 2);
  for (std::size_t k = 0; k < panels.size(); ++k) {
    const ProtocolCurves& c = report.protocols.at(panels[k].protocol).*pair.stage;
    const double x0 = outer_left + panel_w * static_cast<double>(k % columns);
    const double y0 = top + panel_h * static_cast<double>(k / columns);
    const double px0 = x0 + inner_left, px1 = x0 + panel_w - inner_right;
    const double py0 = y0 + inner_top, py1 = y0 + panel_h - inner_bottom;
    // Each panel's epochs are its own: a protocol that stops at 10 is not drawn on an axis to 20.
    const int first = c.epochs.front(), last = c.epochs.back();
    const auto x = [&](double e) { return px0 + (e - first) / std::max(1, last - first) * (px1 - px0); };
    const auto y = [&](double v) { return py0 + (axis.hi - pair.scale * v) / (axis.hi - axis.lo) * (py1 - py0); };
    const auto at = [&](double v) { return py0 + (axis.hi - v) / (axis.hi - axis.lo) * (py1 - py0); };
    const std::string& colour = colours.at(panels[k].protocol);
    s << "<text x='" << px0 << "' y='" << y0 + 14 << "' font-size='12' font-weight='bold' fill='" << colour << "'>"
      << html_escape(panels[k].label) << "</text>";
    s << svg_gridlines(axis, at, {AxisGrid::Side::kLeft, px0, px1, px0 - 5});
    s << svg_epoch_axis(first, last, x, py1, k + columns >= panels.size());
    s << svg_band(c.epochs, c.*pair.dashed, x, y, colour, true, true);
    s << svg_band(c.epochs, c.*pair.solid, x, y, colour, false, true);
  }
  s << "</svg>";
  return s.str();
}

std::string svg_curves(const Report& report, CurveBand ProtocolCurves::*metric, const std::string& value_title,
                       const std::string& title, double scale) {
  const std::vector<std::string> names = with_epochs(report, &ProtocolSummary::curves);
  double lo = 1e300, hi = -1e300;
  int first = 1 << 30, last = 0;
  double longest = 0;
  for (const auto& name : names) {
    const ProtocolCurves& c = report.protocols.at(name).curves;
    for (const double v : (c.*metric).mean) lo = std::min(lo, scale * v), hi = std::max(hi, scale * v);
    first = std::min(first, c.epochs.front()), last = std::max(last, c.epochs.back());
    longest = std::max(longest, text_width(name, 12));
  }
  if (lo > hi) return "";
  const ChartAxis axis = nice_axis(lo, hi);
  const std::map<std::string, std::string> colours = protocol_colours(report.protocol_order);
  const double left = 62, top = 34, bottom = 44, plot_w = 520, h = std::max(320.0, top + 18.0 * names.size() + 20);
  const double right = 50 + longest, w = fitting_width(title, left + plot_w + right);
  const double px1 = w - right;
  const auto x = [&](double e) { return left + (e - first) / std::max(1, last - first) * (px1 - left); };
  const auto y = [&](double v) { return top + (axis.hi - scale * v) / (axis.hi - axis.lo) * (h - top - bottom); };
  const auto at = [&](double v) { return top + (axis.hi - v) / (axis.hi - axis.lo) * (h - top - bottom); };
  std::ostringstream s;
  s << svg_open(w, h) << svg_title(title);
  s << svg_gridlines(axis, at, {AxisGrid::Side::kLeft, left, px1, left - 6});
  s << svg_vertical_title(value_title, 16, (top + h - bottom) / 2);
  s << svg_epoch_axis(first, last, x, h - bottom, true);
  if (axis.lo < 0 && axis.hi > 0) {
    s << "<line x1='" << left << "' x2='" << px1 << "' y1='" << at(0) << "' y2='" << at(0) << "' stroke='#555'/>";
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

std::string svg_difference_curve(const DifferenceCurve& c, const std::string& value_title, const std::string& title) {
  if (c.epochs.empty()) return "";
  const double left = 62, right = 20, top = 34, bottom = 44, h = 320;
  const double w = fitting_width(title, left + 520 + right);
  double lo = 0.0, hi = 0.0;
  const int first = c.epochs.front(), last = c.epochs.back();
  for (std::size_t i = 0; i < c.epochs.size(); ++i) lo = std::min(lo, c.ci_low[i]), hi = std::max(hi, c.ci_high[i]);
  const ChartAxis axis = nice_axis(lo, hi);
  const auto x = [&](double e) { return left + (e - first) / std::max(1, last - first) * (w - left - right); };
  const auto y = [&](double v) { return top + (axis.hi - v) / (axis.hi - axis.lo) * (h - top - bottom); };
  std::ostringstream s, band, line;
  s << svg_open(w, h) << svg_title(title);
  s << svg_gridlines(axis, y, {AxisGrid::Side::kLeft, left, w - right, left - 6});
  s << svg_vertical_title(value_title, 16, (top + h - bottom) / 2);
  s << svg_epoch_axis(first, last, x, h - bottom, true);
  s << "<line x1='" << left << "' x2='" << w - right << "' y1='" << y(0) << "' y2='" << y(0)
    << "' stroke='#555' stroke-dasharray='4 3'/>";
  for (std::size_t i = 0; i < c.epochs.size(); ++i) {
    band << (i ? " L" : "M") << x(c.epochs[i]) << "," << y(c.ci_high[i]);
    line << (i ? " L" : "M") << x(c.epochs[i]) << "," << y(c.mean[i]);
  }
  for (std::size_t i = c.epochs.size(); i-- > 0;) band << " L" << x(c.epochs[i]) << "," << y(c.ci_low[i]);
  s << "<path d='" << band.str() << " Z' fill='" << palette_colour(0) << "' opacity='0.2'/>";
  s << "<path d='" << line.str() << "' fill='none' stroke='" << palette_colour(0) << "' stroke-width='2'/>";
  s << "</svg>";
  return s.str();
}

}  // namespace tl_boost
