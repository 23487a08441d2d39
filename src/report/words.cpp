#include "tl_boost/report/words.hpp"

#include <algorithm>
#include <map>

#include "tl_boost/report/figures.hpp"
#include "tl_boost/text_format.hpp"

namespace tl_boost {

namespace {

std::string expectation_name(ExpectationId id) {
  constexpr const char* kNames[] = {"E1", "E2", "E3", "E4", "E5"};  // in ExpectationId's order
  return kNames[static_cast<std::size_t>(id)];
}

std::string p_text(double p) { return p < 0.001 ? "< 0.001" : "= " + fixed(p, 3); }

// A difference in its unit: accuracies (fractions) in signed points, other measures as they are.
std::string value_text(double v, bool accuracy) {
  return accuracy ? (v >= 0 ? "+" : "") + fixed(100.0 * v, 2) : fixed(v, 3);
}

std::string estimate_text(double v, double lo, double hi, bool accuracy) {
  return value_text(v, accuracy) + (accuracy ? " points" : "") + " [" + value_text(lo, accuracy) + ", " +
         value_text(hi, accuracy) + "]";
}

// "of 6 predictions: 1 held, 2 contradicted, 3 not tested": a hypothesis' rows counted.
std::string tally_text(const HypothesisTally& t) {
  const std::pair<std::size_t, const char*> counts[] = {
      {t.held, "held"}, {t.contradicted, "contradicted"}, {t.inconclusive, "inconclusive"}, {t.untested, "not tested"}};
  std::string s;
  for (const auto& [n, word] : counts) {
    if (n) s += (s.empty() ? "" : ", ") + std::to_string(n) + " " + word;
  }
  return "of " + counted(t.tested() + t.untested, "prediction") + ": " + s;
}

std::string hypothesis_verdict_text(const HypothesisFinding& f) {
  switch (f.verdict) {
    case HypothesisVerdict::kHeld:
      return f.tally.held_post_hoc == f.tally.held ? "held, by predictions declared after their data were seen"
                                                    : "held";
    case HypothesisVerdict::kContradicted:
      return "contradicted";
    case HypothesisVerdict::kMixed:
      return "mixed: some predictions held, others contradicted";
    case HypothesisVerdict::kInconclusive:
      return "inconclusive";
    case HypothesisVerdict::kNotTested:
      return "not tested in this suite";
  }
  return "?";
}

// "b's", "b's and c's": the protocols an expectation compares its first with.
std::string others_possessive(const Expectation& e) {
  std::string names;
  for (const auto& c : e.comparisons) names += (names.empty() ? "" : " and ") + c.b + "'s";
  return names;
}

// "1.23 points" for an accuracy (a fraction), the measure's own unit otherwise.
std::string effect_text(double value, MeasureId measure) {
  return is_accuracy(measure) ? fixed(100.0 * value, 3) + " points" : fixed(value, 3);
}

std::string ids_text(const std::vector<std::string>& ids) {
  std::string s;
  for (std::size_t i = 0; i < ids.size(); ++i) s += (i == 0 ? "" : i + 1 == ids.size() ? " and " : ", ") + ids[i];
  return s;
}

// The prediction ids of `h`'s rows with `outcome`.
std::vector<std::string> ids_with(const HypothesisTable& t, const std::string& h, Outcome outcome) {
  std::vector<std::string> ids;
  for (const auto& row : t.rows) {
    if (row.prediction.hypothesis == h && row.outcome == outcome) ids.push_back(row.prediction.id);
  }
  return ids;
}

// One hypothesis' verdict: what was contradicted, what held, what stayed open or untested.
std::string verdict_text(const HypothesisTable& t, const HypothesisTally& tally) {
  std::string s = hypothesis_label(t, tally.id) + ": ";
  const auto contradicted = ids_with(t, tally.id, Outcome::kContradicted), held = ids_with(t, tally.id, Outcome::kHeld);
  if (!contradicted.empty()) s += "contradicted by " + ids_text(contradicted);
  if (!held.empty()) s += std::string(contradicted.empty() ? "" : "; ") + "held: " + ids_text(held);
  if (tally.held > 0 && tally.held_post_hoc == tally.held) s += " (declared after their data were seen)";
  if (tally.tested() == 0) s += "not tested in this suite";
  if (tally.tested() > 0 && held.empty() && contradicted.empty()) s += "neither held nor contradicted";
  if (tally.inconclusive) s += "; " + std::to_string(tally.inconclusive) + " inconclusive";
  if (tally.untested && tally.tested() > 0) s += "; " + std::to_string(tally.untested) + " not tested";
  return s;
}

}  // namespace

std::string expectation_label(const Expectation& e) {
  const std::string name = expectation_name(e.id);
  return e.depth ? name + " n=" + std::to_string(*e.depth) : name;
}

std::string expectation_statement(const Expectation& e) {
  if (e.comparisons.empty()) return "";
  const Comparison& c = e.comparisons.front();
  switch (e.id) {
    case ExpectationId::kE1:
      return "final training loss of " + c.a + " ≈ " + c.b;
    case ExpectationId::kE2:
      return "train−val accuracy gap smaller for " + c.b + " than " + c.a;
    case ExpectationId::kE3:
      return c.a + " test accuracy above " + c.b;
    case ExpectationId::kE4:
      return c.a + " test accuracy the highest of all protocols";
    case ExpectationId::kE5:
      return "base-task probe: a linear classifier on " + c.a +
             "'s frozen conv features scores higher on the source task than on " + others_possessive(e);
  }
  return "";
}

std::string grid_condition_name(GridCondition condition) {
  constexpr const char* kNames[] = {"AnB", "AnB+", "BnB", "BnB+"};  // in GridCondition's order
  return kNames[static_cast<std::size_t>(condition)];
}

std::string missing_expectation_text(const MissingExpectation& m) {
  // Each expectation's role, and the protocol of this repository's configs that plays it.
  constexpr const char* kRoles[] = {
      "a fine-tuned self-transfer (as non_transferred is)", "a fine-tuned self-transfer (as non_transferred is)",
      "a source more diverse than the transfer's (as transferred_diverse has)",
      "a source larger than the transfer's (as transferred_more_data has)",
      "a self-transfer or a baseline with a base-task probe"};
  const std::string name = expectation_name(m.id);
  constexpr const char* kFigures[] = {"a final training loss", "a train − val gap", "a test accuracy",
                                      "a test accuracy", "a base-task probe"};
  if (m.reason == MissingReason::kTooFewRuns) {
    return name + ": not run — its protocols ran, but fewer than 2 runs of one of them have " +
           kFigures[static_cast<std::size_t>(m.id)];
  }
  return name + ": not run — no protocol with " + kRoles[static_cast<std::size_t>(m.id)] + " in this suite";
}

std::string headline_finding(const HeadlineComparison& h) {
  const Comparison& c = h.comparison;
  std::string s = "Boost " + headline_label(h.id) + " (" + c.a + " − " + c.b + "), test accuracy: ";
  if (!c.test) return s + "not tested (" + c.test_name() + ").";
  const TTest& t = *c.test;
  s += estimate_text(t.difference, t.ci_low, t.ci_high, true);
  s += c.splits ? " over " + counted(c.splits->estimate.splits, "split") : " over seeds";
  // A contradiction is decided by the opposite direction's test: its p is the one to read.
  const bool against = c.verdict == Verdict::kContradicted && c.p_holm_opposite;
  if (against) s += ", Holm p " + p_text(*c.p_holm_opposite) + " against it";
  if (!against && c.p_holm) s += ", Holm p " + p_text(*c.p_holm);
  return s + ": " + to_string(c.verdict) + " (Yosinski et al. 2014 on ImageNet: ≈ +" + fixed(h.yosinski_2014_points, 1) +
         ").";
}

// "p1 †, test acc: a − b: +1.10 points [...] over 9 splits (27 pairs); Holm p = 0.003 for the prediction ...".
std::string deciding_row_text(const HypothesisRow& row, const HypothesisTable& t) {
  const Prediction& p = row.prediction;
  const Measured& v = *row.value;
  return p.id + (p.post_hoc ? " †" : "") + ", " + prediction_measure(p, t) + ": " +
         estimate_text(v.estimate, v.ci_low, v.ci_high, is_accuracy(p.measure)) + " over " + measured_over(v.over) +
         "; Holm p " + p_text(row.tests->p_holm) + (row.tests->decided_against() ? " against" : " for") +
         " the prediction " + prediction_predicts(p, t);
}

std::string hypothesis_finding(const HypothesisFinding& f, const HypothesisTable& t) {
  std::string s = hypothesis_label(t, f.tally.id) + ": " + hypothesis_verdict_text(f);
  for (const std::string& id : f.deciding_rows) {
    const HypothesisRow& row = t.row(id);
    // A mixed verdict names each side's row by its outcome; a single row's outcome is the verdict.
    const std::string outcome = f.verdict == HypothesisVerdict::kMixed ? to_string(row.outcome) + ": " : "";
    s += " — " + outcome + deciding_row_text(row, t);
  }
  return s + "; " + tally_text(f.tally) + ".";
}

std::string ci_over(bool several_splits) {
  return several_splits ? "95% CI over split means" : "95% CI over seeds";
}

std::string headline_label(HeadlineId id) { return id == HeadlineId::kVersusSelf ? "AnB+ − BnB+" : "AnB+ − baseB"; }

std::string hypothesis_label(const HypothesisTable& t, const std::string& id) {
  for (const auto& h : t.declared.hypotheses) {
    if (h.id == id) return h.id + " (" + h.name + ")";
  }
  return id;
}

std::string side_text(const Side& side) {
  if (side.kind != SideKind::kDifference) return side.name;
  return "(" + side.terms[0].protocol + " − " + side.terms[1].protocol + ")";
}

std::string measure_label(MeasureId measure, const HypothesisTable& t) {
  switch (measure) {
    case MeasureId::kTestAcc:
      return "test acc";
    case MeasureId::kFinalTrainLoss:
      return "final training loss";
    case MeasureId::kLogLossArea:
      return "log training loss summed over the target epochs";
    case MeasureId::kLogSharpness:
      return "log Hessian top eigenvalue at the final network (converged estimates)";
    case MeasureId::kDistance:
      return "relative distance in weight space over the target stage";
    case MeasureId::kBarrier:
      return "training-loss barrier between two seeds' final networks";
    case MeasureId::kSameSourceBarrier:
      return "training-loss barrier between two target seeds sharing one source network";
    case MeasureId::kGapAtMatchedFit:
      return "train − val gap at the first epoch with train acc ≥ " +
             (t.declared.gap_level ? fixed(*t.declared.gap_level, 2) : std::string("(no level declared)"));
    case MeasureId::kAncovaOffset:
      return "test acc at matched training loss (ANCOVA of the paired differences on log final training loss)";
    case MeasureId::kValAccAtCommonLoss:
      return "val acc at the training loss both runs of a pair reach";
  }
  return "?";
}

std::string prediction_measure(const Prediction& p, const HypothesisTable& t) {
  return measure_label(p.measure, t) + ": " + side_text(p.a) + " − " + side_text(p.b);
}

std::string prediction_predicts(const Prediction& p, const HypothesisTable& t) {
  const std::optional<double> sesoi = t.declared.sesoi_of(p);
  const std::string s = sesoi ? effect_text(*sesoi, p.measure) : "?";
  switch (p.kind) {
    case Predicted::kGreater:
      return "> 0, by at least " + s;
    case Predicted::kLess:
      return "< 0, by at least " + s;
    case Predicted::kEquivalent:
      return "≈ 0 within ±" + s;
  }
  return "?";
}

std::string not_tested_text(const NotTested& n) {
  switch (n.reason) {
    case AbsentReason::kNoProtocol:
      return "no runs of " + n.protocol + " in this suite";
    case AbsentReason::kTooFewPairs:
      return "fewer than 2 paired units";
    case AbsentReason::kNotEstimable:
      return "not estimable: every unit's difference is the same";
    case AbsentReason::kNotMeasured:
      return "not measured in these runs";
    case AbsentReason::kNotConverged:
      return "no Hessian estimate converged in these runs";
    case AbsentReason::kRegressionTooFew:
      return "the regression has fewer than 3 units, or training loss does not vary";
    case AbsentReason::kNoInterpolation:
      return "no interpolation between two seeds of both sides";
    case AbsentReason::kNoGapLevel:
      return "the hypotheses file declares no gap_level";
  }
  return "?";
}

std::string measured_over(const MeasuredOver& over) {
  std::string s = over.splits >= 2 ? counted(over.splits, "split") + " (" + counted(over.pairs, "pair") + ")"
                                   : counted(over.pairs, "pair");
  if (over.regression) s += ", OLS over the " + std::string(over.splits >= 2 ? "split means" : "pairs");
  if (over.left_out) s += "; " + counted(over.left_out, "run") + " left out";
  return s;
}

std::string to_string(Outcome outcome) {
  switch (outcome) {
    case Outcome::kHeld:
      return "held";
    case Outcome::kContradicted:
      return "contradicted";
    case Outcome::kInconclusive:
      return "inconclusive";
    case Outcome::kNotTested:
      return "not tested";
  }
  return "?";
}

std::string outcome_text(const HypothesisRow& row) {
  if (row.outcome != Outcome::kNotTested) return to_string(row.outcome);
  return "not tested: " + (row.not_tested ? not_tested_text(*row.not_tested) : "");
}

std::string measure_unit(MeasureId measure) {
  switch (measure) {
    case MeasureId::kTestAcc:
    case MeasureId::kAncovaOffset:
    case MeasureId::kValAccAtCommonLoss:
    case MeasureId::kGapAtMatchedFit:
      return "accuracy";
    case MeasureId::kFinalTrainLoss:
    case MeasureId::kBarrier:
    case MeasureId::kSameSourceBarrier:
      return "loss";
    case MeasureId::kLogLossArea:
      return "summed log loss";
    case MeasureId::kLogSharpness:
      return "log eigenvalue";
    case MeasureId::kDistance:
      return "relative distance";
  }
  return "?";
}

std::string figure_unit(Figure figure) { return figure == Figure::kFinalTrainLoss ? "loss" : "accuracy"; }

std::string closing_paragraph(const HypothesisTable& t) {
  const std::vector<HypothesisTally> tallies = tally(t);
  std::string text = "By hypothesis — ";
  std::vector<std::string> favoured;
  for (std::size_t i = 0; i < tallies.size(); ++i) {
    text += (i ? "; " : "") + verdict_text(t, tallies[i]);
    if (tallies[i].favoured()) favoured.push_back(hypothesis_label(t, tallies[i].id));
  }
  text += ". ";
  text += favoured.empty() ? "No hypothesis has a prediction that held and none contradicted."
                           : ids_text(favoured) + (favoured.size() == 1 ? " is the only hypothesis" : " are the hypotheses") +
                                 " with a prediction that held and none contradicted.";
  text += " A prediction holds only by a significant test for it and is contradicted only by a significant test "
          "against it (beyond its smallest effect of interest); each row is decided by the smaller p of the two, "
          "Holm-adjusted over the " + std::to_string(t.family_size) + " tested rows at α = " + fixed(t.alpha, 2) +
          ". A row declared after its data were seen (†) describes them, it does not test.";
  return text;
}

std::string barrier_kind_text(BarrierKind kind) {
  if (kind == BarrierKind::kAcrossSeeds) return "consecutive seeds (another data split, every stage seeded anew)";
  if (kind == BarrierKind::kTwins) return "a protocol and its twin at one split and seed (one source network and split)";
  return "two protocols at one split and seed";
}

std::string passage(Passage p) {
  switch (p) {
    case Passage::kNoBoost:
      return "This suite has neither transferred with non_transferred or scratch, nor AnB+ with BnB+ or baseB at the "
             "same depth, so there is no boost to measure.";
    case Passage::kNoExpectations:
      return "None of E1–E5 applies: they compare protocols by their roles at the same depth (a fine-tuned transfer "
             "from other classes, AnB+, with the fine-tuned self-transfer BnB+, a more diverse or a larger source, "
             "baseB), and this suite has too few of them with at least 2 runs.";
    case Passage::kExpectationsGuide:
      return "Each row is one comparison a − b, accuracy differences in percentage points. Every directional "
             "expectation reads a > b (E2 compares the gaps the other way round: the self-transfer's minus the "
             "transfer's), so a positive difference favours it. The deciding p is the one the row's result is judged "
             "by: the Holm-adjusted one-sided p (E2–E5), or TOST's p for the equivalence of E1. The result is the "
             "row's own; the expectation's verdict needs every row of it supported.";
    case Passage::kGridKey:
      return "AnB: the first n layers of a network trained on other classes, frozen; AnB+: the same, fine-tuned; "
             "BnB, BnB+: copied from a network trained on the target classes themselves. − baseB: the paired "
             "difference from the baseline at the same splits and seeds, in points; its interval leaves out the "
             "split-to-split spread that every protocol shares and that widens each mean's own, so the chart "
             "draws it as the bars around each mean.";
    case Passage::kCurvesGuide:
      return "Paired differences along each pair's learning curves: log training loss at every epoch and summed over "
             "epochs, the epochs needed to reach fixed training losses, validation accuracy and the train − val gap "
             "at the first epoch each run reaches a training accuracy (pairs where either run does not are excluded "
             "and counted), validation accuracy at the lowest training loss both runs reach (interpolated in log "
             "loss), and test accuracy at matched training loss (Erhan et al. 2010: OLS of test accuracy on log final "
             "training loss with a protocol indicator). Two-sided p; with several class splits the split is the unit.";
    case Passage::kFindingsGuide:
      return "Each line: the verdict, then the paired difference a − b that decides it with its 95% CI (with "
             "several class splits the split is the unit) and its Holm-adjusted p; a mixed verdict gives its "
             "strongest held and strongest contradicted prediction, each preferring one declared before its data. "
             "Accuracies in percentage points; † marks a prediction declared after its data were seen.";
    case Passage::kNoFindings:
      return "This suite has no declared predictions and no headline comparison to report.";
  }
  return "";
}

std::string probe_references_passage(bool several_splits) {
  return std::string("The same probe of reference features, mean ± sd over ") +
         (several_splits ? "the split means of " : "") +
         "the runs that probed them: the source stage's network before fine-tuning (for a transfer from the probe "
         "classes, what fine-tuning could keep at most), an untrained network of the same architecture (what the "
         "probe reaches on features that learned nothing), and the final network's conv1 alone (the layer a transfer "
         "at n = 1 copies; conv2 only ever learns the target task).";
}

std::string tests_passage(bool several_splits, std::size_t family_size) {
  std::string tests =
      "Tests: paired t-test over the seeds both protocols ran (a missing or failed run costs its pair), Welch's "
      "t-test only when fewer than 2 seeds pair";
  if (several_splits) {
    tests +=
        "; with several class splits a two-stage estimate: the mean paired difference within each split, then "
        "a t-test over the split means (df = splits − 1), with the sd of the split means and the share of the "
        "variance that lies between splits";
  }
  return tests + ". Directional expectations (E2–E5) and the headline are one-sided (alternative: greater); their " +
         std::to_string(family_size) +
         " tests form one family whose p-values are Holm-adjusted, and the verdicts use the adjusted p (a "
         "contradiction: the opposite one-sided test, adjusted the same way). The paired effect size is d_z (mean "
         "difference over the sd of the differences). E1 is judged by two one-sided tests (TOST) against the margin. "
         "Accuracies are shown in percent and their differences in percentage points (report.json holds them as "
         "fractions); train accuracy and loss are measured in eval mode after each epoch.";
}

std::string absent_runs_text(const std::vector<AbsentRun>& absent) {
  constexpr std::size_t kMissingNamed = 12;
  std::vector<const AbsentRun*> named;
  std::vector<std::pair<std::string, std::size_t>> missing_by_protocol;  // in the order first met
  std::size_t missing = 0;
  for (const AbsentRun& a : absent) {
    if (a.kind != AbsentKind::kMissing) continue;
    ++missing;
    const auto it = std::find_if(missing_by_protocol.begin(), missing_by_protocol.end(),
                                 [&a](const auto& entry) { return entry.first == a.protocol; });
    if (it != missing_by_protocol.end()) {
      ++it->second;
    } else {
      missing_by_protocol.push_back({a.protocol, 1});
    }
  }
  for (const AbsentRun& a : absent) {
    if (a.kind != AbsentKind::kMissing || missing <= kMissingNamed) named.push_back(&a);
  }
  std::string text = "Runs without results (left out; the others are reported, paired where both ran):";
  for (std::size_t i = 0; i < named.size(); ++i) {
    const AbsentRun& a = *named[i];
    text += (i ? "; " : " ") + (a.split.empty() ? "" : a.split + "/") + a.protocol + " seed " + std::to_string(a.seed) +
            " (" + absent_reason(a) + ")";
  }
  if (missing > kMissingNamed) {
    text += std::string(named.empty() ? " " : "; ") + counted(missing, "run") + " missing (no summary.json yet):";
    for (std::size_t i = 0; i < missing_by_protocol.size(); ++i) {
      text += (i ? ", " : " ") + missing_by_protocol[i].first + " " + std::to_string(missing_by_protocol[i].second);
    }
  }
  return text + ".";
}

std::string data_source_text(const Provenance& prov) {
  std::string text;
  for (const auto& [fingerprint, source] : prov.data_sources) {
    text += (text.empty() ? "" : "; ") + std::string("copy ") + fingerprint + " (fingerprint of the loaded records), ";
    if (source) {
      text += "tarball md5 " + source->tarball_md5 + ", sha256 " + source->tarball_sha256 + ", " +
              (source->official ? "the official release" : "not the official release");
    } else {
      text += "source tarball not recorded";
    }
  }
  return text.empty() ? "not recorded" : text;
}

}  // namespace tl_boost
