#include "tl_boost/report/hypotheses.hpp"

#include <algorithm>
#include <stdexcept>

#include "tl_boost/report/comparisons.hpp"

namespace tl_boost {

namespace {

TTest as_test(const Measured& m) {
  TTest t;
  t.difference = m.estimate;
  t.ci_low = m.ci_low;
  t.ci_high = m.ci_high;
  t.standard_error = m.standard_error;
  t.t = m.t;
  t.df = m.df;
  t.p = p_value(m.t, m.df, Alternative::kTwoSided);
  return t;
}

Outcome outcome_of(Verdict v) {
  return v == Verdict::kSupported      ? Outcome::kHeld
         : v == Verdict::kContradicted ? Outcome::kContradicted
                                       : Outcome::kInconclusive;
}

// Why a measure could be missing although both protocols ran.
AbsentReason missing_measure(MeasureId measure) {
  switch (measure) {
    case MeasureId::kAncovaOffset:
      return AbsentReason::kRegressionTooFew;
    case MeasureId::kSharpness:
    case MeasureId::kDistance:
      return AbsentReason::kNotMeasured;
    case MeasureId::kBarrier:
      return AbsentReason::kNoInterpolation;
    default:
      return AbsentReason::kTooFewPairs;
  }
}

// Why a prediction has no value: the first protocol it needs (the transfer first) that the suite
// lacks, else why its measure is missing.
NotTested not_tested(const Prediction& p, const HypothesisEvidence& e) {
  std::vector<Compared> needs = {p.a, p.b};
  std::stable_partition(needs.begin(), needs.end(), [](Compared c) { return c == Compared::kTransferred; });
  for (const Compared role : needs) {
    if (e.protocol(role).empty()) return {AbsentReason::kNoProtocol, role};
  }
  return {missing_measure(p.measure), Compared::kTransferred};
}

// One-sided p of the measured difference in `direction`; a difference of zero with no spread decides nothing.
double one_sided_p(const TTest& t, Alternative direction) {
  return p_or_one(t.standard_error > 0 || t.difference != 0 ? p_value(t.t, t.df, direction) : 1.0);
}

}  // namespace

bool is_accuracy(MeasureId measure) {
  switch (measure) {
    case MeasureId::kTestAcc:
    case MeasureId::kAncovaOffset:
    case MeasureId::kValAccAtCommonLoss:
    case MeasureId::kGapAtMatchedFit:
      return true;
    default:
      return false;
  }
}

std::vector<Prediction> study_predictions(double m) {
  using C = Compared;
  using H = Hypothesis;
  using M = MeasureId;
  using P = Predicted;
  return {
      {"H0.compute_matched", H::kLongerTraining, M::kTestAcc, C::kTransferred, C::kComputeMatched, P::kEquivalent, m},
      {"H0.reference", H::kLongerTraining, M::kTestAcc, C::kTransferred, C::kReference, P::kEquivalent, m},
      {"H1.ancova", H::kBetterMinima, M::kAncovaOffset, C::kTransferred, C::kReference, P::kGreater, 0},
      {"H1.common_loss", H::kBetterMinima, M::kValAccAtCommonLoss, C::kTransferred, C::kReference, P::kGreater, 0},
      {"H1.loss_area", H::kBetterMinima, M::kLogLossArea, C::kTransferred, C::kReference, P::kLess, 0},
      {"H1.sharpness", H::kBetterMinima, M::kSharpness, C::kTransferred, C::kReference, P::kLess, 0},
      {"H1.distance", H::kBetterMinima, M::kDistance, C::kTransferred, C::kReference, P::kLess, 0},
      {"H1.barrier", H::kBetterMinima, M::kBarrier, C::kTransferred, C::kReference, P::kLess, 0},
      {"H2.matched_statistics", H::kRegularizedInit, M::kTestAcc, C::kMatchedStatistics, C::kTransferred,
       P::kEquivalent, m},
      {"H2.statistics_beat_scratch", H::kRegularizedInit, M::kTestAcc, C::kMatchedStatistics, C::kBaseline, P::kGreater,
       0},
      {"H2.gap_at_matched_fit", H::kRegularizedInit, M::kGapAtMatchedFit, C::kTransferred, C::kReference, P::kLess, 0},
      {"H2.permuted_taps", H::kRegularizedInit, M::kTestAcc, C::kPermutedTaps, C::kBaseline, P::kGreater, 0},
  };
}

Measured measured(const PairedEstimate& e) {
  Measured m{e.mean, e.ci_low, e.ci_high, e.standard_error, e.t, e.df, {e.pairs, e.splits, 0}};
  if (!e.has_test) m.df = 0;
  return m;
}

Measured measured(const OlsCoefficient& c, std::size_t runs) {
  return {c.estimate, c.ci_low, c.ci_high, c.standard_error, c.t, c.df, {0, 0, runs}};
}

std::string HypothesisEvidence::protocol(Compared role) const {
  const auto it = protocols.find(role);
  return it == protocols.end() ? "" : it->second;
}

std::optional<Measured> HypothesisEvidence::measure(const Prediction& p) const {
  const auto it = measures.find({p.measure, p.a, p.b});
  if (it == measures.end()) return std::nullopt;
  return it->second;
}

std::vector<HypothesisTally> tally(const std::vector<HypothesisRow>& rows) {
  std::vector<HypothesisTally> tallies;
  for (const Hypothesis h : {Hypothesis::kLongerTraining, Hypothesis::kBetterMinima, Hypothesis::kRegularizedInit}) {
    HypothesisTally t{h};
    for (const auto& row : rows) {
      if (row.prediction.hypothesis != h) continue;
      std::size_t* const count[] = {&t.held, &t.contradicted, &t.inconclusive, &t.untested};  // in Outcome's order
      ++*count[static_cast<std::size_t>(row.outcome)];
    }
    tallies.push_back(t);
  }
  return tallies;
}

const HypothesisRow& HypothesisTable::row(const std::string& id) const {
  for (const auto& r : rows) {
    if (r.prediction.id == id) return r;
  }
  throw std::out_of_range("no prediction " + id + " in the hypothesis table");
}

HypothesisTable judge_hypotheses(const std::vector<Prediction>& predictions, const HypothesisEvidence& evidence,
                                 double alpha) {
  HypothesisTable table{{}, evidence.protocols, evidence.gap_level};
  std::vector<std::size_t> directional;
  std::vector<OneSidedP> family;
  for (const auto& prediction : predictions) {
    HypothesisRow row{prediction, evidence.measure(prediction), Outcome::kNotTested, std::nullopt, std::nullopt};
    if (!row.value) row.not_tested = not_tested(prediction, evidence);
    if (row.value && row.value->df <= 0) {
      row.value.reset();
      row.not_tested = NotTested{AbsentReason::kTooFewPairs, Compared::kTransferred};
    }
    if (row.value) {
      const TTest t = as_test(*row.value);
      if (prediction.kind == Predicted::kEquivalent) {
        const EquivalenceResult e = judge_equivalence(t, prediction.margin, alpha);
        row.p = e.test.p;
        row.outcome = outcome_of(e.verdict);
      } else {
        const bool greater = prediction.kind == Predicted::kGreater;
        directional.push_back(table.rows.size());
        family.push_back({one_sided_p(t, greater ? Alternative::kGreater : Alternative::kLess),
                          one_sided_p(t, greater ? Alternative::kLess : Alternative::kGreater)});
      }
    }
    table.rows.push_back(row);
  }
  const std::vector<FamilyResult> results = judge_family(family, alpha);
  for (std::size_t i = 0; i < directional.size(); ++i) {
    HypothesisRow& row = table.rows[directional[i]];
    row.p = results[i].p_holm;
    row.outcome = outcome_of(results[i].verdict);
  }
  return table;
}

}  // namespace tl_boost
