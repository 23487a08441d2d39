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

// The measures of the transfer against its reference along their curves.
void curve_evidence(HypothesisEvidence& e, const CurveComparison& c) {
  if (c.ancova) e.ancova_offset = measured(c.ancova->protocol, c.ancova->runs);
  if (c.val_acc_at_common_loss) e.val_acc_at_common_loss = measured(*c.val_acc_at_common_loss);
  if (c.log_loss_area) e.log_loss_area = measured(*c.log_loss_area);
  // The highest training accuracy that at least half the pairs reached: a level only the
  // fastest-fitting pairs reach would judge the prediction on them alone.
  for (const auto& f : c.matched_fit) {
    const bool most_pairs = 2 * f.pairs >= f.pairs + f.excluded;
    if (f.accuracy && f.gap && f.gap->has_test && most_pairs) {
      e.gap_at_matched_fit = measured(*f.gap);
      e.gap_level = *f.accuracy;
    }
  }
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
                                       const std::vector<std::string>& split_order) {
  const DepthRoles& d = roles.by_depth.front();
  HypothesisEvidence e;
  e.transferred = roles.name(d.transfer);
  e.reference = d.self ? roles.name(*d.self) : roles.baseline ? roles.name(*roles.baseline) : "";
  e.baseline = roles.baseline ? roles.name(*roles.baseline) : "";
  e.compute_matched = roles.first([](const ProtocolRole& p) { return p.compute_matched; });
  e.matched_statistics =
      roles.first([](const ProtocolRole& p) { return p.transfer_init == TransferInit::kMatchedStatistics; });
  e.permuted_taps = roles.first([](const ProtocolRole& p) { return p.transfer_init == TransferInit::kPermutedTaps; });
  const auto acc = [&](const std::string& a, const std::string& b) -> std::optional<Measured> {
    if (a.empty() || b.empty()) return std::nullopt;
    return paired_by_key(target_figure(r, a, &TargetFigures::test_acc), target_figure(r, b, &TargetFigures::test_acc),
                         split_order);
  };
  e.transferred_minus_compute_matched = acc(e.transferred, e.compute_matched);
  e.transferred_minus_reference = acc(e.transferred, e.reference);
  e.matched_statistics_minus_transferred = acc(e.matched_statistics, e.transferred);
  e.matched_statistics_minus_baseline = acc(e.matched_statistics, e.baseline);
  e.permuted_taps_minus_baseline = acc(e.permuted_taps, e.baseline);
  if (e.reference.empty()) return e;
  const std::string& t = e.transferred;
  const std::string& ref = e.reference;
  const auto it = std::find_if(curves.begin(), curves.end(), [&](const CurveComparison& c) { return c.a == t && c.b == ref; });
  if (it != curves.end()) curve_evidence(e, *it);
  const auto landscape = [&](std::optional<double> LandscapeFigures::*figure) {
    return paired_by_key(landscape_figure(r, t, figure), landscape_figure(r, ref, figure), split_order);
  };
  e.sharpness = landscape(&LandscapeFigures::top_eigenvalue);
  e.distance = landscape(&LandscapeFigures::relative_distance);
  e.barrier = barrier_measure(r, t, ref, split_order);
  return e;
}

}  // namespace tl_boost
