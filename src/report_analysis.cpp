#include "tl_boost/report_analysis.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <numeric>

#include "tl_boost/protocol_role.hpp"
#include "tl_boost/text_format.hpp"

namespace tl_boost {

using nlohmann::json;

namespace {

// Yosinski et al. 2014, Fig. 2 (ImageNet halves), averaged over n = 1..7 transferred layers.
constexpr double kYosinskiAnBPlusMinusBnBPlus = 1.4;
constexpr double kYosinskiAnBPlusMinusBaseB = 1.6;

// A per-seed figure of one protocol: seed -> value; and per split: split -> seed -> value.
using BySeed = std::map<std::uint64_t, double>;
using BySplit = std::map<std::string, BySeed>;

BySplit target_figure(const SuiteResults& r, const std::string& protocol, double TargetFigures::*figure) {
  BySplit values;
  for (const auto& run : r.runs) {
    if (run.protocol == protocol) values[run.split][run.seed] = run.target.*figure;
  }
  return values;
}

// One of the base-task probe's test accuracies per seed, for the runs that have it.
BySplit probe_figure(const SuiteResults& r, const std::string& protocol,
                     const std::function<std::optional<double>(const ProbeFigures&)>& figure) {
  BySplit values;
  for (const auto& run : r.runs) {
    if (run.protocol != protocol || !run.probe) continue;
    if (const std::optional<double> v = figure(*run.probe)) values[run.split][run.seed] = *v;
  }
  return values;
}

std::vector<double> values_of(const BySeed& by_seed) {
  std::vector<double> v;
  for (const auto& [seed, value] : by_seed) v.push_back(value);
  return v;
}

// Every run's value, split after split.
std::vector<double> values_of(const BySplit& by_split) {
  std::vector<double> v;
  for (const auto& [split, by_seed] : by_split) {
    for (const auto& [seed, value] : by_seed) v.push_back(value);
  }
  return v;
}

std::size_t count_of(const BySplit& by_split) { return values_of(by_split).size(); }

// A protocol's figure over its runs; with several class splits over the split means, so that the
// interval has the split as its unit, like the comparisons.
SampleSummary summarize_runs(const BySplit& by_split, bool over_splits) {
  if (!over_splits) return summarize(values_of(by_split));
  std::vector<double> split_means;
  for (const auto& [split, by_seed] : by_split) {
    if (by_seed.empty()) continue;
    const std::vector<double> v = values_of(by_seed);
    split_means.push_back(std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size()));
  }
  return summarize(split_means);
}

// Mean, min and max over seeds of one stage's metrics, per epoch.
ProtocolCurves curves(const SuiteResults& r, const std::string& protocol, const std::string& stage) {
  constexpr std::size_t kFigures = 5;  // train_acc, val_acc, train_loss, val_loss, gap
  std::map<int, std::vector<std::array<double, kFigures>>> by_epoch;
  bool has_val_loss = true;
  for (const auto& run : r.runs) {
    if (run.protocol != protocol) continue;
    for (const auto& row : run.metrics) {
      if (row.stage != stage) continue;
      has_val_loss = has_val_loss && row.val_loss.has_value();
      by_epoch[row.epoch].push_back(
          {row.train_acc, row.val_acc, row.train_loss, row.val_loss.value_or(0.0), row.train_acc - row.val_acc});
    }
  }
  ProtocolCurves out;
  CurveBand* const bands[] = {&out.train_acc, &out.val_acc, &out.train_loss, &out.val_loss, &out.gap};
  for (const auto& [epoch, rows] : by_epoch) {
    out.epochs.push_back(epoch);
    for (std::size_t k = 0; k < kFigures; ++k) {
      double sum = 0, lo = rows[0][k], hi = rows[0][k];
      for (const auto& v : rows) sum += v[k], lo = std::min(lo, v[k]), hi = std::max(hi, v[k]);
      bands[k]->mean.push_back(sum / static_cast<double>(rows.size()));
      bands[k]->min.push_back(lo);
      bands[k]->max.push_back(hi);
    }
  }
  if (!has_val_loss) out.val_loss = {};
  return out;
}

// "a is larger than b" by the Holm-adjusted one-sided p; the opposite direction, adjusted the same
// way, contradicts it. A comparison without a test decides nothing.
Verdict directional_verdict(const Comparison& c, double alpha) {
  if (!c.test || !c.p_holm) return Verdict::kInconclusive;
  if (*c.p_holm < alpha) return Verdict::kSupported;
  if (c.p_holm_opposite && *c.p_holm_opposite < alpha) return Verdict::kContradicted;
  return Verdict::kInconclusive;
}

// Every comparison supported: supported; any contradicted: contradicted; else inconclusive.
Verdict all_of(const std::vector<Comparison>& comparisons, double alpha) {
  if (comparisons.empty()) return Verdict::kInconclusive;
  bool all_supported = true;
  for (const auto& c : comparisons) {
    const Verdict v = directional_verdict(c, alpha);
    if (v == Verdict::kContradicted) return v;
    all_supported = all_supported && v == Verdict::kSupported;
  }
  return all_supported ? Verdict::kSupported : Verdict::kInconclusive;
}

double sane_p(double p) { return std::isnan(p) ? 1.0 : p; }

Alternative opposite(Alternative a) {
  return a == Alternative::kGreater ? Alternative::kLess : a == Alternative::kLess ? Alternative::kGreater : a;
}

// What a run's config says of its classes, as protocol_role reads it. A summary without its
// classes (written before they were recorded) is placed by the shipped protocol of its name.
std::optional<ExperimentConfig> role_config(const SuiteRun& run) {
  ExperimentConfig c;
  const TransferSetup& t = run.transfer;
  if (!t.target_classes.empty()) {
    c.groups = t.groups;
    c.source_classes = t.source_classes;
    c.target_classes = t.target_classes;
    c.freeze_transferred = t.freeze_transferred;
    c.transfer_layers = t.transfer_layers;
    c.transfer_init = t.transfer_init;
    c.compute_matched = t.compute_matched;
    return c;
  }
  const std::vector<std::string> a = {"airplane", "truck", "ship", "deer"}, b = {"horse", "automobile", "bird", "cat"},
                                 cc = {"frog", "dog"};
  c.groups = {{"A", a}, {"B", b}, {"C", cc}};
  c.target_classes = b;
  if (run.protocol == "transferred") {
    c.source_classes = a;
  } else if (run.protocol == "non_transferred") {
    c.source_classes = b;
  } else if (run.protocol == "transferred_diverse") {
    c.source_classes = {"frog", "dog", "airplane", "truck"};
  } else if (run.protocol == "transferred_more_data") {
    c.source_classes = a;
    c.source_classes.insert(c.source_classes.end(), cc.begin(), cc.end());
  } else if (run.protocol != "scratch") {
    return std::nullopt;
  }
  return c;
}

// A protocol with runs and the role its config gives it.
struct Placed {
  std::string protocol;
  ExperimentConfig config;
  ProtocolRole role;
  TransferInit transfer_init = TransferInit::kCopy;
  bool compute_matched = false;
};

// A run's target stage as curve_measures reads it.
Curve target_curve(const SuiteRun& run) {
  Curve c;
  for (const auto& row : run.metrics) {
    if (row.stage == "target") c.push_back({row.epoch, row.train_loss, row.train_acc, row.val_loss.value_or(std::numeric_limits<double>::quiet_NaN()), row.val_acc});
  }
  return c;
}

// The runs of a and b with the same split and seed, their target curves side by side.
std::vector<CurvePair> curve_pairs(const SuiteResults& r, const std::string& a, const std::string& b) {
  std::vector<CurvePair> pairs;
  for (const auto& ra : r.runs) {
    if (ra.protocol != a) continue;
    for (const auto& rb : r.runs) {
      if (rb.protocol == b && rb.split == ra.split && rb.seed == ra.seed) {
        pairs.push_back({ra.split, ra.seed, target_curve(ra), target_curve(rb)});
      }
    }
  }
  return pairs;
}

// Every curve measure of a − b, with the ANCOVA of their runs' final figures.
CurveComparison along_curves(const SuiteResults& r, const std::string& a, const std::string& b,
                             const std::vector<std::string>& split_order) {
  CurveComparison c = compare_curves(a, b, curve_pairs(r, a, b), split_order);
  std::vector<AncovaRun> runs;
  for (const auto& run : r.runs) {
    if (run.protocol == a || run.protocol == b) {
      runs.push_back({run.split, run.protocol == a, run.target.final_train_loss, run.target.test_acc});
    }
  }
  c.ancova = ancova_at_matched_loss(runs);
  return c;
}

// a − b paired over the split and seed both have, as the hypothesis table reads it.
std::optional<Measured> paired_measure(const BySplit& a, const BySplit& b, const std::vector<std::string>& split_order) {
  std::vector<std::vector<double>> differences;
  std::vector<std::string> order = split_order;
  if (order.empty()) order.emplace_back();
  for (const auto& split : order) {
    const auto ia = a.find(split), ib = b.find(split);
    if (ia == a.end() || ib == b.end()) continue;
    std::vector<double> d;
    for (const auto& [seed, value] : ia->second) {
      const auto it = ib->second.find(seed);
      if (it != ib->second.end()) d.push_back(value - it->second);
    }
    if (!d.empty()) differences.push_back(d);
  }
  if (differences.empty()) return std::nullopt;
  return measured(paired_estimate(differences));
}

// The training-loss barrier between two seeds' networks of `a` minus the same for `b`, per seed
// pair both protocols were interpolated at (Neyshabur et al. 2020: one basin, a low barrier).
std::optional<Measured> barrier_measure(const SuiteResults& r, const std::string& a, const std::string& b,
                                        const std::vector<std::string>& split_order) {
  using SeedPair = std::pair<std::uint64_t, std::uint64_t>;
  std::map<std::string, std::map<SeedPair, double>> of_a, of_b;
  for (const auto& i : r.interpolations) {
    if (i.a != i.b || (i.a != a && i.a != b) || i.curve.alpha.size() < 2) continue;
    const SeedPair seeds = std::minmax(i.seed_a, i.seed_b);
    (i.a == a ? of_a : of_b)[i.split][seeds] = interpolation_barrier(i.curve.alpha, i.curve.train_loss);
  }
  std::vector<std::string> order = split_order;
  if (order.empty()) order.emplace_back();
  std::vector<std::vector<double>> differences;
  for (const auto& split : order) {
    std::vector<double> d;
    for (const auto& [seeds, barrier] : of_a[split]) {
      const auto it = of_b[split].find(seeds);
      if (it != of_b[split].end()) d.push_back(barrier - it->second);
    }
    if (!d.empty()) differences.push_back(d);
  }
  if (differences.empty()) return std::nullopt;
  return measured(paired_estimate(differences));
}

BySplit landscape_figure(const SuiteResults& r, const std::string& protocol,
                         std::optional<double> LandscapeFigures::*figure) {
  BySplit values;
  for (const auto& run : r.runs) {
    if (run.protocol == protocol && run.landscape.*figure) values[run.split][run.seed] = *(run.landscape.*figure);
  }
  return values;
}

// Yosinski et al. 2014, Fig. 2: each protocol placed by its config as a condition (AnB: source
// other classes, BnB: source the target classes themselves; '+' when fine-tuned, not frozen) at
// its transfer depth n; protocols without a source stage are the baseline (baseB). None unless
// the suite spans at least two depths.
std::optional<TransferGrid> transfer_grid(const SuiteResults& r,
                                          const std::map<std::string, ProtocolSummary>& protocols) {
  TransferGrid grid;
  std::set<int> depths;
  for (const auto& protocol : r.manifest.protocols) {
    const auto summary = protocols.find(protocol);
    if (summary == protocols.end()) continue;
    const SuiteRun* first = nullptr;
    for (const auto& run : r.runs) {
      if (run.protocol == protocol) {
        first = &run;
        break;
      }
    }
    const SampleSummary& acc = summary->second.test_acc;
    const GridAccuracy accuracy{protocol, summary->second.seeds, acc.mean, acc.ci_low, acc.ci_high};
    const TransferSetup& setup = first->transfer;
    if (setup.transfer_init != TransferInit::kCopy || setup.compute_matched) continue;  // controls: no condition
    if (setup.source_classes.empty()) {
      if (!grid.baseline) grid.baseline = accuracy;
      continue;
    }
    const bool self = setup.source_classes == setup.target_classes;
    grid.points.push_back(
        {std::string(self ? "BnB" : "AnB") + (setup.freeze_transferred ? "" : "+"), setup.transfer_layers, accuracy});
    depths.insert(setup.transfer_layers);
  }
  if (depths.size() < 2) return std::nullopt;
  return grid;
}

Provenance provenance(const SuiteResults& r) {
  Provenance p;
  for (const auto& run : r.runs) {
    const RunEnvironment& env = run.environment;
    p.hosts.insert(env.hostname);
    p.cpus.insert(env.cpu);
    p.data_fingerprints.insert(env.data_fingerprint);
    p.libtorch.insert(env.libtorch_version);
    p.devices.insert(env.device);
    p.git_shas.insert(env.git_sha);
    p.threads.insert(env.threads);
    p.data_dirs.insert(run.data_dir);
    auto& source = p.data_sources[env.data_fingerprint];
    if (!source) source = env.data_source;
  }
  return p;
}

json summary_json(const SampleSummary& s) {
  return {{"n", s.n}, {"mean", s.mean}, {"sd", s.sd}, {"ci_low", s.ci_low}, {"ci_high", s.ci_high}};
}

json band_json(const CurveBand& band) { return {{"mean", band.mean}, {"min", band.min}, {"max", band.max}}; }

json protocol_json(const ProtocolSummary& p) {
  json j = {{"seeds", p.seeds},
            {"test_acc", summary_json(p.test_acc)},
            {"best_val_acc", summary_json(p.best_val_acc)},
            {"final_val_acc", summary_json(p.final_val_acc)},
            {"final_train_acc", summary_json(p.final_train_acc)},
            {"train_val_gap", summary_json(p.train_val_gap)},
            {"final_train_loss", summary_json(p.final_train_loss)},
            {"curves",
             {{"epoch", p.curves.epochs},
              {"train_acc", band_json(p.curves.train_acc)},
              {"val_acc", band_json(p.curves.val_acc)},
              {"train_loss", band_json(p.curves.train_loss)}}}};
  // Added later: they keep the fields above as they were.
  if (!p.curves.val_loss.mean.empty()) j["curves"]["val_loss"] = band_json(p.curves.val_loss);
  j["curves"]["gap"] = band_json(p.curves.gap);
  if (p.splits > 0) j["splits"] = p.splits;  // its summaries are then over the split means
  if (!p.source_curves.epochs.empty()) {
    const ProtocolCurves& c = p.source_curves;
    j["source_curves"] = {{"epoch", c.epochs},
                          {"train_acc", band_json(c.train_acc)},
                          {"val_acc", band_json(c.val_acc)},
                          {"train_loss", band_json(c.train_loss)},
                          {"gap", band_json(c.gap)}};
    if (!c.val_loss.mean.empty()) j["source_curves"]["val_loss"] = band_json(c.val_loss);
  }
  if (p.probe) {
    j["probe_test_acc"] = summary_json(p.probe->final_network);
    json references = json::object();
    if (p.probe->source_network) references["source_network"] = summary_json(*p.probe->source_network);
    if (p.probe->random_network) references["random_network"] = summary_json(*p.probe->random_network);
    if (p.probe->conv1_only) references["conv1_only"] = summary_json(*p.probe->conv1_only);
    if (!references.empty()) j["probe_references_test_acc"] = references;
  }
  return j;
}

json split_estimate_json(const SplitComparison& s) {
  const SplitLevelEstimate& e = s.estimate;
  json per_split = json::array();
  for (std::size_t i = 0; i < s.splits.size(); ++i) {
    per_split.push_back({{"split", s.splits[i]}, {"n", e.per_split[i].n}, {"mean", e.per_split[i].mean},
                         {"ci_low", e.per_split[i].ci_low}, {"ci_high", e.per_split[i].ci_high}});
  }
  json j = {{"splits", e.splits},
            {"observations", e.observations},
            {"per_split", per_split},
            {"mean", e.mean},
            {"ci_low", e.ci_low},
            {"ci_high", e.ci_high},
            {"sd_of_split_means", e.sd_of_split_means},
            {"standard_error", e.standard_error},
            {"t", e.t},
            {"df", e.df},
            {"p", e.p},
            {"alternative", to_string(e.alternative)}};
  if (e.has_variance_components) {
    j["variance_between"] = e.variance_between;
    j["variance_within"] = e.variance_within;
    j["between_share"] = e.between_share;
  }
  return j;
}

json comparison_json(const Comparison& c) {
  json j = {{"a", c.a},
            {"b", c.b},
            {"test", c.test_name()},
            {"alternative", to_string(c.alternative)},
            {"verdict", to_string(c.verdict)}};
  if (!c.unpaired.empty()) j["unpaired"] = c.unpaired;
  if (c.splits) j["two_stage"] = split_estimate_json(*c.splits);
  if (!c.test) return j;
  const TTest& t = *c.test;
  j.update({{"difference", t.difference},
            {"ci_low", t.ci_low},
            {"ci_high", t.ci_high},
            {"standard_error", t.standard_error},
            {"t", t.t},
            {"df", t.df},
            {"p", c.p()},
            {"p_two_sided", t.p},
            {"cohens_d", t.cohens_d},
            {"effect_size", c.effect_size_name()}});
  if (c.p_holm) j["p_holm"] = *c.p_holm;
  if (c.equivalence) {
    const EquivalenceTest& e = *c.equivalence;
    j["equivalence"] = {{"margin", e.margin},
                        {"p_lower", e.p_lower},
                        {"p_upper", e.p_upper},
                        {"p", e.p},
                        {"test", "two one-sided tests (TOST)"}};
  }
  return j;
}

json accuracy_json(const GridAccuracy& a) {
  return {{"protocol", a.protocol}, {"seeds", a.seeds}, {"mean", a.mean}, {"ci_low", a.ci_low}, {"ci_high", a.ci_high}};
}

json grid_json(const TransferGrid& grid) {
  json points = json::array();
  for (const auto& p : grid.points) {
    json point = accuracy_json(p.accuracy);
    point["condition"] = p.condition;
    point["n"] = p.n;
    points.push_back(point);
  }
  return {{"points", points}, {"baseline", grid.baseline ? accuracy_json(*grid.baseline) : json(nullptr)}};
}

json paired_json(const std::optional<PairedEstimate>& e) {
  if (!e) return nullptr;
  json j = {{"pairs", e->pairs}, {"splits", e->splits}, {"mean", e->mean}, {"ci_low", e->ci_low},
            {"ci_high", e->ci_high}};
  if (e->has_test) j.update({{"standard_error", e->standard_error}, {"t", e->t}, {"df", e->df}, {"p", e->p}});
  return j;
}

json ols_json(const OlsCoefficient& c) {
  return {{"estimate", c.estimate}, {"standard_error", c.standard_error}, {"t", c.t}, {"df", c.df},
          {"ci_low", c.ci_low},     {"ci_high", c.ci_high},               {"p", c.p}};
}

json epochs_json(const std::vector<std::optional<int>>& epochs) {
  json j = json::array();
  for (const auto& e : epochs) j.push_back(e ? json(*e) : json(nullptr));  // null: not reached
  return j;
}

json curves_json(const CurveComparison& c) {
  json per_epoch = json::array();
  for (const auto& e : c.log_loss) {
    json point = paired_json(e.log_loss);
    point["epoch"] = e.epoch;
    per_epoch.push_back(point);
  }
  json reach = json::array();
  for (const auto& r : c.reach) {
    reach.push_back({{"train_loss", r.loss}, {"epochs_a", epochs_json(r.epochs_a)}, {"epochs_b", epochs_json(r.epochs_b)},
                     {"excluded", r.excluded}, {"difference", paired_json(r.difference)}});
  }
  json fit = json::array();
  for (const auto& f : c.matched_fit) {
    fit.push_back({{"train_acc", f.accuracy ? json(*f.accuracy) : json("final epoch")}, {"pairs", f.pairs},
                   {"excluded", f.excluded}, {"val_acc", paired_json(f.val_acc)}, {"gap", paired_json(f.gap)}});
  }
  json j = {{"a", c.a},
            {"b", c.b},
            {"pairs", c.pairs},
            {"log_train_loss_difference", per_epoch},
            {"log_train_loss_area", paired_json(c.log_loss_area)},
            {"epochs_to_train_loss", reach},
            {"matched_fit", fit},
            {"val_acc_at_common_train_loss", paired_json(c.val_acc_at_common_loss)}};
  if (c.ancova) {
    j["ancova_test_acc_on_log_train_loss"] = {{"runs", c.ancova->runs}, {"splits", c.ancova->splits},
                                              {"protocol_offset", ols_json(c.ancova->protocol)},
                                              {"log_train_loss", ols_json(c.ancova->log_train_loss)}};
  }
  return j;
}

json hypotheses_json(const HypothesisTable& t) {
  json rows = json::array();
  for (const auto& row : t.rows) {
    const Prediction& p = row.prediction;
    json j = {{"hypothesis", hypothesis_id(p.hypothesis)}, {"name", hypothesis_name(p.hypothesis)},
              {"measure", p.measure}, {"predicts", p.predicts}, {"outcome", row.outcome_text()}};
    if (p.value) {
      j["measured"] = {{"estimate", p.value->estimate}, {"ci_low", p.value->ci_low}, {"ci_high", p.value->ci_high},
                       {"standard_error", p.value->standard_error}, {"df", p.value->df}, {"over", p.value->over}};
    }
    if (row.p) j["p"] = *row.p;
    rows.push_back(j);
  }
  return {{"rows", rows}, {"paragraph", t.paragraph}};
}

}  // namespace

