#include "tl_boost/report/evidence.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <variant>

#include "tl_boost/report/barriers.hpp"
#include "tl_boost/report/figures.hpp"

namespace tl_boost {

namespace {

// A run's target stage as curve_measures reads it.
Curve target_curve(const SuiteRun& run) {
  Curve c;
  for (const auto& row : run.metrics) {
    if (row.stage != Stage::kTarget) continue;
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

using UnitKey = std::pair<std::uint64_t, std::uint64_t>;      // a run's seed twice, or the two seeds of a pair
using ByUnit = std::map<std::string, std::map<UnitKey, double>>;  // split -> unit -> value

// A measure of one protocol's units; `left_out` counts the runs that had none.
struct Units {
  ByUnit values;
  std::size_t left_out = 0;
};

// A per-run figure of `protocol`'s runs; nullopt leaves the run out.
template <class Figure>
Units per_run(const SuiteResults& r, const std::string& protocol, Figure figure) {
  Units u;
  for (const auto& run : r.runs) {
    if (run.protocol != protocol) continue;
    if (const std::optional<double> v = figure(run)) {
      u.values[run.split][{run.seed, run.seed}] = *v;
    } else {
      ++u.left_out;
    }
  }
  return u;
}

// The training-loss barrier between two seeds' final networks of `protocol`, per seed pair.
Units barriers(const SuiteResults& r, const std::string& protocol) {
  Units u;
  for (const auto& i : r.interpolations) {
    if (i.a != protocol || i.b != protocol || i.curve.alpha.size() < 2) continue;
    u.values[i.split][std::minmax(i.seed_a, i.seed_b)] = interpolation_barrier(i.curve.alpha, i.curve.train_loss);
  }
  return u;
}

// The training-loss barrier between `protocol` and its twin at each split and seed (Neyshabur et
// al. 2020), from the interpolations between the two at one seed.
Units same_source_barriers(const SuiteResults& r, const std::string& protocol) {
  Units u;
  for (const auto& i : r.interpolations) {
    if ((i.a != protocol && i.b != protocol) || i.curve.alpha.size() < 2 || !joins_twins(r, i)) continue;
    u.values[i.split][{i.seed_a, i.seed_a}] = interpolation_barrier(i.curve.alpha, i.curve.train_loss);
  }
  return u;
}

// Where a run first reaches the training accuracy `level`: its train − val gap there.
std::optional<double> gap_at(const SuiteRun& run, double level) {
  const auto point = first_point_reaching_accuracy(target_curve(run), level);
  if (!point) return std::nullopt;
  return point->train_acc - point->val_acc;
}

std::optional<double> log_loss_area(const SuiteRun& run) {
  double area = 0.0;
  for (const auto& p : target_curve(run)) {
    if (!(p.train_loss > 0)) return std::nullopt;
    area += std::log(p.train_loss);
  }
  return area;
}

std::optional<double> log_final_loss(const SuiteRun& run) {
  if (!(run.target.final_train_loss > 0)) return std::nullopt;
  return std::log(run.target.final_train_loss);
}

// One protocol's units of a per-run or per-pair measure.
Units protocol_units(const SuiteResults& r, const std::string& protocol, MeasureId measure,
                     std::optional<double> gap_level) {
  switch (measure) {
    case MeasureId::kTestAcc:
      return per_run(r, protocol, [](const SuiteRun& run) { return std::optional<double>(run.target.test_acc); });
    case MeasureId::kFinalTrainLoss:
      return per_run(r, protocol, [](const SuiteRun& run) { return std::optional<double>(run.target.final_train_loss); });
    case MeasureId::kLogLossArea:
      return per_run(r, protocol, log_loss_area);
    case MeasureId::kLogSharpness:
      return per_run(r, protocol, [](const SuiteRun& run) -> std::optional<double> {
        const auto& l = run.landscape;
        if (!l.top_eigenvalue || !l.sharpness_converged || !(*l.top_eigenvalue > 0)) return std::nullopt;
        return std::log(*l.top_eigenvalue);
      });
    case MeasureId::kDistance:
      return per_run(r, protocol, [](const SuiteRun& run) { return run.landscape.relative_distance; });
    case MeasureId::kBarrier:
      return barriers(r, protocol);
    case MeasureId::kSameSourceBarrier:
      return same_source_barriers(r, protocol);
    case MeasureId::kGapAtMatchedFit:
      return per_run(r, protocol, [&](const SuiteRun& run) { return gap_at(run, *gap_level); });
    default:
      return {};
  }
}

// The unit's value, or null where the units lack it.
const double* value_of(const Units& u, const std::string& split, const UnitKey& key) {
  const auto s = u.values.find(split);
  if (s == u.values.end()) return nullptr;
  const auto v = s->second.find(key);
  return v == s->second.end() ? nullptr : &v->second;
}

// Σ weight · units over a side's terms (each protocol's units from `of`), at the units every term has.
template <class Of>
Units side_units(const Side& side, Of of) {
  std::vector<Units> terms;
  Units out;
  for (const auto& t : side.terms) {
    terms.push_back(of(t.protocol));
    out.left_out += terms.back().left_out;
  }
  for (const auto& [split, first] : terms.front().values) {
    for (const auto& [key, ignored] : first) {
      double sum = 0.0;
      std::size_t found = 0;
      for (std::size_t i = 0; i < terms.size(); ++i) {
        if (const double* v = value_of(terms[i], split, key)) sum += side.terms[i].weight * *v, ++found;
      }
      if (found == terms.size()) out.values[split][key] = sum;
    }
  }
  return out;
}

// The splits in the report's order (one unnamed split in a suite without any).
std::vector<std::string> ordered_splits(const std::vector<std::string>& split_order) {
  return split_order.empty() ? std::vector<std::string>{""} : split_order;
}

// a − b at every unit both have, per split in the report's order.
std::vector<std::vector<double>> differences(const Units& a, const Units& b, const std::vector<std::string>& split_order) {
  std::vector<std::vector<double>> out;
  for (const auto& split : ordered_splits(split_order)) {
    const auto ia = a.values.find(split), ib = b.values.find(split);
    if (ia == a.values.end() || ib == b.values.end()) continue;
    std::vector<double> d;
    for (const auto& [key, value] : ia->second) {
      if (const auto it = ib->second.find(key); it != ib->second.end()) d.push_back(value - it->second);
    }
    if (!d.empty()) out.push_back(d);
  }
  return out;
}

Measured measured(const PairedEstimate& e, std::size_t left_out) {
  return {e.mean, e.ci_low, e.ci_high, e.standard_error, e.has_test ? e.df : 0.0,
          {e.pairs, e.splits >= 2 ? e.splits : 0, false, left_out}};
}

Measured measured(const Ancova& a) {
  const OlsCoefficient& o = a.protocol;
  return {o.estimate, o.ci_low, o.ci_high, o.standard_error, o.df, {a.pairs, a.splits, true, 0}};
}

// The pairs of a − b for the ANCOVA: test accuracy and log final training loss, both as differences.
std::vector<AncovaPair> ancova_pairs(const SuiteResults& r, const Side& a, const Side& b) {
  const auto acc = [&](const std::string& protocol) {
    return per_run(r, protocol, [](const SuiteRun& run) { return std::optional<double>(run.target.test_acc); });
  };
  const auto loss = [&](const std::string& protocol) { return per_run(r, protocol, log_final_loss); };
  const Units acc_a = side_units(a, acc), acc_b = side_units(b, acc);
  const Units loss_a = side_units(a, loss), loss_b = side_units(b, loss);
  std::vector<AncovaPair> pairs;
  for (const auto& [split, units] : acc_a.values) {
    for (const auto& [key, value] : units) {
      const double* ab = value_of(acc_b, split, key);
      const double* la = value_of(loss_a, split, key);
      const double* lb = value_of(loss_b, split, key);
      if (ab && la && lb) pairs.push_back({split, *la - *lb, value - *ab});
    }
  }
  return pairs;
}

// Every curve measure of a − b, with the ANCOVA of their pairs' final figures.
CurveComparison along_curves(const SuiteResults& r, const std::string& a, const std::string& b,
                             const std::vector<std::string>& split_order) {
  CurveComparison c = compare_curves(a, b, curve_pairs(r, a, b), split_order);
  c.ancova = paired_ancova(ancova_pairs(r, {SideKind::kProtocol, a, {{a, 1.0}}}, {SideKind::kProtocol, b, {{b, 1.0}}}),
                           split_order);
  return c;
}

// Why a measure of protocols that all ran has no value.
AbsentReason missing_measure(MeasureId measure, const Units& a, const Units& b) {
  const bool any = !a.values.empty() || !b.values.empty();
  switch (measure) {
    case MeasureId::kLogSharpness:
      if (!any && a.left_out + b.left_out > 0) return AbsentReason::kNotConverged;
      return any ? AbsentReason::kTooFewPairs : AbsentReason::kNotMeasured;
    case MeasureId::kDistance:
    case MeasureId::kSameSourceBarrier:
      return any ? AbsentReason::kTooFewPairs : AbsentReason::kNotMeasured;
    case MeasureId::kBarrier:
      return AbsentReason::kNoInterpolation;
    default:
      return AbsentReason::kTooFewPairs;
  }
}

// A paired estimate of a − b, or why there is none.
std::variant<Measured, NotTested> paired(const Units& a, const Units& b, MeasureId measure,
                                        const std::vector<std::string>& split_order) {
  const std::vector<std::vector<double>> d = differences(a, b, split_order);
  if (d.empty()) return NotTested{missing_measure(measure, a, b), ""};
  const PairedEstimate e = paired_estimate(d);
  if (!e.has_test) return NotTested{AbsentReason::kTooFewPairs, ""};
  if (!(e.standard_error > 0)) return NotTested{AbsentReason::kNotEstimable, ""};
  return measured(e, a.left_out + b.left_out);
}

// The measure a prediction asks for, between its sides.
std::variant<Measured, NotTested> measure_of(const SuiteResults& r, const StudyHypotheses& h, const Prediction& p,
                                            const std::vector<std::string>& split_order) {
  switch (p.measure) {
    case MeasureId::kAncovaOffset: {
      const auto a = paired_ancova(ancova_pairs(r, p.a, p.b), split_order);
      if (!a) return NotTested{AbsentReason::kRegressionTooFew, ""};
      if (!(a->protocol.standard_error > 0)) return NotTested{AbsentReason::kNotEstimable, ""};
      return measured(*a);
    }
    case MeasureId::kValAccAtCommonLoss: {
      const CurveComparison c = compare_curves(p.a.name, p.b.name, curve_pairs(r, p.a.name, p.b.name), split_order);
      if (!c.val_acc_at_common_loss || !c.val_acc_at_common_loss->has_test) return NotTested{AbsentReason::kTooFewPairs, ""};
      return measured(*c.val_acc_at_common_loss, 0);
    }
    case MeasureId::kGapAtMatchedFit:
      if (!h.gap_level) return NotTested{AbsentReason::kNoGapLevel, ""};
      break;
    default:
      break;
  }
  const auto of = [&](const std::string& protocol) { return protocol_units(r, protocol, p.measure, h.gap_level); };
  return paired(side_units(p.a, of), side_units(p.b, of), p.measure, split_order);
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

HypothesisEvidence hypothesis_evidence(const SuiteResults& r, const StudyHypotheses& h,
                                       const std::vector<std::string>& split_order) {
  std::set<std::string> ran;
  for (const auto& run : r.runs) ran.insert(run.protocol);
  HypothesisEvidence e;
  for (const Prediction& p : h.predictions) {
    std::optional<std::string> missing;
    for (const Side* side : {&p.a, &p.b}) {
      for (const auto& t : side->terms) {
        if (!missing && ran.count(t.protocol) == 0) missing = t.protocol;
      }
    }
    if (missing) {
      e.not_tested[p.id] = {AbsentReason::kNoProtocol, *missing};
      continue;
    }
    const auto m = measure_of(r, h, p, split_order);
    if (const auto* value = std::get_if<Measured>(&m)) {
      e.measured[p.id] = *value;
    } else {
      e.not_tested[p.id] = std::get<NotTested>(m);
    }
  }
  return e;
}

}  // namespace tl_boost
