#include "tl_boost/report_analysis.hpp"

#include <algorithm>
#include <array>

namespace tl_boost {

using nlohmann::json;

namespace {

// Yosinski et al. 2014, Fig. 2 (ImageNet halves), averaged over n = 1..7 transferred layers.
constexpr double kYosinskiAnBPlusMinusBnBPlus = 1.4;
constexpr double kYosinskiAnBPlusMinusBaseB = 1.6;

// A per-seed figure of one protocol: seed -> value.
using BySeed = std::map<std::uint64_t, double>;

BySeed target_figure(const SuiteResults& r, const std::string& protocol, double TargetFigures::*figure) {
  BySeed values;
  for (const auto& run : r.runs) {
    if (run.protocol == protocol) values[run.seed] = run.target.*figure;
  }
  return values;
}

// The base-task probe's test accuracy per seed, for the runs that have one.
BySeed probe_figure(const SuiteResults& r, const std::string& protocol) {
  BySeed values;
  for (const auto& run : r.runs) {
    if (run.protocol == protocol && run.probe_test_acc) values[run.seed] = *run.probe_test_acc;
  }
  return values;
}

std::vector<double> values_of(const BySeed& by_seed) {
  std::vector<double> v;
  for (const auto& [seed, value] : by_seed) v.push_back(value);
  return v;
}

// Mean, min and max over seeds of the target stage's metrics, per epoch.
ProtocolCurves curves(const SuiteResults& r, const std::string& protocol) {
  std::map<int, std::vector<std::array<double, 3>>> by_epoch;  // epoch -> (train_acc, val_acc, train_loss) per seed
  for (const auto& run : r.runs) {
    if (run.protocol != protocol) continue;
    for (const auto& row : run.metrics) {
      if (row.stage == "target") by_epoch[row.epoch].push_back({row.train_acc, row.val_acc, row.train_loss});
    }
  }
  ProtocolCurves out;
  CurveBand* const bands[] = {&out.train_acc, &out.val_acc, &out.train_loss};
  for (const auto& [epoch, rows] : by_epoch) {
    out.epochs.push_back(epoch);
    for (int k = 0; k < 3; ++k) {
      double sum = 0, lo = rows[0][k], hi = rows[0][k];
      for (const auto& v : rows) sum += v[k], lo = std::min(lo, v[k]), hi = std::max(hi, v[k]);
      bands[k]->mean.push_back(sum / static_cast<double>(rows.size()));
      bands[k]->min.push_back(lo);
      bands[k]->max.push_back(hi);
    }
  }
  return out;
}

// "a is larger than b"; a comparison without a test decides nothing.
Verdict greater(const Comparison& c, double alpha) {
  return c.test ? verdict_greater(*c.test, alpha) : Verdict::kInconclusive;
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
  if (p.probe_test_acc) j["probe_test_acc"] = summary_json(*p.probe_test_acc);
  return j;
}

json comparison_json(const Comparison& c) {
  json j = {{"a", c.a}, {"b", c.b}, {"test", c.test_name()}};
  if (!c.test) return j;
  const TTest& t = *c.test;
  j.update({{"difference", t.difference},
            {"ci_low", t.ci_low},
            {"ci_high", t.ci_high},
            {"standard_error", t.standard_error},
            {"t", t.t},
            {"df", t.df},
            {"p", t.p},
            {"cohens_d", t.cohens_d}});
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

}  // namespace

std::string Comparison::test_name() const { return test ? test->name : "none (fewer than 2 seeds)"; }

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
  Comparison c{a_name, b_name, std::nullopt, std::nullopt};
  if (a.size() < 2 || b.size() < 2) return c;
  std::vector<std::uint64_t> seeds_a, seeds_b;
  for (const auto& [s, v] : a) seeds_a.push_back(s);
  for (const auto& [s, v] : b) seeds_b.push_back(s);
  c.test = seeds_a == seeds_b ? paired_t_test(values_of(a), values_of(b)) : welch_t_test(values_of(a), values_of(b));
  return c;
}

Report analyse(const SuiteResults& r) {
  Report report;
  report.suite = r.manifest.name;
  report.alpha = r.manifest.alpha;
  report.loss_margin = r.manifest.loss_margin;
  report.provenance = provenance(r);
  for (const auto& run : r.runs) report.seeds.insert(run.seed);

  std::map<std::string, BySeed> test_acc, train_loss, gap, probe_acc;
  for (const auto& protocol : r.manifest.protocols) {
    test_acc[protocol] = target_figure(r, protocol, &TargetFigures::test_acc);
    train_loss[protocol] = target_figure(r, protocol, &TargetFigures::final_train_loss);
    gap[protocol] = target_figure(r, protocol, &TargetFigures::train_val_gap);
    if (test_acc[protocol].empty()) continue;
    ProtocolSummary& p = report.protocols[protocol];
    p.seeds = test_acc[protocol].size();
    p.test_acc = summarize(values_of(test_acc[protocol]));
    p.best_val_acc = summarize(values_of(target_figure(r, protocol, &TargetFigures::best_val_acc)));
    p.final_val_acc = summarize(values_of(target_figure(r, protocol, &TargetFigures::final_val_acc)));
    p.final_train_acc = summarize(values_of(target_figure(r, protocol, &TargetFigures::final_train_acc)));
    p.train_val_gap = summarize(values_of(gap[protocol]));
    p.final_train_loss = summarize(values_of(train_loss[protocol]));
    p.curves = curves(r, protocol);
    probe_acc[protocol] = probe_figure(r, protocol);
    if (!probe_acc[protocol].empty()) p.probe_test_acc = summarize(values_of(probe_acc[protocol]));
  }
  report.grid = transfer_grid(r, report.protocols);

  // The expectations. Each needs the protocols it names; without them it is not asked.
  const auto has = [&](const std::string& p) { return test_acc.count(p) && test_acc[p].size() >= 2; };
  const double alpha = r.manifest.alpha;
  auto& expectations = report.expectations;
  if (has("transferred") && has("non_transferred")) {
    Comparison c =
        compare_by_seed(train_loss["transferred"], train_loss["non_transferred"], "transferred", "non_transferred");
    c.equivalence = tost(*c.test, r.manifest.loss_margin);
    const Verdict v = verdict_equivalent(*c.test, *c.equivalence, alpha);
    expectations.push_back({"E1", "final training loss of transferred ≈ non_transferred", {c}, v});
    // A smaller gap for transferred: non_transferred's gap minus transferred's is positive.
    const Comparison g = compare_by_seed(gap["non_transferred"], gap["transferred"], "non_transferred", "transferred");
    expectations.push_back(
        {"E2", "train−val accuracy gap smaller for transferred than non_transferred", {g}, greater(g, alpha)});
  }
  if (has("transferred_diverse") && has("transferred")) {
    const Comparison c =
        compare_by_seed(test_acc["transferred_diverse"], test_acc["transferred"], "transferred_diverse", "transferred");
    expectations.push_back({"E3", "transferred_diverse test accuracy above transferred", {c}, greater(c, alpha)});
  }
  if (has("transferred_more_data")) {
    std::vector<Comparison> comparisons;
    bool all_supported = true, any_contradicted = false;
    for (const auto& protocol : r.manifest.protocols) {
      if (protocol == "transferred_more_data" || !has(protocol)) continue;
      const Comparison c =
          compare_by_seed(test_acc["transferred_more_data"], test_acc[protocol], "transferred_more_data", protocol);
      const Verdict v = greater(c, alpha);
      all_supported = all_supported && v == Verdict::kSupported;
      any_contradicted = any_contradicted || v == Verdict::kContradicted;
      comparisons.push_back(c);
    }
    const Verdict v = comparisons.empty() ? Verdict::kInconclusive
                      : any_contradicted  ? Verdict::kContradicted
                      : all_supported     ? Verdict::kSupported
                                          : Verdict::kInconclusive;
    expectations.push_back({"E4", "transferred_more_data test accuracy the highest of all protocols", comparisons, v});
  }
  // E5: after fine-tuning on B, the network transferred from A still encodes A better than one
  // that never saw A (a linear probe of its frozen conv features on A). In a transfer grid it is
  // asked at each depth n, of AnB+ against BnB+ and baseB.
  const auto has_probe = [&](const std::string& p) { return probe_acc.count(p) && probe_acc[p].size() >= 2; };
  const auto probe_expectation = [&](const std::string& id, const std::string& transferred,
                                     const std::vector<std::string>& others) {
    if (!has_probe(transferred)) return;
    std::vector<Comparison> comparisons;
    bool all_supported = true, any_contradicted = false;
    std::string names;
    for (const auto& other : others) {
      if (!has_probe(other)) continue;
      const Comparison c = compare_by_seed(probe_acc[transferred], probe_acc[other], transferred, other);
      const Verdict v = greater(c, alpha);
      all_supported = all_supported && v == Verdict::kSupported;
      any_contradicted = any_contradicted || v == Verdict::kContradicted;
      comparisons.push_back(c);
      names += (names.empty() ? "" : " and ") + other + "'s";
    }
    if (comparisons.empty()) return;
    const Verdict v = any_contradicted ? Verdict::kContradicted
                      : all_supported  ? Verdict::kSupported
                                       : Verdict::kInconclusive;
    expectations.push_back({id,
                            "base-task probe: a linear classifier on " + transferred +
                                "'s frozen conv features scores higher on the source task than on " + names,
                            comparisons, v});
  };
  probe_expectation("E5", "transferred", {"non_transferred", "scratch"});
  if (report.grid) {
    for (const int n : report.grid->depths()) {
      const std::string anb_plus = report.grid->protocol("AnB+", n);
      if (anb_plus.empty()) continue;
      std::vector<std::string> others;
      if (const std::string bnb_plus = report.grid->protocol("BnB+", n); !bnb_plus.empty()) others.push_back(bnb_plus);
      if (report.grid->baseline) others.push_back(report.grid->baseline->protocol);
      probe_expectation("E5 n=" + std::to_string(n), anb_plus, others);
    }
  }

  // The headline: transferred against non_transferred and scratch, and in a transfer grid AnB+
  // against BnB+ and baseB at each depth n, each beside Yosinski et al.'s ImageNet figure.
  struct HeadlinePair {
    std::string a, b, label;
    double yosinski;
  };
  std::vector<HeadlinePair> pairs = {{"transferred", "non_transferred", "AnB+ − BnB+", kYosinskiAnBPlusMinusBnBPlus},
                                     {"transferred", "scratch", "AnB+ − baseB", kYosinskiAnBPlusMinusBaseB}};
  if (report.grid) {
    for (const int n : report.grid->depths()) {
      const std::string anb_plus = report.grid->protocol("AnB+", n);
      if (anb_plus.empty()) continue;
      pairs.push_back({anb_plus, report.grid->protocol("BnB+", n), "AnB+ − BnB+", kYosinskiAnBPlusMinusBnBPlus});
      if (report.grid->baseline) {
        pairs.push_back({anb_plus, report.grid->baseline->protocol, "AnB+ − baseB", kYosinskiAnBPlusMinusBaseB});
      }
    }
  }
  for (const auto& pair : pairs) {
    if (!has(pair.a) || !has(pair.b)) continue;
    report.headline.push_back(
        {compare_by_seed(test_acc[pair.a], test_acc[pair.b], pair.a, pair.b), pair.label, pair.yosinski});
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
            {"headline", headline}};
  if (report.grid) j["grid"] = grid_json(*report.grid);
  return j;
}

}  // namespace tl_boost