std::string Comparison::test_name() const {
  if (test) return test->name;
  return splits ? "none (fewer than 2 splits)" : "none (fewer than 2 seeds)";
}

double Comparison::p() const { return test ? sane_p(p_value(*test, alternative)) : 1.0; }

std::string Comparison::effect_size_name() const {
  // Stage 2 is a one-sample test of the split means of paired differences: d_z over splits.
  if (splits) return "d_z";
  return test ? tl_boost::effect_size_name(*test) : "d_z";
}

std::optional<double> Comparison::deciding_p() const {
  if (!test) return std::nullopt;
  if (equivalence) return equivalence->p;
  return p_holm;
}

std::string TransferGrid::protocol(const std::string& condition, int n) const {
  for (const auto& p : points) {
    if (p.condition == condition && p.n == n) return p.accuracy.protocol;
  }
  return "";
}

std::set<int> TransferGrid::depths() const {
  std::set<int> depths;
  for (const auto& p : points) depths.insert(p.n);
  return depths;
}

Comparison compare_by_seed(const BySeed& a, const BySeed& b, const std::string& a_name, const std::string& b_name) {
  Comparison c;
  c.a = a_name;
  c.b = b_name;
  if (a.size() < 2 || b.size() < 2) return c;
  std::vector<std::uint64_t> seeds_a, seeds_b;
  for (const auto& [s, v] : a) seeds_a.push_back(s);
  for (const auto& [s, v] : b) seeds_b.push_back(s);
  c.test = seeds_a == seeds_b ? paired_t_test(values_of(a), values_of(b)) : welch_t_test(values_of(a), values_of(b));
  return c;
}

