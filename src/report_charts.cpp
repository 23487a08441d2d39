#include "tl_boost/report_charts.hpp"

#include <algorithm>
#include <sstream>
#include <tuple>
#include <vector>

#include "tl_boost/html_escape.hpp"

namespace tl_boost {

namespace {

constexpr const char* kPalette[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e",
                                    "#8c564b", "#17becf", "#e377c2", "#7f7f7f", "#bcbd22"};
constexpr std::size_t kPaletteSize = sizeof(kPalette) / sizeof(kPalette[0]);

}  // namespace

std::string svg_gridlines(const ChartAxis& axis, const std::function<double(double)>& at, const AxisGrid& grid) {
  std::ostringstream s;
  for (const double v : axis.ticks) {
    const double p = at(v);
    if (grid.side == AxisGrid::Side::kLeft) {
      s << "<line x1='" << grid.from << "' x2='" << grid.to << "' y1='" << p << "' y2='" << p
        << "' stroke='#ddd'/><text x='" << grid.label << "' y='" << p + 4 << "' text-anchor='end' font-size='11'>";
    } else {
      s << "<line x1='" << p << "' x2='" << p << "' y1='" << grid.from << "' y2='" << grid.to
        << "' stroke='#ddd'/><text x='" << p << "' y='" << grid.label << "' text-anchor='middle' font-size='11'>";
    }
    s << axis.label(v) << "</text>";
  }
  return s.str();
}

std::string svg_curves(const std::map<std::string, ProtocolSummary>& protocols, CurveBand ProtocolCurves::*metric,
                       const std::string& title) {
  const double h = 320, left = 56, top = 28, bottom = 40;
  double lo = 1e300, hi = -1e300, max_epoch = 1;
  std::size_t longest_name = 0;
  for (const auto& [name, p] : protocols) {
    longest_name = std::max(longest_name, name.size());
    const CurveBand& band = p.curves.*metric;
    for (std::size_t i = 0; i < p.curves.epochs.size(); ++i) {
      lo = std::min(lo, band.min[i]);
      hi = std::max(hi, band.max[i]);
      max_epoch = std::max(max_epoch, static_cast<double>(p.curves.epochs[i]));
    }
  }
  if (lo > hi) return "";
  const ChartAxis axis = nice_axis(lo, hi);
  // The legend is as wide as its longest name (12 px text, about 7.5 px a character).
  const double right = 40 + 7.5 * static_cast<double>(longest_name), w = 490 + right;
  const auto x = [&](double e) { return left + (e - 1) / std::max(1.0, max_epoch - 1) * (w - left - right); };
  const auto y = [&](double v) { return top + (axis.hi - v) / (axis.hi - axis.lo) * (h - top - bottom); };
  std::ostringstream s;
  s << "<svg xmlns='http://www.w3.org/2000/svg' width='" << w << "' height='" << h << "' role='img'>";
  s << "<text x='" << left << "' y='18' font-weight='bold'>" << html_escape(title) << "</text>";
  s << svg_gridlines(axis, y, {AxisGrid::Side::kLeft, left, w - right, left - 6});
  s << "<text x='" << (left + w - right) / 2 << "' y='" << h - 8
    << "' text-anchor='middle' font-size='12'>epoch</text>";
  s << "<text x='" << left << "' y='" << h - bottom + 16 << "' font-size='11'>1</text><text x='" << w - right << "' y='"
    << h - bottom + 16 << "' font-size='11' text-anchor='end'>" << max_epoch << "</text>";
  int k = 0;
  for (const auto& [name, p] : protocols) {
    const std::vector<int>& epochs = p.curves.epochs;
    const CurveBand& c = p.curves.*metric;
    const char* color = kPalette[k % kPaletteSize];
    std::ostringstream band, line;
    for (std::size_t i = 0; i < epochs.size(); ++i) {
      band << (i ? " L" : "M") << x(epochs[i]) << "," << y(c.max[i]);
      line << (i ? " L" : "M") << x(epochs[i]) << "," << y(c.mean[i]);
    }
    for (std::size_t i = epochs.size(); i-- > 0;) band << " L" << x(epochs[i]) << "," << y(c.min[i]);
    s << "<path d='" << band.str() << " Z' fill='" << color << "' opacity='0.15'/>";
    s << "<path d='" << line.str() << "' fill='none' stroke='" << color << "' stroke-width='2'/>";
    s << "<rect x='" << w - right + 10 << "' y='" << top + 18 * k << "' width='12' height='3' fill='" << color
      << "'/><text x='" << w - right + 28 << "' y='" << top + 18 * k + 5 << "' font-size='12'>" << html_escape(name)
      << "</text>";
    ++k;
  }
  s << "</svg>";
  return s.str();
}

std::string svg_test_accuracy(const std::map<std::string, ProtocolSummary>& protocols) {
  const double w = 640, row = 30, left = 170, right = 40, top = 30;
  const double h = top + row * static_cast<double>(protocols.size()) + 30;
  double lo = 1e300, hi = -1e300;
  for (const auto& [name, p] : protocols) {
    lo = std::min(lo, p.test_acc.ci_low);
    hi = std::max(hi, p.test_acc.ci_high);
  }
  if (lo > hi) return "";
  const ChartAxis axis = nice_axis(lo, hi);
  const auto x = [&](double v) { return left + (v - axis.lo) / (axis.hi - axis.lo) * (w - left - right); };
  std::ostringstream s;
  s << "<svg xmlns='http://www.w3.org/2000/svg' width='" << w << "' height='" << h << "' role='img'>";
  s << "<text x='10' y='18' font-weight='bold'>Target test accuracy (mean, 95% CI over seeds)</text>";
  s << svg_gridlines(axis, x, {AxisGrid::Side::kBottom, top - 6, h - 24, h - 8});
  int k = 0;
  for (const auto& [name, p] : protocols) {
    const double yy = top + row * k + row / 2;
    const SampleSummary& t = p.test_acc;
    s << "<text x='" << left - 10 << "' y='" << yy + 4 << "' text-anchor='end' font-size='12'>" << html_escape(name)
      << "</text><line x1='" << x(t.ci_low) << "' x2='" << x(t.ci_high) << "' y1='" << yy << "' y2='" << yy
      << "' stroke='" << kPalette[k % kPaletteSize] << "' stroke-width='2'/><circle cx='" << x(t.mean) << "' cy='" << yy
      << "' r='5' fill='" << kPalette[k % kPaletteSize] << "'/>";
    ++k;
  }
  s << "</svg>";
  return s.str();
}

std::string svg_transfer_grid(const TransferGrid& grid) {
  const int w = 560, h = 340, left = 60, right = 110, top = 44, bottom = 40;
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
  s << "<svg xmlns='http://www.w3.org/2000/svg' width='" << w << "' height='" << h << "' role='img'>"
    << "<text x='10' y='18' font-weight='bold' font-size='14'>Test accuracy by layers transferred "
       "(Yosinski et al. 2014, Fig. 2 style)</text><text x='10' y='32' font-size='11'>mean and 95% CI over "
       "seeds</text>";
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
  const double row = 22, top = 34, left = 16 + 7.0 * static_cast<double>(longest), w = left + 420, right = 20;
  const double h = top + row * static_cast<double>(names.size() + 1) + 40;
  const auto x = [&](double v) { return left + (v - axis.lo) / (axis.hi - axis.lo) * (w - left - right); };
  std::ostringstream s;
  s << "<svg xmlns='http://www.w3.org/2000/svg' width='" << w << "' height='" << h << "' role='img'>";
  s << "<text x='8' y='18' font-weight='bold'>" << html_escape(title) << "</text>";
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
      << "' stroke='" << kPalette[0] << "' stroke-width='2'/>";
    s << "<rect x='" << x(split.mean) - 4 << "' y='" << y - 4 << "' width='8' height='8' fill='" << kPalette[0]
      << "'/>";
  }
  const double y = top + row * static_cast<double>(names.size()) + row / 2;
  s << "<text x='" << left - 8 << "' y='" << y + 4 << "' text-anchor='end' font-size='12' font-weight='bold'>pooled</text>";
  s << "<path d='M" << x(e.ci_low) << "," << y << " L" << x(e.mean) << "," << y - 6 << " L" << x(e.ci_high) << "," << y
    << " L" << x(e.mean) << "," << y + 6 << " Z' fill='" << kPalette[1] << "'/>";
  s << "<text x='" << (left + w - right) / 2 << "' y='" << h - 4
    << "' text-anchor='middle' font-size='12'>difference " << html_escape(c.a + " − " + c.b) << " (95% CI)</text>";
  s << "</svg>";
  return s.str();
}

