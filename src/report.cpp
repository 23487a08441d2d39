#include "tl_boost/report.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

#include "tl_boost/chart_axis.hpp"
#include "tl_boost/error.hpp"
#include "tl_boost/layout.hpp"
#include "tl_boost/run_output.hpp"
#include "tl_boost/stats.hpp"

namespace tl_boost {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// Yosinski et al. 2014, Fig. 2 (ImageNet halves), averaged over n = 1..7 transferred layers.
constexpr double kYosinskiAnBPlusMinusBnBPlus = 1.4;
constexpr double kYosinskiAnBPlusMinusBaseB = 1.6;

std::vector<std::vector<std::string>> read_csv_rows(const fs::path& path) {
  std::ifstream in(path);
  if (!in) throw IoError(path.string() + ": missing");
  std::vector<std::vector<std::string>> rows;
  std::string line;
  std::getline(in, line);
  if (line != MetricsCsvWriter::kHeader) throw IoError(path.string() + ": unexpected header '" + line + "'");
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::stringstream cells_in(line);
    for (std::string cell; std::getline(cells_in, cell, ',');) cells.push_back(cell);
    if (cells.size() != 8) throw IoError(path.string() + ": expected 8 columns, found " + std::to_string(cells.size()));
    rows.push_back(cells);
  }
  return rows;
}

// A per-seed figure of one protocol: seed -> value.
using BySeed = std::map<std::uint64_t, double>;

// The base-task probe's test accuracy per seed, for the runs that have one.
BySeed probe_figure(const SuiteResults& r, const std::string& protocol) {
  BySeed values;
  for (const auto& run : r.runs) {
    if (run.protocol == protocol && run.summary.contains("probe")) {
      values[run.seed] = run.summary["probe"]["test_acc"].get<double>();
    }
  }
  return values;
}

BySeed target_figure(const SuiteResults& r, const std::string& protocol, const char* key) {
  BySeed values;
  for (const auto& run : r.runs) {
    if (run.protocol == protocol) values[run.seed] = run.summary["stages"]["target"][key].get<double>();
  }
  return values;
}

std::vector<double> values_of(const BySeed& by_seed) {
  std::vector<double> v;
  for (const auto& [seed, value] : by_seed) v.push_back(value);
  return v;
}

json summary_json(const SampleSummary& s) {
  return {{"n", s.n}, {"mean", s.mean}, {"sd", s.sd}, {"ci_low", s.ci_low}, {"ci_high", s.ci_high}};
}

// a - b: paired over the seeds both have when they are the same seeds, else Welch.
json compare(const BySeed& a, const BySeed& b, const std::string& a_name, const std::string& b_name) {
  json j = {{"a", a_name}, {"b", b_name}};
  if (a.size() < 2 || b.size() < 2) {
    j["test"] = "none (fewer than 2 seeds)";
    return j;
  }
  std::vector<std::uint64_t> seeds_a, seeds_b;
  for (const auto& [s, v] : a) seeds_a.push_back(s);
  for (const auto& [s, v] : b) seeds_b.push_back(s);
  const TTest t = seeds_a == seeds_b ? paired_t_test(values_of(a), values_of(b)) : welch_t_test(values_of(a), values_of(b));
  j.update({{"test", t.name},
            {"difference", t.difference},
            {"ci_low", t.ci_low},
            {"ci_high", t.ci_high},
            {"standard_error", t.standard_error},
            {"t", t.t},
            {"df", t.df},
            {"p", t.p},
            {"cohens_d", t.cohens_d}});
  return j;
}

TTest as_test(const json& c) {
  TTest t;
  t.name = c["test"];
  t.difference = c["difference"];
  t.ci_low = c["ci_low"];
  t.ci_high = c["ci_high"];
  t.standard_error = c["standard_error"];
  t.t = c["t"];
  t.df = c["df"];
  t.p = c["p"];
  return t;
}

bool tested(const json& c) { return c.contains("p"); }

json expectation(const std::string& id, const std::string& statement, const json& comparisons, Verdict verdict) {
  return {{"id", id}, {"statement", statement}, {"comparisons", comparisons}, {"verdict", to_string(verdict)}};
}

