#pragma once
// The small SVG toolkit every chart is drawn with: a standalone frame with its title, the scale's
// gridlines and labels, the epoch axis, a mean line with its CI band, legend keys, and one
// colour per protocol. It draws what it is given and computes nothing. LibTorch-free.
#include <cstddef>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "tl_boost/report/chart_axis.hpp"
#include "tl_boost/report/findings.hpp"

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

/// The integer epochs to label between `first` and `last` (both included), at most `max_ticks`.
std::vector<int> epoch_ticks(int first, int last, int max_ticks = 6);

/// Each protocol's colour, by its place in `order` (the suite file's): the same in every chart.
std::map<std::string, std::string> protocol_colours(const std::vector<std::string>& order);

/// The palette's i-th colour (it repeats after ten).
const char* palette_colour(std::size_t i);

/// Characters of UTF-8 text (a "−" is one), for sizing a chart to its labels.
std::size_t characters(const std::string& text);

/// About how wide `text` is at `font_size` px in a sans-serif font.
double text_width(const std::string& text, double font_size);

/// An SVG of its own (a file that a browser or a repository shows as it is): white ground, one font.
std::string svg_open(double w, double h);

/// The chart's title, at the top left.
std::string svg_title(const std::string& title, double y = 18);

/// A value axis' title, turned to run up the left side at (x, y).
std::string svg_vertical_title(const std::string& text, double x, double y);

/// The width a chart needs for its title (bold 14 px) and `content` beside it.
double fitting_width(const std::string& title, double content);

/// A band (the 95% CI of the mean, when `band` and the curve has one) and its mean line, dashed or solid.
std::string svg_band(const std::vector<int>& epochs, const CurveBand& c, const std::function<double(double)>& x,
                     const std::function<double(double)>& y, const std::string& colour, bool dashed, bool band);

/// Epoch ticks and the "epoch" title under a plot spanning x(first)..x(last) whose bottom is at `y0`.
std::string svg_epoch_axis(int first, int last, const std::function<double(double)>& x, double y0, bool title);

/// A legend entry: a short line (dashed or not), then its text; returns the entry's width.
double svg_key(std::ostringstream& s, double x, double y, const std::string& colour, const std::string& text,
               bool dashed);

}  // namespace tl_boost
