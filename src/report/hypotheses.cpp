#include "tl_boost/report/hypotheses.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "tl_boost/report/comparisons.hpp"
#include "tl_boost/stats.hpp"

namespace tl_boost {

namespace {

// P(T > (d − h) / se) or P(T < ...): the one-sided p of H0 "δ ≤ h" (kGreater) or "δ ≥ h" (kLess).
double shifted_p(const Measured& m, double h, Alternative alternative) {
  return p_or_one(p_value((m.estimate - h) / m.standard_error, m.df, alternative));
}

}  // namespace

const std::map<std::string, MeasureId>& measure_names() {
  static const std::map<std::string, MeasureId> names = {
      {"test_acc", MeasureId::kTestAcc},
      {"final_train_loss", MeasureId::kFinalTrainLoss},
      {"log_loss_area", MeasureId::kLogLossArea},
      {"log_sharpness", MeasureId::kLogSharpness},
      {"distance", MeasureId::kDistance},
      {"barrier", MeasureId::kBarrier},
      {"same_source_barrier", MeasureId::kSameSourceBarrier},
      {"gap_at_matched_fit", MeasureId::kGapAtMatchedFit},
      {"ancova_offset", MeasureId::kAncovaOffset},
      {"val_acc_at_common_loss", MeasureId::kValAccAtCommonLoss},
  };
  return names;
}

std::string measure_name(MeasureId measure) {
  for (const auto& [name, id] : measure_names()) {
    if (id == measure) return name;
  }
  return "?";
}

const std::map<std::string, Predicted>& predicted_names() {
  static const std::map<std::string, Predicted> names = {
      {"greater", Predicted::kGreater}, {"less", Predicted::kLess}, {"equivalent", Predicted::kEquivalent}};
  return names;
}

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

bool needs_two_protocols(MeasureId measure) { return measure == MeasureId::kValAccAtCommonLoss; }

std::optional<double> StudyHypotheses::sesoi_of(const Prediction& p) const {
  if (p.sesoi) return p.sesoi;
  if (const auto it = sesoi.find(p.measure); it != sesoi.end()) return it->second;
  if (const auto it = sesoi.find(MeasureId::kTestAcc); is_accuracy(p.measure) && it != sesoi.end()) return it->second;
  return std::nullopt;
}

const HypothesisRow& HypothesisTable::row(const std::string& id) const {
  for (const auto& r : rows) {
    if (r.prediction.id == id) return r;
  }
  throw std::out_of_range("no prediction " + id + " in the hypothesis table");
}

std::vector<HypothesisTally> tally(const HypothesisTable& table) {
  std::vector<HypothesisTally> tallies;
  for (const auto& h : table.declared.hypotheses) {
    HypothesisTally t{h.id};
    for (const auto& row : table.rows) {
      if (row.prediction.hypothesis != h.id) continue;
      std::size_t* const count[] = {&t.held, &t.contradicted, &t.inconclusive, &t.untested};  // in Outcome's order
      ++*count[static_cast<std::size_t>(row.outcome)];
      if (row.outcome == Outcome::kHeld && row.prediction.post_hoc) ++t.held_post_hoc;
    }
    tallies.push_back(t);
  }
  return tallies;
}

namespace {

// Of hypothesis `id`'s tested rows with an outcome `wanted` accepts, the strongest: declared before
// its data first, then the smallest Holm-adjusted p.
template <typename Accepts>
const HypothesisRow* strongest_row(const HypothesisTable& table, const std::string& id, Accepts wanted) {
  const HypothesisRow* best = nullptr;
  const auto rank = [](const HypothesisRow& r) { return std::pair(r.prediction.post_hoc, r.tests->p_holm); };
  for (const auto& row : table.rows) {
    if (row.prediction.hypothesis != id || !row.tests || !wanted(row.outcome)) continue;
    if (!best || rank(row) < rank(*best)) best = &row;
  }
  return best;
}

}  // namespace

std::vector<HypothesisFinding> hypothesis_findings(const HypothesisTable& table) {
  std::vector<HypothesisFinding> findings;
  for (const HypothesisTally& t : tally(table)) {
    HypothesisFinding f{t, HypothesisVerdict::kNotTested, {}};
    f.verdict = t.held && t.contradicted ? HypothesisVerdict::kMixed
                : t.contradicted         ? HypothesisVerdict::kContradicted
                : t.held                 ? HypothesisVerdict::kHeld
                : t.tested()             ? HypothesisVerdict::kInconclusive
                                         : HypothesisVerdict::kNotTested;
    const auto is = [](Outcome o) { return [o](Outcome x) { return x == o; }; };
    std::vector<const HypothesisRow*> deciding;
    if (t.held) deciding.push_back(strongest_row(table, t.id, is(Outcome::kHeld)));
    if (t.contradicted) deciding.push_back(strongest_row(table, t.id, is(Outcome::kContradicted)));
    if (f.verdict == HypothesisVerdict::kInconclusive) deciding.push_back(strongest_row(table, t.id, [](Outcome) { return true; }));
    for (const HypothesisRow* row : deciding) f.deciding_rows.push_back(row->prediction.id);
    findings.push_back(f);
  }
  return findings;
}

RowTests row_tests(const Measured& m, Predicted kind, double sesoi, double alpha) {
  RowTests t;
  t.sesoi = sesoi;
  const double half = t_critical(1.0 - 2.0 * alpha, m.df) * m.standard_error;
  t.ci90_low = m.estimate - half;
  t.ci90_high = m.estimate + half;
  const auto above = [&](double h) { return shifted_p(m, h, Alternative::kGreater); };  // rejects δ ≤ h
  const auto below = [&](double h) { return shifted_p(m, h, Alternative::kLess); };     // rejects δ ≥ h
  switch (kind) {
    case Predicted::kGreater:
      t.p_for = above(0.0);
      t.p_against = below(sesoi);
      break;
    case Predicted::kLess:
      t.p_for = below(0.0);
      t.p_against = above(-sesoi);
      break;
    case Predicted::kEquivalent:
      t.p_for = std::max(above(-sesoi), below(sesoi));
      t.p_against = m.estimate >= 0 ? above(sesoi) : below(-sesoi);
      break;
  }
  return t;
}

HypothesisTable judge_hypotheses(const StudyHypotheses& declared, const HypothesisEvidence& evidence, double alpha) {
  HypothesisTable table{declared, alpha, 0, {}};
  std::vector<double> family;  // the deciding p of each tested row in turn
  for (const Prediction& p : declared.predictions) {
    HypothesisRow row{p, std::nullopt, std::nullopt, Outcome::kNotTested, std::nullopt};
    const auto found = evidence.measured.find(p.id);
    const std::optional<double> sesoi = declared.sesoi_of(p);
    if (found != evidence.measured.end() && sesoi) {
      row.value = found->second;
      row.tests = row_tests(found->second, p.kind, *sesoi, alpha);
      family.push_back(std::min(row.tests->p_for, row.tests->p_against));
    } else if (const auto why = evidence.not_tested.find(p.id); why != evidence.not_tested.end()) {
      row.not_tested = why->second;
    } else {
      row.not_tested = NotTested{AbsentReason::kNotMeasured, ""};
    }
    table.rows.push_back(row);
  }
  const std::vector<double> adjusted = holm_adjust(family);
  table.family_size = family.size();
  std::size_t next = 0;
  for (HypothesisRow& row : table.rows) {
    if (!row.tests) continue;
    row.tests->p_holm = adjusted[next++];
    if (row.tests->p_holm >= alpha) {
      row.outcome = Outcome::kInconclusive;
    } else {
      row.outcome = row.tests->decided_against() ? Outcome::kContradicted : Outcome::kHeld;
    }
  }
  return table;
}

}  // namespace tl_boost