// Mean, min and max over seeds of a metrics column for the target stage, per epoch.
json curves(const SuiteResults& r, const std::string& protocol) {
  std::map<int, std::vector<std::array<double, 3>>> by_epoch;  // epoch -> (train_acc, val_acc, train_loss) per seed
  for (const auto& run : r.runs) {
    if (run.protocol != protocol) continue;
    for (const auto& row : run.metrics) {
      if (row[0] != "target") continue;
      by_epoch[std::stoi(row[1])].push_back({std::stod(row[3]), std::stod(row[5]), std::stod(row[2])});
    }
  }
  json out = {{"epoch", json::array()}};
  const char* names[] = {"train_acc", "val_acc", "train_loss"};
  for (const char* n : names) out[n] = {{"mean", json::array()}, {"min", json::array()}, {"max", json::array()}};
  for (const auto& [epoch, rows] : by_epoch) {
    out["epoch"].push_back(epoch);
    for (int k = 0; k < 3; ++k) {
      double sum = 0, lo = rows[0][k], hi = rows[0][k];
      for (const auto& v : rows) sum += v[k], lo = std::min(lo, v[k]), hi = std::max(hi, v[k]);
      out[names[k]]["mean"].push_back(sum / static_cast<double>(rows.size()));
      out[names[k]]["min"].push_back(lo);
      out[names[k]]["max"].push_back(hi);
    }
  }
  return out;
}

std::string fixed(double v, int digits) {
  std::ostringstream out;
  out.setf(std::ios::fixed);
  out.precision(digits);
  out << v;
  return out.str();
}

std::string points(double fraction) { return (fraction >= 0 ? "+" : "") + fixed(100.0 * fraction, 2); }

std::string p_text(double p) { return p < 0.001 ? "< 0.001" : fixed(p, 3); }

std::string html_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

constexpr const char* kPalette[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e",
                                   "#8c564b", "#17becf", "#e377c2", "#7f7f7f", "#bcbd22"};
constexpr std::size_t kPaletteSize = sizeof(kPalette) / sizeof(kPalette[0]);