std::string svg_log_loss_difference(const CurveComparison& c) {
  if (c.log_loss.empty()) return "";
  const double w = 560, h = 300, left = 56, right = 20, top = 28, bottom = 40;
  double lo = 0.0, hi = 0.0, first = c.log_loss.front().epoch, last = c.log_loss.back().epoch;
  for (const auto& e : c.log_loss) lo = std::min(lo, e.log_loss.ci_low), hi = std::max(hi, e.log_loss.ci_high);
  const ChartAxis axis = nice_axis(lo, hi);
  const auto x = [&](double e) { return left + (e - first) / std::max(1.0, last - first) * (w - left - right); };
  const auto y = [&](double v) { return top + (axis.hi - v) / (axis.hi - axis.lo) * (h - top - bottom); };
  std::ostringstream s, band, line;
  s << "<svg xmlns='http://www.w3.org/2000/svg' width='" << w << "' height='" << h << "' role='img'>";
  s << "<text x='" << left << "' y='18' font-weight='bold'>"
    << html_escape("log training loss, " + c.a + " − " + c.b + " per epoch (mean, 95% CI)") << "</text>";
  s << svg_gridlines(axis, y, {AxisGrid::Side::kLeft, left, w - right, left - 6});
  s << "<line x1='" << left << "' x2='" << w - right << "' y1='" << y(0) << "' y2='" << y(0)
    << "' stroke='#555' stroke-dasharray='4 3'/>";
  for (std::size_t i = 0; i < c.log_loss.size(); ++i) {
    band << (i ? " L" : "M") << x(c.log_loss[i].epoch) << "," << y(c.log_loss[i].log_loss.ci_high);
    line << (i ? " L" : "M") << x(c.log_loss[i].epoch) << "," << y(c.log_loss[i].log_loss.mean);
  }
  for (std::size_t i = c.log_loss.size(); i-- > 0;) {
    band << " L" << x(c.log_loss[i].epoch) << "," << y(c.log_loss[i].log_loss.ci_low);
  }
  s << "<path d='" << band.str() << " Z' fill='" << kPalette[0] << "' opacity='0.2'/>";
  s << "<path d='" << line.str() << "' fill='none' stroke='" << kPalette[0] << "' stroke-width='2'/>";
  s << "<text x='" << (left + w - right) / 2 << "' y='" << h - 8 << "' text-anchor='middle' font-size='12'>epoch "
    << first << "–" << last << "</text></svg>";
  return s.str();
}

std::string report_charts(const Report& report) {
  std::string differences;
  for (const auto& c : report.along_curves) differences += svg_log_loss_difference(c);
  std::string forests;
  for (const auto& e : report.expectations) {
    for (const auto& c : e.comparisons) forests += svg_forest(c, e.id + ": " + c.a + " − " + c.b + " by class split");
  }
  for (const auto& h : report.headline) {
    forests += svg_forest(h.comparison, "Boost: " + h.comparison.a + " − " + h.comparison.b + " by class split");
  }
  return (report.grid ? svg_transfer_grid(*report.grid) : "") + forests + svg_test_accuracy(report.protocols) +
         svg_curves(report.protocols, &ProtocolCurves::val_acc,
                    "Validation accuracy per epoch, target stage (mean, min–max band)") +
         svg_curves(report.protocols, &ProtocolCurves::train_acc,
                    "Train accuracy per epoch, target stage (mean, min–max band)") +
         svg_curves(report.protocols, &ProtocolCurves::train_loss,
                    "Training loss per epoch, target stage (mean, min–max band)") +
         differences;
}

}  // namespace tl_boost
