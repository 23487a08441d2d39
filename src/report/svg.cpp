#include "tl_boost/report/svg.hpp"

#include <algorithm>
#include <cmath>

#include "tl_boost/html_escape.hpp"

namespace tl_boost {

namespace {

constexpr const char* kPalette[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e",
                                    "#8c564b", "#17becf", "#e377c2", "#7f7f7f", "#bcbd22"};
constexpr std::size_t kPaletteSize = sizeof(kPalette) / sizeof(kPalette[0]);

}  // namespace

const char* palette_colour(std::size_t i) { return kPalette[i % kPaletteSize]; }

// Characters of UTF-8 text (a "−" is one), for sizing a chart to its labels.
std::size_t characters(const std::string& text) {
  std::size_t n = 0;
  for (const unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

// About how wide `text` is at `font_size` px in a sans-serif font.
double text_width(const std::string& text, double font_size) {
  return 0.58 * font_size * static_cast<double>(characters(text));
}

// An SVG of its own (a file that a browser or a repository shows as it is): white ground, one font.
std::string svg_open(double w, double h) {
  std::ostringstream s;
  s << "<svg xmlns='http://www.w3.org/2000/svg' width='" << w << "' height='" << h << "' viewBox='0 0 " << w << " " << h
    << "' font-family='sans-serif' role='img'><rect width='" << w << "' height='" << h << "' fill='white'/>";
  return s.str();
}

// The chart's title, at the top left.
std::string svg_title(const std::string& title, double y) {
  return "<text x='10' y='" + std::to_string(static_cast<int>(y)) + "' font-weight='bold' font-size='14'>" +
         html_escape(title) + "</text>";
}

// A value axis' title, turned to run up the left side at (x, y).
std::string svg_vertical_title(const std::string& text, double x, double y) {
  std::ostringstream s;
  s << "<text transform='translate(" << x << "," << y << ") rotate(-90)' text-anchor='middle' font-size='12'>"
    << html_escape(text) << "</text>";
  return s.str();
}

// The width a chart needs for its title (bold 14 px) and `content` beside it.
double fitting_width(const std::string& title, double content) {
  return std::max(content, 24 + text_width(title, 14) * 1.08);
}

// A band (the 95% CI of the mean, where the band has one) and its mean line.
std::string svg_band(const std::vector<int>& epochs, const CurveBand& c, const std::function<double(double)>& x,
                     const std::function<double(double)>& y, const std::string& colour, bool dashed, bool band) {
  std::ostringstream area, line;
  const bool has_interval = band && c.ci_low.size() == epochs.size() && c.ci_high.size() == epochs.size();
  for (std::size_t i = 0; i < epochs.size(); ++i) {
    if (has_interval) area << (i ? " L" : "M") << x(epochs[i]) << "," << y(c.ci_high[i]);
    line << (i ? " L" : "M") << x(epochs[i]) << "," << y(c.mean[i]);
  }
  if (has_interval) {
    for (std::size_t i = epochs.size(); i-- > 0;) area << " L" << x(epochs[i]) << "," << y(c.ci_low[i]);
  }
  std::string out;
  if (has_interval) out += "<path d='" + area.str() + " Z' fill='" + colour + "' opacity='0.15'/>";
  out += "<path d='" + line.str() + "' fill='none' stroke='" + colour + "' stroke-width='2'" +
         (dashed ? " stroke-dasharray='5,3'" : "") + "/>";
  return out;
}

// Epoch ticks and the "epoch" title under a plot spanning x(first)..x(last) whose bottom is at `y0`.
std::string svg_epoch_axis(int first, int last, const std::function<double(double)>& x, double y0, bool title) {
  std::ostringstream s;
  for (const int e : epoch_ticks(first, last)) {
    s << "<line x1='" << x(e) << "' x2='" << x(e) << "' y1='" << y0 << "' y2='" << y0 + 4
      << "' stroke='#999'/><text x='" << x(e) << "' y='" << y0 + 16 << "' text-anchor='middle' font-size='11'>" << e
      << "</text>";
  }
  if (title) {
    s << "<text x='" << (x(first) + x(last)) / 2 << "' y='" << y0 + 30
      << "' text-anchor='middle' font-size='12'>epoch</text>";
  }
  return s.str();
}

// A legend entry: a short line (dashed or not) or a dot, then its text; returns the entry's width.
double svg_key(std::ostringstream& s, double x, double y, const std::string& colour, const std::string& text,
               bool dashed) {
  s << "<line x1='" << x << "' x2='" << x + 22 << "' y1='" << y - 4 << "' y2='" << y - 4 << "' stroke='" << colour
    << "' stroke-width='2'" << (dashed ? " stroke-dasharray='5,3'" : "") << "/><text x='" << x + 28 << "' y='" << y
    << "' font-size='12'>" << html_escape(text) << "</text>";
  return 28 + text_width(text, 12) + 18;
}

std::vector<int> epoch_ticks(int first, int last, int max_ticks) {
  if (last <= first) return {first};
  const ChartAxis axis = nice_axis(first, last, max_ticks);
  std::vector<int> ticks;
  const double step = axis.ticks.size() > 1 ? axis.ticks[1] - axis.ticks[0] : 1.0;
  const int whole = std::max(1, static_cast<int>(std::lround(std::ceil(step - 1e-9))));
  // Round ticks inside the epochs, plus the first and the last epoch themselves.
  ticks.push_back(first);
  for (int e = (first / whole + 1) * whole; e < last; e += whole) {
    if (e - ticks.back() >= std::max(1, whole / 2)) ticks.push_back(e);
  }
  if (last - ticks.back() < std::max(1, whole / 2) && ticks.size() > 1) ticks.pop_back();
  ticks.push_back(last);
  return ticks;
}

std::map<std::string, std::string> protocol_colours(const std::vector<std::string>& order) {
  std::map<std::string, std::string> colours;
  for (std::size_t i = 0; i < order.size(); ++i) colours[order[i]] = palette_colour(i);
  return colours;
}

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

}  // namespace tl_boost