Comparison compare_paired(const BySeed& a, const BySeed& b, const std::string& a_name, const std::string& b_name) {
  std::vector<double> va, vb;
  std::vector<std::string> unpaired;
  for (const auto& [seed, value] : a) {
    const auto it = b.find(seed);
    if (it == b.end()) {
      unpaired.push_back("seed " + std::to_string(seed) + ": only " + a_name);
      continue;
    }
    va.push_back(value);
    vb.push_back(it->second);
  }
  for (const auto& [seed, value] : b) {
    if (!a.count(seed)) unpaired.push_back("seed " + std::to_string(seed) + ": only " + b_name);
  }
  if (va.size() < 2) return compare_by_seed(a, b, a_name, b_name);
  Comparison c;
  c.a = a_name;
  c.b = b_name;
  c.test = paired_t_test(va, vb);
  c.unpaired = unpaired;
  return c;
}

Comparison compare_over_splits(const BySplit& a, const BySplit& b, const std::vector<std::string>& split_order,
                               const std::string& a_name, const std::string& b_name, Alternative alternative) {
  Comparison c;
  c.a = a_name;
  c.b = b_name;
  c.alternative = alternative;
  SplitComparison splits;
  std::vector<std::vector<double>> differences;
  const BySeed none;
  for (const auto& split : split_order) {
    const auto ia = a.find(split), ib = b.find(split);
    const BySeed& sa = ia == a.end() ? none : ia->second;
    const BySeed& sb = ib == b.end() ? none : ib->second;
    std::vector<double> d;
    for (const auto& [seed, value] : sa) {
      const auto it = sb.find(seed);
      if (it != sb.end()) {
        d.push_back(value - it->second);
      } else {
        c.unpaired.push_back(split + " seed " + std::to_string(seed) + ": only " + a_name);
      }
    }
    for (const auto& [seed, value] : sb) {
      if (!sa.count(seed)) c.unpaired.push_back(split + " seed " + std::to_string(seed) + ": only " + b_name);
    }
    if (d.empty()) continue;
    splits.splits.push_back(split);
    differences.push_back(d);
  }
  if (differences.empty()) return c;
  splits.estimate = two_stage_estimate(differences, 0.95, alternative);
  const SplitLevelEstimate& e = splits.estimate;
  if (e.has_test) {
    TTest t;
    t.name = "two-stage t-test over split means";
    t.difference = e.mean;
    t.ci_low = e.ci_low;
    t.ci_high = e.ci_high;
    t.standard_error = e.standard_error;
    t.t = e.t;
    t.df = e.df;
    t.p = sane_p(p_value(e.t, e.df, Alternative::kTwoSided));
    t.cohens_d = e.sd_of_split_means > 0 ? e.mean / e.sd_of_split_means : 0.0;
    c.test = t;
  }
  c.splits = std::move(splits);
  return c;
}