// A line chart of one curve per protocol with a min–max band.
std::string svg_curves(const json& report, const std::string& metric, const std::string& title) {
  const double h = 320, left = 56, top = 28, bottom = 40;
  double lo = 1e300, hi = -1e300, max_epoch = 1;
  std::size_t longest_name = 0;
  for (const auto& [name, p] : report["protocols"].items()) {
    longest_name = std::max(longest_name, name.size());
    const json& c = p["curves"];
    for (std::size_t i = 0; i < c["epoch"].size(); ++i) {
      lo = std::min(lo, c[metric]["min"][i].get<double>());
      hi = std::max(hi, c[metric]["max"][i].get<double>());
      max_epoch = std::max(max_epoch, c["epoch"][i].get<double>());
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
  for (const double v : axis.ticks) {
    s << "<line x1='" << left << "' x2='" << w - right << "' y1='" << y(v) << "' y2='" << y(v)
      << "' stroke='#ddd'/><text x='" << left - 6 << "' y='" << y(v) + 4 << "' text-anchor='end' font-size='11'>"
      << axis.label(v) << "</text>";
  }
  s << "<text x='" << (left + w - right) / 2 << "' y='" << h - 8 << "' text-anchor='middle' font-size='12'>epoch</text>";
  s << "<text x='" << left << "' y='" << h - bottom + 16 << "' font-size='11'>1</text><text x='" << w - right
    << "' y='" << h - bottom + 16 << "' font-size='11' text-anchor='end'>" << max_epoch << "</text>";
  int k = 0;
  for (const auto& [name, p] : report["protocols"].items()) {
    const json& c = p["curves"];
    const char* color = kPalette[k % kPaletteSize];
    std::ostringstream band, line;
    for (std::size_t i = 0; i < c["epoch"].size(); ++i) {
      band << (i ? " L" : "M") << x(c["epoch"][i]) << "," << y(c[metric]["max"][i]);
      line << (i ? " L" : "M") << x(c["epoch"][i]) << "," << y(c[metric]["mean"][i]);
    }
    for (std::size_t i = c["epoch"].size(); i-- > 0;) band << " L" << x(c["epoch"][i]) << "," << y(c[metric]["min"][i]);
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

// Test accuracy per protocol: mean with its confidence interval as a whisker.
std::string svg_test_accuracy(const json& report) {
  const double w = 640, row = 30, left = 170, right = 40, top = 30;
  const double h = top + row * static_cast<double>(report["protocols"].size()) + 30;
  double lo = 1e300, hi = -1e300;
  for (const auto& [name, p] : report["protocols"].items()) {
    lo = std::min(lo, p["test_acc"]["ci_low"].get<double>());
    hi = std::max(hi, p["test_acc"]["ci_high"].get<double>());
  }
  if (lo > hi) return "";
  const ChartAxis axis = nice_axis(lo, hi);
  const auto x = [&](double v) { return left + (v - axis.lo) / (axis.hi - axis.lo) * (w - left - right); };
  std::ostringstream s;
  s << "<svg xmlns='http://www.w3.org/2000/svg' width='" << w << "' height='" << h << "' role='img'>";
  s << "<text x='10' y='18' font-weight='bold'>Target test accuracy (mean, 95% CI over seeds)</text>";
  for (const double v : axis.ticks) {
    s << "<line x1='" << x(v) << "' x2='" << x(v) << "' y1='" << top - 6 << "' y2='" << h - 24
      << "' stroke='#ddd'/><text x='" << x(v) << "' y='" << h - 8 << "' text-anchor='middle' font-size='11'>"
      << axis.label(v) << "</text>";
  }
  int k = 0;
  for (const auto& [name, p] : report["protocols"].items()) {
    const double yy = top + row * k + row / 2;
    const json& t = p["test_acc"];
    s << "<text x='" << left - 10 << "' y='" << yy + 4 << "' text-anchor='end' font-size='12'>" << html_escape(name)
      << "</text><line x1='" << x(t["ci_low"]) << "' x2='" << x(t["ci_high"]) << "' y1='" << yy << "' y2='" << yy
      << "' stroke='" << kPalette[k % kPaletteSize] << "' stroke-width='2'/><circle cx='" << x(t["mean"]) << "' cy='" << yy
      << "' r='5' fill='" << kPalette[k % kPaletteSize] << "'/>";
    ++k;
  }
  s << "</svg>";
  return s.str();
}

// Yosinski et al. 2014, Fig. 2: each protocol placed by its config as a condition (AnB: source
// other classes, BnB: source the target classes themselves; '+' when fine-tuned, not frozen) at
// its transfer depth n; protocols without a source stage are the baseline (baseB). Null unless
// the suite spans at least two depths.
json transfer_grid(const SuiteResults& r, const json& protocols) {
  json points = json::array();
  json baseline;
  std::set<int> depths;
  for (const auto& protocol : r.protocols) {
    if (!protocols.contains(protocol)) continue;
    const SuiteRun* first = nullptr;
    for (const auto& run : r.runs) {
      if (run.protocol == protocol) {
        first = &run;
        break;
      }
    }
    const json& config = first->summary["config"];
    const json& acc = protocols[protocol]["test_acc"];
    json point = {{"protocol", protocol}, {"seeds", protocols[protocol]["seeds"]}, {"mean", acc["mean"]},
                  {"ci_low", acc["ci_low"]}, {"ci_high", acc["ci_high"]}};
    const json sources = config.value("source_classes", json::array());
    if (sources.empty()) {
      if (baseline.is_null()) baseline = point;
      continue;
    }
    const bool self = sources == config.value("target_classes", json::array());
    const bool frozen = config.value("freeze_transferred", false);
    point["condition"] = std::string(self ? "BnB" : "AnB") + (frozen ? "" : "+");
    point["n"] = config.value("transfer_layers", 1);
    depths.insert(point["n"].get<int>());
    points.push_back(point);
  }
  if (depths.size() < 2) return nullptr;
  return {{"points", points}, {"baseline", baseline}};
}

// The grid's protocol for a condition (AnB, AnB+, BnB, BnB+) at depth n; "" if it has none.
std::string grid_protocol(const json& grid, const std::string& condition, int n) {
  for (const auto& p : grid["points"]) {
    if (p["condition"] == condition && p["n"] == n) return p["protocol"].get<std::string>();
  }
  return "";
}

std::set<int> grid_depths(const json& grid) {
  std::set<int> depths;
  for (const auto& p : grid["points"]) depths.insert(p["n"].get<int>());
  return depths;
}

std::string svg_grid(const json& report) {
  if (!report.contains("grid")) return "";
  const json& grid = report["grid"];
  const int w = 560, h = 340, left = 60, right = 110, top = 44, bottom = 40;
  std::vector<std::tuple<double, std::string, std::string>> labels;  // y, text, colour: drawn last, apart
  double lo = 1.0, hi = 0.0;
  int max_n = 1;
  for (const auto& p : grid["points"]) {
    lo = std::min(lo, p["ci_low"].get<double>()), hi = std::max(hi, p["ci_high"].get<double>());
    max_n = std::max(max_n, p["n"].get<int>());
  }
  if (!grid["baseline"].is_null()) {
    lo = std::min(lo, grid["baseline"]["ci_low"].get<double>());
    hi = std::max(hi, grid["baseline"]["ci_high"].get<double>());
  }
  const ChartAxis axis = nice_axis(lo, hi);
  const auto x = [&](double n) { return left + (n - 0.5) / max_n * (w - left - right); };
  const auto y = [&](double v) { return h - bottom - (v - axis.lo) / (axis.hi - axis.lo) * (h - top - bottom); };
  std::ostringstream s;
  s << "<svg xmlns='http://www.w3.org/2000/svg' width='" << w << "' height='" << h << "' role='img'>"
    << "<text x='10' y='18' font-weight='bold' font-size='14'>Test accuracy by layers transferred "
       "(Yosinski et al. 2014, Fig. 2 style)</text><text x='10' y='32' font-size='11'>mean and 95% CI over "
       "seeds</text>";
  for (const double v : axis.ticks) {
    s << "<line x1='" << left << "' x2='" << w - right << "' y1='" << y(v) << "' y2='" << y(v)
      << "' stroke='#ddd'/><text x='" << left - 6 << "' y='" << y(v) + 4 << "' text-anchor='end' font-size='11'>"
      << axis.label(v) << "</text>";
  }
  for (int n = 1; n <= max_n; ++n) {
    s << "<text x='" << x(n) << "' y='" << h - bottom + 16 << "' text-anchor='middle' font-size='11'>n = " << n
      << "</text>";
  }
  if (!grid["baseline"].is_null()) {
    const double b = grid["baseline"]["mean"];
    s << "<line x1='" << left << "' x2='" << w - right << "' y1='" << y(b) << "' y2='" << y(b)
      << "' stroke='#555' stroke-dasharray='6,4'/>";
    labels.emplace_back(y(b), "baseB", "#555");
  }
  const std::map<std::string, std::pair<const char*, bool>> style = {
      {"AnB", {"#cf222e", false}}, {"AnB+", {"#cf222e", true}}, {"BnB", {"#0969da", false}}, {"BnB+", {"#0969da", true}}};
  int k = 0;
  for (const auto& [condition, look] : style) {
    std::vector<const json*> line;
    for (const auto& p : grid["points"]) {
      if (p["condition"] == condition) line.push_back(&p);
    }
    if (line.empty()) continue;
    std::sort(line.begin(), line.end(), [](const json* a, const json* b) { return (*a)["n"] < (*b)["n"]; });
    const double shift = (k++ - 1.5) * 4.0;  // keep the whiskers of one depth apart
    s << "<polyline fill='none' stroke='" << look.first << "' stroke-width='2'"
      << (look.second ? "" : " stroke-dasharray='3,3'") << " points='";
    for (const json* p : line) s << x((*p)["n"].get<double>()) + shift << "," << y((*p)["mean"]) << " ";
    s << "'/>";
    for (const json* p : line) {
      const double px = x((*p)["n"].get<double>()) + shift;
      s << "<line x1='" << px << "' x2='" << px << "' y1='" << y((*p)["ci_low"]) << "' y2='" << y((*p)["ci_high"])
        << "' stroke='" << look.first << "'/><circle cx='" << px << "' cy='" << y((*p)["mean"]) << "' r='4' fill='"
        << (look.second ? look.first : "white") << "' stroke='" << look.first << "'/>";
    }
    labels.emplace_back(y((*line.back())["mean"]), condition, look.first);
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

}  // namespace

SuiteResults read_suite_results(const fs::path& dir) {
  const json suite = read_json_file(dir / "suite.json");
  SuiteResults r;
  try {
    r.name = suite.at("name").get<std::string>();
    r.alpha = suite.at("alpha").get<double>();
    r.loss_margin = suite.at("loss_margin").get<double>();
    r.protocols = suite.at("protocols").get<std::vector<std::string>>();
    for (const auto& protocol : r.protocols) {
      for (const auto seed : suite.at("seeds").get<std::vector<std::uint64_t>>()) {
        const fs::path run_dir = RunLayout::under(dir, protocol, seed).dir();
        if (!fs::exists(run_dir / "summary.json")) continue;
        SuiteRun run{protocol, seed, read_json_file(run_dir / "summary.json"), {}};
        if (run.summary.value("status", "") != "completed") continue;
        run.metrics = read_csv_rows(run_dir / "metrics.csv");
        r.runs.push_back(std::move(run));
      }
    }
  } catch (const json::exception& e) {
    throw IoError((dir / "suite.json").string() + ": malformed: " + e.what());
  }
  return r;
}

json build_report(const SuiteResults& r) {
  json report = {{"suite", r.name}, {"alpha", r.alpha}, {"loss_margin", r.loss_margin}};
  std::set<std::string> hosts, cpus, libtorch, devices, shas, data_dirs, fingerprints;
  std::set<int> threads;
  std::set<std::uint64_t> seeds;
  for (const auto& run : r.runs) {
    const json& env = run.summary["environment"];
    hosts.insert(env.value("hostname", "?"));
    cpus.insert(env.value("cpu", "?"));
    fingerprints.insert(env.value("data_fingerprint", "?"));
    libtorch.insert(env.value("libtorch_version", "?"));
    devices.insert(env.value("device", "?"));
    shas.insert(env.value("git_sha", "?"));
    threads.insert(env.value("threads", 0));
    data_dirs.insert(run.summary["config"]["data"].value("dir", "?"));
    seeds.insert(run.seed);
  }
  report["provenance"] = {{"hosts", hosts},       {"cpus", cpus},         {"devices", devices},
                          {"threads", threads},   {"libtorch", libtorch}, {"git_shas", shas},
                          {"data_dirs", data_dirs}, {"data_fingerprints", fingerprints}};
  report["seeds"] = seeds;

  json protocols = json::object();
  std::map<std::string, BySeed> test_acc, train_loss, gap, probe_acc;
  for (const auto& protocol : r.protocols) {
    test_acc[protocol] = target_figure(r, protocol, "test_acc");
    train_loss[protocol] = target_figure(r, protocol, "final_train_loss");
    gap[protocol] = target_figure(r, protocol, "train_val_gap");
    if (test_acc[protocol].empty()) continue;
    protocols[protocol] = {
        {"seeds", test_acc[protocol].size()},
        {"test_acc", summary_json(summarize(values_of(test_acc[protocol])))},
        {"best_val_acc", summary_json(summarize(values_of(target_figure(r, protocol, "best_val_acc"))))},
        {"final_val_acc", summary_json(summarize(values_of(target_figure(r, protocol, "final_val_acc"))))},
        {"final_train_acc", summary_json(summarize(values_of(target_figure(r, protocol, "final_train_acc"))))},
        {"train_val_gap", summary_json(summarize(values_of(gap[protocol])))},
        {"final_train_loss", summary_json(summarize(values_of(train_loss[protocol])))},
        {"curves", curves(r, protocol)},
    };
    probe_acc[protocol] = probe_figure(r, protocol);
    if (!probe_acc[protocol].empty()) {
      protocols[protocol]["probe_test_acc"] = summary_json(summarize(values_of(probe_acc[protocol])));
    }
  }
  report["protocols"] = protocols;
  if (const json grid = transfer_grid(r, protocols); !grid.is_null()) report["grid"] = grid;

  // The four expectations. Each needs the protocols it names; missing ones leave it inconclusive.
  const auto has = [&](const std::string& p) { return test_acc.count(p) && test_acc[p].size() >= 2; };
  json expectations = json::array();
  if (has("transferred") && has("non_transferred")) {
    json c = compare(train_loss["transferred"], train_loss["non_transferred"], "transferred", "non_transferred");
    const TTest t = as_test(c);
    const EquivalenceTest e = tost(t, r.loss_margin);
    c["equivalence"] = {{"margin", r.loss_margin}, {"p_lower", e.p_lower}, {"p_upper", e.p_upper}, {"p", e.p},
                        {"test", "two one-sided tests (TOST)"}};
    expectations.push_back(expectation("E1", "final training loss of transferred ≈ non_transferred", json::array({c}),
                                       verdict_equivalent(t, e, r.alpha)));
    // A smaller gap for transferred: non_transferred's gap minus transferred's is positive.
    const json g = compare(gap["non_transferred"], gap["transferred"], "non_transferred", "transferred");
    expectations.push_back(expectation("E2", "train−val accuracy gap smaller for transferred than non_transferred",
                                       json::array({g}), verdict_greater(as_test(g), r.alpha)));
  }
  if (has("transferred_diverse") && has("transferred")) {
    const json c = compare(test_acc["transferred_diverse"], test_acc["transferred"], "transferred_diverse", "transferred");
    expectations.push_back(expectation("E3", "transferred_diverse test accuracy above transferred", json::array({c}),
                                       verdict_greater(as_test(c), r.alpha)));
  }
  if (has("transferred_more_data")) {
    json comparisons = json::array();
    bool all_supported = true, any_contradicted = false;
    for (const auto& protocol : r.protocols) {
      if (protocol == "transferred_more_data" || !has(protocol)) continue;
      const json c = compare(test_acc["transferred_more_data"], test_acc[protocol], "transferred_more_data", protocol);
      const Verdict v = verdict_greater(as_test(c), r.alpha);
      all_supported = all_supported && v == Verdict::kSupported;
      any_contradicted = any_contradicted || v == Verdict::kContradicted;
      comparisons.push_back(c);
    }
    const Verdict v = comparisons.empty()      ? Verdict::kInconclusive
                      : any_contradicted       ? Verdict::kContradicted
                      : all_supported          ? Verdict::kSupported
                                               : Verdict::kInconclusive;
    expectations.push_back(expectation("E4", "transferred_more_data test accuracy the highest of all protocols",
                                       comparisons, v));
  }
  // E5: after fine-tuning on B, the network transferred from A still encodes A better than one
  // that never saw A (a linear probe of its frozen conv features on A). In a transfer grid it is
  // asked at each depth n, of AnB+ against BnB+ and baseB.
  const auto has_probe = [&](const std::string& p) { return probe_acc.count(p) && probe_acc[p].size() >= 2; };
  const auto probe_expectation = [&](const std::string& id, const std::string& transferred,
                                     const std::vector<std::string>& others) {
    json comparisons = json::array();
    bool all_supported = true, any_contradicted = false;
    std::string names;
    for (const auto& other : others) {
      if (!has_probe(other)) continue;
      const json c = compare(probe_acc[transferred], probe_acc[other], transferred, other);
      const Verdict v = verdict_greater(as_test(c), r.alpha);
      all_supported = all_supported && v == Verdict::kSupported;
      any_contradicted = any_contradicted || v == Verdict::kContradicted;
      comparisons.push_back(c);
      names += (names.empty() ? "" : " and ") + other + "'s";
    }
    if (!has_probe(transferred) || comparisons.empty()) return;
    const Verdict v = any_contradicted ? Verdict::kContradicted
                      : all_supported  ? Verdict::kSupported
                                       : Verdict::kInconclusive;
    expectations.push_back(expectation(id,
                                       "base-task probe: a linear classifier on " + transferred +
                                           "'s frozen conv features scores higher on the source task than on " +
                                           names,
                                       comparisons, v));
  };
  probe_expectation("E5", "transferred", {"non_transferred", "scratch"});
  if (report.contains("grid")) {
    const json& grid = report["grid"];
    for (const int n : grid_depths(grid)) {
      const std::string anb_plus = grid_protocol(grid, "AnB+", n);
      if (anb_plus.empty()) continue;
      std::vector<std::string> others;
      if (const std::string bnb_plus = grid_protocol(grid, "BnB+", n); !bnb_plus.empty()) others.push_back(bnb_plus);
      if (!grid["baseline"].is_null()) others.push_back(grid["baseline"]["protocol"].get<std::string>());
      probe_expectation("E5 n=" + std::to_string(n), anb_plus, others);
    }
  }
  report["expectations"] = expectations;

  // The headline: transferred against non_transferred and scratch, and in a transfer grid AnB+
  // against BnB+ and baseB at each depth n, each beside Yosinski et al.'s ImageNet figure.
  struct HeadlinePair {
    std::string a, b, label;
    double yosinski;
  };
  std::vector<HeadlinePair> pairs = {
      {"transferred", "non_transferred", "AnB+ − BnB+", kYosinskiAnBPlusMinusBnBPlus},
      {"transferred", "scratch", "AnB+ − baseB", kYosinskiAnBPlusMinusBaseB}};
  if (report.contains("grid")) {
    const json& grid = report["grid"];
    for (const int n : grid_depths(grid)) {
      const std::string anb_plus = grid_protocol(grid, "AnB+", n);
      if (anb_plus.empty()) continue;
      pairs.push_back({anb_plus, grid_protocol(grid, "BnB+", n), "AnB+ − BnB+", kYosinskiAnBPlusMinusBnBPlus});
      if (!grid["baseline"].is_null()) {
        pairs.push_back({anb_plus, grid["baseline"]["protocol"].get<std::string>(), "AnB+ − baseB",
                         kYosinskiAnBPlusMinusBaseB});
      }
    }
  }
  json headline = json::array();
  for (const auto& pair : pairs) {
    if (!has(pair.a) || !has(pair.b)) continue;
    json c = compare(test_acc[pair.a], test_acc[pair.b], pair.a, pair.b);
    c["yosinski_2014_points"] = pair.yosinski;
    c["yosinski_2014_label"] = pair.label;
    headline.push_back(c);
  }
  report["headline"] = headline;
  return report;
}

std::string render_report_markdown(const json& report) {
  std::ostringstream md;
  md << "# Suite report: " << report["suite"].get<std::string>() << "\n\n";
  const json& prov = report["provenance"];
  md << "Seeds: " << report["seeds"].dump() << ". Runs on " << prov["hosts"].dump() << " (CPU "
     << prov["cpus"].dump() << "), device " << prov["devices"].dump() << ", threads " << prov["threads"].dump()
     << ", LibTorch " << prov["libtorch"].dump() << ", tl-boost " << prov["git_shas"].dump() << "; data "
     << prov["data_dirs"].dump() << ", CIFAR-10 fingerprint " << prov["data_fingerprints"].dump()
     << " (from each run's summary.json, `environment`).\n\n";
  md << "## The generalization boost (target test accuracy, points)\n\n";
  if (report["headline"].empty()) {
    md << "This suite has neither transferred with non_transferred or scratch, nor AnB+ with BnB+ or baseB "
          "at the same depth, so there is no boost to measure.\n";
  } else {
    md << "| comparison | tl-boost (CIFAR-10) | 95% CI | test | p | Yosinski et al. 2014 (ImageNet) |\n"
       << "|---|---|---|---|---|---|\n";
  }
  for (const auto& h : report["headline"]) {
    md << "| " << h["a"].get<std::string>() << " − " << h["b"].get<std::string>() << " | ";
    if (h.contains("difference")) {
      md << points(h["difference"]) << " | [" << points(h["ci_low"]) << ", " << points(h["ci_high"]) << "] | "
         << h["test"].get<std::string>() << " | " << p_text(h["p"]);
    } else {
      md << "– | – | " << h["test"].get<std::string>() << " | –";
    }
    md << " | " << h["yosinski_2014_label"].get<std::string>() << " ≈ +" << fixed(h["yosinski_2014_points"], 1)
       << " |\n";
  }
  md << "\n## Expectations (α = " << report["alpha"].get<double>() << ")\n\n";
  if (report["expectations"].empty()) {
    md << "None of E1–E5 applies: they compare the protocols named transferred, non_transferred, "
          "transferred_diverse, transferred_more_data and scratch, and this suite has too few of them.\n";
  } else {
    md << "| | expectation | comparison | difference [95% CI] | test | p | Cohen's d | verdict |\n"
       << "|---|---|---|---|---|---|---|---|\n";
  }
  for (const auto& e : report["expectations"]) {
    for (const auto& c : e["comparisons"]) {
      md << "| " << e["id"].get<std::string>() << " | " << e["statement"].get<std::string>() << " | "
         << c["a"].get<std::string>() << " − " << c["b"].get<std::string>() << " | ";
      if (tested(c)) {
        md << fixed(c["difference"], 4) << " [" << fixed(c["ci_low"], 4) << ", " << fixed(c["ci_high"], 4) << "] | "
           << c["test"].get<std::string>();
        if (c.contains("equivalence")) {
          md << "; TOST ±" << c["equivalence"]["margin"].get<double>() << ": p " << p_text(c["equivalence"]["p"]);
        }
        md << " | " << p_text(c["p"]) << " | " << fixed(c["cohens_d"], 2);
      } else {
        md << "– | " << c["test"].get<std::string>() << " | – | –";
      }
      md << " | **" << e["verdict"].get<std::string>() << "** |\n";
    }
  }
  if (report.contains("grid")) {
    md << "\n## By layers transferred (Yosinski et al. 2014, Fig. 2; target test accuracy, mean [95% CI])\n\n"
       << "| condition | n | protocol | seeds | test acc | 95% CI |\n|---|---|---|---|---|---|\n";
    for (const auto& p : report["grid"]["points"]) {
      md << "| " << p["condition"].get<std::string>() << " | " << p["n"] << " | " << p["protocol"].get<std::string>()
         << " | " << p["seeds"] << " | " << fixed(p["mean"], 4) << " | [" << fixed(p["ci_low"], 4) << ", "
         << fixed(p["ci_high"], 4) << "] |\n";
    }
    if (!report["grid"]["baseline"].is_null()) {
      const json& b = report["grid"]["baseline"];
      md << "| baseB | – | " << b["protocol"].get<std::string>() << " | " << b["seeds"] << " | " << fixed(b["mean"], 4)
         << " | [" << fixed(b["ci_low"], 4) << ", " << fixed(b["ci_high"], 4) << "] |\n";
    }
    md << "\nAnB: the first n layers of a network trained on other classes, frozen; AnB+: the same, fine-tuned; "
          "BnB, BnB+: copied from a network trained on the target classes themselves.\n";
  }
  md << "\n## Protocols (target stage; mean ± sd over seeds, 95% CI of the test accuracy)\n\n"
     << "| protocol | seeds | test acc | 95% CI | best val acc | final val acc | final train acc | train−val gap | final train loss |\n"
     << "|---|---|---|---|---|---|---|---|---|\n";
  for (const auto& item : report["protocols"].items()) {
    const std::string& name = item.key();
    const json& p = item.value();  // a plain reference: C++17 lambdas cannot capture structured bindings
    const auto ms = [&](const char* key) {
      return fixed(p[key]["mean"], 4) + " ± " + fixed(p[key]["sd"], 4);
    };
    md << "| " << name << " | " << p["seeds"] << " | " << ms("test_acc") << " | [" << fixed(p["test_acc"]["ci_low"], 4)
       << ", " << fixed(p["test_acc"]["ci_high"], 4) << "] | " << ms("best_val_acc") << " | " << ms("final_val_acc")
       << " | " << ms("final_train_acc") << " | " << ms("train_val_gap") << " | " << ms("final_train_loss") << " |\n";
  }
  bool any_probe = false;
  for (const auto& item : report["protocols"].items()) any_probe = any_probe || item.value().contains("probe_test_acc");
  if (any_probe) {
    md << "\n## Base-task probe (a linear classifier on the final network's frozen conv features, on the probe "
          "classes; test accuracy)\n\n| protocol | test acc | 95% CI |\n|---|---|---|\n";
    for (const auto& item : report["protocols"].items()) {
      if (!item.value().contains("probe_test_acc")) continue;
      const json& a = item.value()["probe_test_acc"];
      md << "| " << item.key() << " | " << fixed(a["mean"], 4) << " ± " << fixed(a["sd"], 4) << " | ["
         << fixed(a["ci_low"], 4) << ", " << fixed(a["ci_high"], 4) << "] |\n";
    }
  }
  md << "\nTests: paired t-test over seeds when both protocols ran the same seeds, else Welch's t-test; "
        "two-sided p; Cohen's d on the same pairing. E1 is judged by two one-sided tests against the margin. "
        "Accuracies are fractions; train accuracy and loss are measured in eval mode after each epoch.\n";
  return md.str();
}

std::string render_report_html(const json& report) {
  std::string md = render_report_markdown(report);
  std::ostringstream html;
  html << "<!DOCTYPE html><html><head><meta charset='utf-8'><title>tl-boost report: "
       << html_escape(report["suite"].get<std::string>())
       << "</title><style>body{font-family:sans-serif;max-width:980px;margin:2em auto;padding:0 1em}"
          "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;font-size:13px}"
          "th{background:#f4f4f4}pre{white-space:pre-wrap}.v-supported{color:#1a7f37;font-weight:bold}"
          ".v-contradicted{color:#cf222e;font-weight:bold}.v-inconclusive{color:#9a6700;font-weight:bold}</style></head><body>";
  // Markdown tables to HTML tables; headings and paragraphs as they are.
  std::istringstream lines(md);
  bool in_table = false, header = false;
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("|", 0) == 0) {
      if (line.find("|---") == 0) continue;
      if (!in_table) html << "<table>", in_table = true, header = true;
      html << "<tr>";
      std::stringstream cells(line.substr(1));
      for (std::string cell; std::getline(cells, cell, '|');) {
        std::string text = html_escape(cell);
        for (const char* v : {"supported", "contradicted", "inconclusive"}) {
          const std::string bold = "**" + std::string(v) + "**";
          if (const auto pos = text.find(bold); pos != std::string::npos) {
            text.replace(pos, bold.size(), "<span class='v-" + std::string(v) + "'>" + v + "</span>");
          }
        }
        html << (header ? "<th>" : "<td>") << text << (header ? "</th>" : "</td>");
      }
      html << "</tr>";
      header = false;
      continue;
    }
    if (in_table) html << "</table>", in_table = false;
    if (line.rfind("## ", 0) == 0) {
      html << "<h2>" << html_escape(line.substr(3)) << "</h2>";
    } else if (line.rfind("# ", 0) == 0) {
      html << "<h1>" << html_escape(line.substr(2)) << "</h1>";
    } else if (!line.empty()) {
      html << "<p>" << html_escape(line) << "</p>";
    }
  }
  if (in_table) html << "</table>";
  html << "<h2>Charts</h2>" << svg_grid(report) << svg_test_accuracy(report)
       << svg_curves(report, "val_acc", "Validation accuracy per epoch, target stage (mean, min–max band)")
       << svg_curves(report, "train_acc", "Train accuracy per epoch, target stage (mean, min–max band)")
       << svg_curves(report, "train_loss", "Training loss per epoch, target stage (mean, min–max band)")
       << "</body></html>\n";
  return html.str();
}

json write_report(const fs::path& dir) {
  const json report = build_report(read_suite_results(dir));
  write_file_atomic(dir / "report.json", report.dump(2) + "\n");
  write_file_atomic(dir / "report.md", render_report_markdown(report));
  write_file_atomic(dir / "report.html", render_report_html(report));
  return report;
}

}  // namespace tl_boost
