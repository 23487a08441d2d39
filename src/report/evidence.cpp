#include "tl_boost/report/evidence.hpp"

#include <algorithm>
#include <limits>

#include "tl_boost/report/figures.hpp"

namespace tl_boost {

namespace {

// A run's target stage as curve_measures reads it.
Curve target_curve(const SuiteRun& run) {
  Curve c;
  for (const auto& row : run.metrics) {
    if (row.stage != "target") continue;
    c.push_back({row.epoch, row.train_loss, row.train_acc,
                 row.val_loss.value_or(std::numeric_limits<double>::quiet_NaN()), row.val_acc});
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

// Per split in `split_order` (one unnamed split without any), the differences a − b of the keys both have.
template <typename Key>
std::optional<Measured> paired_by_key(const std::map<std::string, std::map<Key, double>>& a,
                                      const std::map<std::string, std::map<Key, double>>& b,
                                      const std::vector<std::string>& split_order) {
  std::vector<std::string> order = split_order;
  if (order.empty()) order.emplace_back();
  std::vector<std::vector<double>> differences;
  for (const auto& split : order) {
    const auto ia = a.find(split), ib = b.find(split);
    if (ia == a.end() || ib == b.end()) continue;
    std::vector<double> d;
    for (const auto& [key, value] : ia->second) {
      const auto it = ib->second.find(key);
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
  return paired_by_key(of_a, of_b, split_order);
}

// A measure along the curves of a − b, from their comparison; `level` gets the training
// accuracy the gap at matched fit is taken at.
std::optional<Measured> curve_measure(MeasureId measure, const CurveComparison& c, std::optional<double>& level) {
  switch (measure) {
    case MeasureId::kAncovaOffset:
      if (c.ancova) return measured(c.ancova->protocol, c.ancova->runs);
      return std::nullopt;
    case MeasureId::kValAccAtCommonLoss:
      if (c.val_acc_at_common_loss) return measured(*c.val_acc_at_common_loss);
      return std::nullopt;
    case MeasureId::kLogLossArea:
      if (c.log_loss_area) return measured(*c.log_loss_area);
      return std::nullopt;
    default:
      break;
  }
  // The highest training accuracy that at least half the pairs reached: a level only the
  // fastest-fitting pairs reach would judge the prediction on them alone.
  std::optional<Measured> gap;
  for (const auto& f : c.matched_fit) {
    const bool most_pairs = 2 * f.pairs >= f.pairs + f.excluded;
    if (f.accuracy && f.gap && f.gap->has_test && most_pairs) {
      gap = measured(*f.gap);
      level = *f.accuracy;
    }
  }
  return gap;
}

// The measure of a − b the prediction asks for.
std::optional<Measured> measure(const SuiteResults& r, const std::vector<CurveComparison>& curves,
                                const std::vector<std::string>& split_order, MeasureId measure, const std::string& a,
                                const std::string& b, std::optional<double>& level) {
  const auto landscape = [&](std::optional<double> LandscapeFigures::*figure) {
    return paired_by_key(landscape_figure(r, a, figure), landscape_figure(r, b, figure), split_order);
  };
  switch (measure) {
    case MeasureId::kTestAcc:
      return paired_by_key(target_figure(r, a, &TargetFigures::test_acc), target_figure(r, b, &TargetFigures::test_acc),
                           split_order);
    case MeasureId::kSharpness:
      return landscape(&LandscapeFigures::top_eigenvalue);
    case MeasureId::kDistance:
      return landscape(&LandscapeFigures::relative_distance);
    case MeasureId::kBarrier:
      return barrier_measure(r, a, b, split_order);
    default:
      break;
  }
  const auto it =
      std::find_if(curves.begin(), curves.end(), [&](const CurveComparison& c) { return c.a == a && c.b == b; });
  if (it == curves.end()) return std::nullopt;
  return curve_measure(measure, *it, level);
}

}  // namespace

std::vector<CurveComparison> compare_along_curves(const SuiteResults& r, const RolePlacement& roles,
                                                  const std::vector<std::string>& split_order) {
  std::vector<CurveComparison> out;
  for (const auto& d : roles.by_depth) {
    for (const std::optional<std::size_t> other : {d.self, roles.baseline}) {
      if (!other) continue;
      CurveComparison c = along_curves(r, roles.name(d.transfer), roles.name(*other), split_order);
      if (c.pairs > 0) out.push_back(std::move(c));
    }
  }
  return out;
}

HypothesisEvidence hypothesis_evidence(const SuiteResults& r, const RolePlacement& roles,
                                       const std::vector<CurveComparison>& curves,
                                       const std::vector<std::string>& split_order,
                                       const std::vector<Prediction>& predictions) {
  const DepthRoles& d = roles.by_depth.front();
  std::map<Compared, std::string> names = {
      {Compared::kTransferred, roles.name(d.transfer)},
      {Compared::kReference, d.self           ? roles.name(*d.self)
                             : roles.baseline ? roles.name(*roles.baseline)
                                              : ""},
      {Compared::kBaseline, roles.baseline ? roles.name(*roles.baseline) : ""},
      {Compared::kComputeMatched, roles.first([](const ProtocolRole& p) { return p.compute_matched; })},
      {Compared::kMatchedStatistics,
       roles.first([](const ProtocolRole& p) { return p.transfer_init == TransferInit::kMatchedStatistics; })},
      {Compared::kPermutedTaps,
       roles.first([](const ProtocolRole& p) { return p.transfer_init == TransferInit::kPermutedTaps; })}};
  HypothesisEvidence e;
  for (const auto& [role, name] : names) {
    if (!name.empty()) e.protocols[role] = name;
  }
  for (const Prediction& p : predictions) {
    const std::string a = e.protocol(p.a), b = e.protocol(p.b);
    if (a.empty() || b.empty()) continue;
    if (const auto m = measure(r, curves, split_order, p.measure, a, b, e.gap_level))
      e.measures[{p.measure, p.a, p.b}] = *m;
  }
  return e;
}

}  // namespace tl_boost