Report analyse(const SuiteResults& r) {
  Report report;
  report.suite = r.manifest.name;
  report.alpha = r.manifest.alpha;
  report.loss_margin = r.manifest.loss_margin;
  report.provenance = provenance(r);
  report.absent = r.absent;
  for (const auto& split : r.manifest.splits) report.splits.push_back(split.name);
  for (const auto& run : r.runs) report.seeds.insert(run.seed);

  const bool several_splits = report.splits.size() >= 2;
  std::map<std::string, BySplit> test_acc, train_loss, gap, probe_acc;
  for (const auto& protocol : r.manifest.protocols) {
    test_acc[protocol] = target_figure(r, protocol, &TargetFigures::test_acc);
    train_loss[protocol] = target_figure(r, protocol, &TargetFigures::final_train_loss);
    gap[protocol] = target_figure(r, protocol, &TargetFigures::train_val_gap);
    if (test_acc[protocol].empty()) continue;
    ProtocolSummary& p = report.protocols[protocol];
    p.seeds = count_of(test_acc[protocol]);
    if (several_splits) p.splits = test_acc[protocol].size();
    const auto over_runs = [several_splits](const BySplit& v) { return summarize_runs(v, several_splits); };
    p.test_acc = over_runs(test_acc[protocol]);
    p.best_val_acc = over_runs(target_figure(r, protocol, &TargetFigures::best_val_acc));
    p.final_val_acc = over_runs(target_figure(r, protocol, &TargetFigures::final_val_acc));
    p.final_train_acc = over_runs(target_figure(r, protocol, &TargetFigures::final_train_acc));
    p.train_val_gap = over_runs(gap[protocol]);
    p.final_train_loss = over_runs(train_loss[protocol]);
    p.curves = curves(r, protocol, "target");
    p.source_curves = curves(r, protocol, "source");
    report.protocol_order.push_back(protocol);
    probe_acc[protocol] = probe_figure(r, protocol, [](const ProbeFigures& f) { return f.final_network; });
    if (!probe_acc[protocol].empty()) {
      ProbeSummary probe{over_runs(probe_acc[protocol]), {}, {}, {}};
      const auto reference = [&](std::optional<double> ProbeFigures::*member) -> std::optional<SampleSummary> {
        const BySplit v = probe_figure(r, protocol, [member](const ProbeFigures& f) { return f.*member; });
        if (v.empty()) return std::nullopt;
        return over_runs(v);
      };
      probe.source_network = reference(&ProbeFigures::source_network);
      probe.random_network = reference(&ProbeFigures::random_network);
      probe.conv1_only = reference(&ProbeFigures::conv1_only);
      p.probe = probe;
    }
  }
  report.grid = transfer_grid(r, report.protocols);

  // With several splits the split is the unit of replication; with one, the seeds pair.
  std::vector<std::string> split_order = report.splits;
  const auto compare = [&](std::map<std::string, BySplit>& figure, const std::string& a, const std::string& b,
                           Alternative alternative) {
    if (several_splits) return compare_over_splits(figure[a], figure[b], split_order, a, b, alternative);
    const std::string only = split_order.empty() ? "" : split_order.front();
    Comparison c = compare_paired(figure[a][only], figure[b][only], a, b);
    c.alternative = alternative;
    return c;
  };

  // Each protocol's role, from the config of its first run.
  std::vector<Placed> placed;
  for (const auto& protocol : r.manifest.protocols) {
    for (const auto& run : r.runs) {
      if (run.protocol != protocol) continue;
      if (const auto config = role_config(run)) {
        placed.push_back({protocol, *config, protocol_role(*config), run.transfer.transfer_init,
                          run.transfer.compute_matched});
      }
      break;
    }
  }
  // The controls (weight statistics, compute-matched scratch) share the roles of the transfer and
  // the baseline they control for, so they are never taken for either.
  const auto is_plain_transfer = [&](const Placed& p, int n) {
    if (p.role.source != SourceKind::kDisjoint || p.role.frozen || p.role.depth != n || p.role.control()) return false;
    for (const auto& other : placed) {
      if (&other != &p && relate_sources(p.config, other.config) != SourceRelation::kUnrelated) return false;
    }
    return true;
  };
  const Placed* baseline = nullptr;
  std::set<int> depths;
  for (const auto& p : placed) {
    if (p.role.control()) continue;
    if (p.role.source == SourceKind::kNone && !baseline) baseline = &p;
    if (p.role.source == SourceKind::kDisjoint && !p.role.frozen) depths.insert(p.role.depth);
  }
  struct DepthRoles {
    int n;
    const Placed* transfer;  // AnB+
    const Placed* self;      // BnB+ (may be null)
  };
  std::vector<DepthRoles> by_depth;
  for (const int n : depths) {
    const Placed* t = nullptr;
    const Placed* s = nullptr;
    for (const auto& p : placed) {
      if (!t && is_plain_transfer(p, n)) t = &p;
      if (!s && p.role.source == SourceKind::kSelf && !p.role.frozen && p.role.depth == n && !p.role.control()) s = &p;
    }
    if (t) by_depth.push_back({n, t, s});
  }
  const bool several_depths = report.grid.has_value();
  const auto id = [&](const std::string& e, int n) { return several_depths ? e + " n=" + std::to_string(n) : e; };

  // The expectations; each is asked where the protocols of its roles ran at least 2 seeds.
  const auto has = [&](const std::string& p) { return test_acc.count(p) && count_of(test_acc[p]) >= 2; };
  const auto has_probe = [&](const std::string& p) { return probe_acc.count(p) && count_of(probe_acc[p]) >= 2; };
  const double alpha = r.manifest.alpha;
  auto& expectations = report.expectations;
  for (const auto& d : by_depth) {
    const std::string& t = d.transfer->protocol;
    if (!d.self || !has(t) || !has(d.self->protocol)) continue;
    const std::string& s = d.self->protocol;
    Comparison c = compare(train_loss, t, s, Alternative::kTwoSided);
    Verdict v = Verdict::kInconclusive;
    if (c.test) {
      c.equivalence = tost(*c.test, r.manifest.loss_margin);
      v = verdict_equivalent(*c.test, *c.equivalence, alpha);
    }
    c.verdict = v;
    expectations.push_back({id("E1", d.n), "final training loss of " + t + " ≈ " + s, {c}, v, false});
  }
  for (const auto& d : by_depth) {
    const std::string& t = d.transfer->protocol;
    if (!d.self || !has(t) || !has(d.self->protocol)) continue;
    // A smaller gap for the transfer: the self-source gap minus the transfer's is positive.
    const std::string& s = d.self->protocol;
    expectations.push_back({id("E2", d.n),
                            "train−val accuracy gap smaller for " + t + " than " + s,
                            {compare(gap, s, t, Alternative::kGreater)},
                            Verdict::kInconclusive});
  }
  for (const auto& d : by_depth) {
    const std::string& t = d.transfer->protocol;
    for (const auto& p : placed) {
      if (relate_sources(p.config, d.transfer->config) != SourceRelation::kMoreDiverse || !has(p.protocol) || !has(t)) {
        continue;
      }
      expectations.push_back({id("E3", d.n),
                              p.protocol + " test accuracy above " + t,
                              {compare(test_acc, p.protocol, t, Alternative::kGreater)},
                              Verdict::kInconclusive});
    }
  }
  for (const auto& d : by_depth) {
    for (const auto& p : placed) {
      if (relate_sources(p.config, d.transfer->config) != SourceRelation::kLarger || !has(p.protocol)) continue;
      std::vector<Comparison> comparisons;
      for (const auto& other : r.manifest.protocols) {
        if (other == p.protocol || !has(other)) continue;
        comparisons.push_back(compare(test_acc, p.protocol, other, Alternative::kGreater));
      }
      if (comparisons.empty()) continue;
      expectations.push_back(
          {id("E4", d.n), p.protocol + " test accuracy the highest of all protocols", comparisons, Verdict::kInconclusive});
    }
  }
  // E5: after fine-tuning on B, the network transferred from A still encodes A better than one
  // that never saw A (a linear probe of its frozen conv features on A), against BnB+ and baseB.
  for (const auto& d : by_depth) {
    const std::string& t = d.transfer->protocol;
    if (!has_probe(t)) continue;
    std::vector<std::string> others;
    if (d.self) others.push_back(d.self->protocol);
    if (baseline) others.push_back(baseline->protocol);
    std::vector<Comparison> comparisons;
    std::string names;
    for (const auto& other : others) {
      if (!has_probe(other)) continue;
      comparisons.push_back(compare(probe_acc, t, other, Alternative::kGreater));
      names += (names.empty() ? "" : " and ") + other + "'s";
    }
    if (comparisons.empty()) continue;
    expectations.push_back({id("E5", d.n),
                            "base-task probe: a linear classifier on " + t +
                                "'s frozen conv features scores higher on the source task than on " + names,
                            comparisons, Verdict::kInconclusive});
  }

  // The headline: at each depth, AnB+ against BnB+ and baseB, beside Yosinski et al.'s figure.
  for (const auto& d : by_depth) {
    const std::string& t = d.transfer->protocol;
    if (d.self && has(t) && has(d.self->protocol)) {
      report.headline.push_back({compare(test_acc, t, d.self->protocol, Alternative::kGreater), "AnB+ − BnB+",
                                 kYosinskiAnBPlusMinusBnBPlus});
    }
    if (baseline && has(t) && has(baseline->protocol)) {
      report.headline.push_back({compare(test_acc, t, baseline->protocol, Alternative::kGreater), "AnB+ − baseB",
                                 kYosinskiAnBPlusMinusBaseB});
    }
  }

  // Holm over every directional comparison of the report, then the verdicts by the adjusted p.
  std::vector<Comparison*> family;
  for (auto& e : expectations) {
    for (auto& c : e.comparisons) {
      if (c.alternative != Alternative::kTwoSided && c.test) family.push_back(&c);
    }
  }
  for (auto& h : report.headline) {
    if (h.comparison.test) family.push_back(&h.comparison);
  }
  std::vector<double> p, p_opposite;
  for (const Comparison* c : family) {
    p.push_back(c->p());
    p_opposite.push_back(sane_p(p_value(*c->test, opposite(c->alternative))));
  }
  const std::vector<double> adjusted = holm_adjust(p), adjusted_opposite = holm_adjust(p_opposite);
  for (std::size_t i = 0; i < family.size(); ++i) {
    family[i]->p_holm = adjusted[i];
    family[i]->p_holm_opposite = adjusted_opposite[i];
  }
  report.family_size = family.size();
  for (Comparison* c : family) c->verdict = directional_verdict(*c, alpha);

  // Along the curves: the transfer against the self-source and the scratch baseline at each depth.
  for (const auto& d : by_depth) {
    const std::string& t = d.transfer->protocol;
    for (const Placed* other : {d.self, baseline}) {
      if (!other) continue;
      CurveComparison c = along_curves(r, t, other->protocol, split_order);
      if (c.pairs > 0) report.along_curves.push_back(std::move(c));
    }
  }

  // Where the boost comes from: the transfer at the smallest depth against its reference and controls.
  if (!by_depth.empty()) {
    const DepthRoles& d = by_depth.front();
    HypothesisEvidence e;
    e.transferred = d.transfer->protocol;
    e.reference = d.self ? d.self->protocol : baseline ? baseline->protocol : "";
    e.baseline = baseline ? baseline->protocol : "";
    for (const auto& p : placed) {
      if (p.compute_matched && e.compute_matched.empty()) e.compute_matched = p.protocol;
      if (p.transfer_init == TransferInit::kMatchedStatistics && e.matched_statistics.empty()) e.matched_statistics = p.protocol;
      if (p.transfer_init == TransferInit::kPermutedTaps && e.permuted_taps.empty()) e.permuted_taps = p.protocol;
    }
    const auto acc = [&](const std::string& a, const std::string& b) -> std::optional<Measured> {
      if (a.empty() || b.empty()) return std::nullopt;
      return paired_measure(test_acc[a], test_acc[b], split_order);
    };
    e.transferred_minus_compute_matched = acc(e.transferred, e.compute_matched);
    e.transferred_minus_reference = acc(e.transferred, e.reference);
    e.matched_statistics_minus_transferred = acc(e.matched_statistics, e.transferred);
    e.matched_statistics_minus_baseline = acc(e.matched_statistics, e.baseline);
    e.permuted_taps_minus_baseline = acc(e.permuted_taps, e.baseline);
    if (!e.reference.empty()) {
      const std::string& ref = e.reference;
      const auto& t = e.transferred;
      const auto it = std::find_if(report.along_curves.begin(), report.along_curves.end(),
                                   [&](const CurveComparison& c) { return c.a == t && c.b == ref; });
      if (it != report.along_curves.end()) {
        const CurveComparison& c = *it;
        if (c.ancova) e.ancova_offset = measured(c.ancova->protocol, c.ancova->runs);
        if (c.val_acc_at_common_loss) e.val_acc_at_common_loss = measured(*c.val_acc_at_common_loss);
        if (c.log_loss_area) e.log_loss_area = measured(*c.log_loss_area);
        // The highest training accuracy that at least half the pairs reached: a level only the
        // fastest-fitting pairs reach would judge the prediction on them alone.
        for (const auto& f : c.matched_fit) {
          const bool most_pairs = 2 * f.pairs >= f.pairs + f.excluded;
          if (f.accuracy && f.gap && f.gap->has_test && most_pairs) {
            e.gap_at_matched_fit = measured(*f.gap);
            e.gap_level = fixed(*f.accuracy, 2);
          }
        }
      }
      const auto landscape = [&](std::optional<double> LandscapeFigures::*figure) {
        return paired_measure(landscape_figure(r, t, figure), landscape_figure(r, ref, figure), split_order);
      };
      e.sharpness = landscape(&LandscapeFigures::top_eigenvalue);
      e.distance = landscape(&LandscapeFigures::relative_distance);
      e.barrier = barrier_measure(r, t, ref, split_order);
    }
    report.hypotheses = judge_hypotheses(hypothesis_predictions(e), alpha);
  }
  for (auto& e : expectations) {
    const bool directional = std::any_of(e.comparisons.begin(), e.comparisons.end(),
                                         [](const Comparison& c) { return c.alternative != Alternative::kTwoSided; });
    if (directional) e.verdict = all_of(e.comparisons, alpha);
  }
  return report;
}

