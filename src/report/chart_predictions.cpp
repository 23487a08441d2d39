// The chart that carries the answer: the judged predictions (and the headline) as one forest
// plot, a group per unit, so that a reader sees each estimate against zero and its SESOI.
#include <algorithm>
#include <optional>
#include <sstream>
#include <vector>

#include "tl_boost/html_escape.hpp"
#include "tl_boost/report/charts.hpp"
#include "tl_boost/report/words.hpp"
#include "tl_boost/text_format.hpp"

namespace tl_boost {

namespace {

struct ForestRow {
  std::string id, label;
  double estimate = 0, lo = 0, hi = 0;  // in the group's unit
  std::optional<double> sesoi;
  const char* colour = "#555";
  std::string result;  // the outcome and its deciding p
};

struct ForestGroup {
  std::string axis_title;
  std::vector<ForestRow> rows;
};

const char* outcome_colour(Outcome o) {
  return o == Outcome::kHeld ? "#1a7f37" : o == Outcome::kContradicted ? "#cf222e" : "#9a6700";
}

const char* verdict_colour(Verdict v) {
  return v == Verdict::kSupported ? "#1a7f37" : v == Verdict::kContradicted ? "#cf222e" : "#9a6700";
}

std::string p_words(double p) { return p < 0.001 ? "p < 0.001" : "p = " + fixed(p, 3); }

// The groups in order: accuracies (the headline first), then each other measure as first met.
std::vector<ForestGroup> forest_groups(const Report& report) {
  std::vector<ForestGroup> groups = {{"accuracy differences a − b (points)", {}}};
  std::vector<MeasureId> measures = {MeasureId::kTestAcc};
  for (const auto& h : report.headline) {
    const Comparison& c = h.comparison;
    if (!c.test) continue;
    groups[0].rows.push_back({"boost", c.a + " − " + c.b, 100 * c.test->difference, 100 * c.test->ci_low,
                              100 * c.test->ci_high, std::nullopt, verdict_colour(c.verdict),
                              to_string(c.verdict) + (c.p_holm ? ", Holm " + p_words(*c.p_holm) : "")});
  }
  const HypothesisTable& t = *report.hypotheses;
  for (const auto& row : t.rows) {
    if (!row.value || !row.tests) continue;
    const Prediction& p = row.prediction;
    const bool accuracy = is_accuracy(p.measure);
    const MeasureId key = accuracy ? MeasureId::kTestAcc : p.measure;
    const auto at = std::find(measures.begin(), measures.end(), key);
    if (at == measures.end()) {
      measures.push_back(key);
      groups.push_back({measure_label(p.measure, t) + ", a − b", {}});
    }
    ForestGroup& group =
        groups[static_cast<std::size_t>(std::find(measures.begin(), measures.end(), key) - measures.begin())];
    const double scale = accuracy ? 100.0 : 1.0;
    const Measured& v = *row.value;
    group.rows.push_back({p.id + (p.post_hoc ? " †" : ""), side_text(p.a) + " − " + side_text(p.b), scale * v.estimate,
                          scale * v.ci_low, scale * v.ci_high, scale * row.tests->sesoi, outcome_colour(row.outcome),
                          outcome_text(row) + ", Holm " + p_words(row.tests->p_holm)});
  }
  groups.erase(std::remove_if(groups.begin(), groups.end(), [](const ForestGroup& g) { return g.rows.empty(); }),
               groups.end());
  return groups;
}

struct ForestFrame {
  double left, plot_w, row, width;
};

// One group: its axis title, its rows against zero and their SESOI, its ticks; returns its bottom.
double draw_group(std::ostringstream& s, const ForestGroup& g, const ForestFrame& f, double top) {
  double lo = 0, hi = 0;
  for (const ForestRow& r : g.rows) {
    lo = std::min({lo, r.lo, -r.sesoi.value_or(0)}), hi = std::max({hi, r.hi, r.sesoi.value_or(0)});
  }
  const ChartAxis axis = nice_axis(lo, hi);
  const double px1 = f.left + f.plot_w, first = top + 22, bottom = first + f.row * static_cast<double>(g.rows.size());
  const auto x = [&](double v) { return f.left + (v - axis.lo) / (axis.hi - axis.lo) * f.plot_w; };
  s << "<text x='10' y='" << top + 12 << "' font-size='12' font-weight='bold'>" << html_escape(g.axis_title)
    << "</text>";
  s << svg_gridlines(axis, x, {AxisGrid::Side::kBottom, first - 4, bottom, bottom + 14});
  s << "<line x1='" << x(0) << "' x2='" << x(0) << "' y1='" << first - 4 << "' y2='" << bottom
    << "' stroke='#555' stroke-dasharray='4 3'/>";
  for (std::size_t i = 0; i < g.rows.size(); ++i) {
    const ForestRow& r = g.rows[i];
    const double y = first + f.row * static_cast<double>(i) + f.row / 2;
    if (r.sesoi) {
      s << "<rect x='" << x(-*r.sesoi) << "' y='" << y - 8 << "' width='" << x(*r.sesoi) - x(-*r.sesoi)
        << "' height='16' fill='#888' opacity='0.15'/>";
    }
    s << "<text x='" << f.left - 8 << "' y='" << y + 4 << "' text-anchor='end' font-size='12'><tspan "
      << "font-weight='bold'>" << html_escape(r.id) << "</tspan>  " << html_escape(r.label) << "</text>";
    s << "<line x1='" << x(r.lo) << "' x2='" << x(r.hi) << "' y1='" << y << "' y2='" << y << "' stroke='" << r.colour
      << "' stroke-width='2'/><rect x='" << x(r.estimate) - 4 << "' y='" << y - 4 << "' width='8' height='8' fill='"
      << r.colour << "'/>";
    s << "<text x='" << px1 + 10 << "' y='" << y + 4 << "' font-size='11' fill='" << r.colour << "'>"
      << html_escape(r.result) << "</text>";
  }
  return bottom + 30;
}

}  // namespace

std::string svg_predictions(const Report& report, const std::string& title) {
  if (!report.hypotheses) return "";
  const std::vector<ForestGroup> groups = forest_groups(report);
  if (groups.empty()) return "";
  const std::string key[] = {
      "square: the estimate; line: its 95% CI; dashed: zero; grey: within ± the smallest effect of interest",
      "colour: held (green), contradicted (red), inconclusive (amber); † declared after its data were seen"};
  double label_w = 0, result_w = 0, rows = 0;
  for (const ForestGroup& g : groups) {
    for (const ForestRow& r : g.rows) {
      label_w = std::max(label_w, text_width(r.id + "  " + r.label, 12) + 8);  // the bold id runs a little wider
      result_w = std::max(result_w, text_width(r.result, 11));
    }
    rows += static_cast<double>(g.rows.size());
  }
  ForestFrame f{18 + label_w, 420, 22, 0};
  f.width = std::max({fitting_width(title, f.left + f.plot_w + 20 + result_w), text_width(key[0], 12) + 20,
                      text_width(key[1], 12) + 20});
  const double top = 64, h = top + rows * f.row + 52.0 * static_cast<double>(groups.size()) + 10;
  std::ostringstream s;
  s << svg_open(f.width, h) << svg_title(title);
  s << "<text x='10' y='36' font-size='12' fill='#555'>" << html_escape(key[0]) << "</text><text x='10' y='52' "
    << "font-size='12' fill='#555'>" << html_escape(key[1]) << "</text>";
  double y = top;
  for (const ForestGroup& g : groups) y = draw_group(s, g, f, y);
  s << "</svg>";
  return s.str();
}

}  // namespace tl_boost