json to_json(const Report& report) {
  json protocols = json::object();
  for (const auto& [name, p] : report.protocols) protocols[name] = protocol_json(p);
  json expectations = json::array();
  for (const auto& e : report.expectations) {
    json comparisons = json::array();
    for (const auto& c : e.comparisons) comparisons.push_back(comparison_json(c));
    expectations.push_back(
        {{"id", e.id}, {"statement", e.statement}, {"comparisons", comparisons}, {"verdict", to_string(e.verdict)}});
  }
  json headline = json::array();
  for (const auto& h : report.headline) {
    json c = comparison_json(h.comparison);
    c["yosinski_2014_points"] = h.yosinski_2014_points;
    c["yosinski_2014_label"] = h.yosinski_2014_label;
    headline.push_back(c);
  }
  const Provenance& prov = report.provenance;
  json j = {{"suite", report.suite},
            {"alpha", report.alpha},
            {"loss_margin", report.loss_margin},
            {"provenance",
             {{"hosts", prov.hosts},
              {"cpus", prov.cpus},
              {"devices", prov.devices},
              {"threads", prov.threads},
              {"libtorch", prov.libtorch},
              {"git_shas", prov.git_shas},
              {"data_dirs", prov.data_dirs},
              {"data_fingerprints", prov.data_fingerprints}}},
            {"seeds", report.seeds},
            {"protocols", protocols},
            {"expectations", expectations},
            {"headline", headline},
            {"multiple_comparisons",
             {{"method", "Holm"},
              {"family_size", report.family_size},
              {"family", "every directional comparison (E2–E5 and the headline), one-sided (greater)"},
              {"verdicts", "by the Holm-adjusted p"}}}};
  if (!report.splits.empty()) j["splits"] = report.splits;
  j["protocol_order"] = report.protocol_order;
  json sources = json::object();
  for (const auto& [fingerprint, source] : prov.data_sources) {
    sources[fingerprint] = source ? json{{"tarball_md5", source->tarball_md5},
                                         {"tarball_sha256", source->tarball_sha256},
                                         {"official", source->official}}
                                  : json(nullptr);
  }
  j["provenance"]["data_sources"] = sources;
  if (!report.absent.empty()) {
    json absent = json::array();
    for (const auto& a : report.absent) {
      json entry = {{"protocol", a.protocol}, {"seed", a.seed}, {"reason", a.reason}};
      if (!a.split.empty()) entry["split"] = a.split;
      absent.push_back(entry);
    }
    j["absent_runs"] = absent;
  }
  if (report.grid) j["grid"] = grid_json(*report.grid);
  if (!report.along_curves.empty()) {
    json curves = json::array();
    for (const auto& c : report.along_curves) curves.push_back(curves_json(c));
    j["along_curves"] = curves;
  }
  if (report.hypotheses) j["hypotheses"] = hypotheses_json(*report.hypotheses);
  return j;
}

}  // namespace tl_boost
