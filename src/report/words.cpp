#include "tl_boost/report/words.hpp"

#include <algorithm>
#include <map>

#include "tl_boost/text_format.hpp"

namespace tl_boost {

namespace {

std::string expectation_name(ExpectationId id) {
  switch (id) {
    case ExpectationId::kE1:
      return "E1";
    case ExpectationId::kE2:
      return "E2";
    case ExpectationId::kE3:
      return "E3";
    case ExpectationId::kE4:
      return "E4";
    case ExpectationId::kE5:
      return "E5";
  }
  return "E?";
}

// "b's", "b's and c's": the protocols an expectation compares its first with.
std::string others_possessive(const Expectation& e) {
  std::string names;
  for (const auto& c : e.comparisons) names += (names.empty() ? "" : " and ") + c.b + "'s";
  return names;
}

// A role whose protocol the suite lacks, as a row names it.
std::string role_name(Compared role) {
  switch (role) {
    case Compared::kTransferred:
      return "transfer";
    case Compared::kReference:
      return "reference";
    case Compared::kBaseline:
      return "scratch";
    case Compared::kComputeMatched:
      return "compute-matched scratch";
    case Compared::kMatchedStatistics:
      return "matched statistics";
    case Compared::kPermutedTaps:
      return "permuted taps";
  }
  return "?";
}

// What a suite needs to have a protocol of the role.
std::string role_need(Compared role) {
  switch (role) {
    case Compared::kTransferred:
      return "fine-tuned transfer from other classes";
    case Compared::kReference:
      return "non-transferred reference (self-source or scratch)";
    case Compared::kBaseline:
      return "scratch baseline";
    case Compared::kComputeMatched:
      return "compute-matched scratch (config compute_matched: true)";
    case Compared::kMatchedStatistics:
      return "matched-statistics transfer (transfer_init: matched_statistics)";
    case Compared::kPermutedTaps:
      return "permuted-taps transfer (transfer_init: permuted_taps)";
  }
  return "?";
}

std::string not_tested_text(const NotTested& n) {
  switch (n.reason) {
    case AbsentReason::kNoProtocol:
      return "no " + role_need(n.missing) + " in this suite";
    case AbsentReason::kTooFewPairs:
      return "fewer than 2 paired runs";
    case AbsentReason::kNotMeasured:
      return "not measured in these runs";
    case AbsentReason::kRegressionTooFew:
      return "the regression has too few runs, or training loss does not vary within the protocols";
    case AbsentReason::kNoInterpolation:
      return "no interpolation between two seeds of both protocols";
  }
  return "?";
}

// Why the study's predictions expect what they do, by prediction id.
const std::map<std::string, std::string>& reasons() {
  static const std::map<std::string, std::string> why = {
      {"H0.compute_matched", "scratch trained for the source and target epochs matches the transfer"},
      {"H0.reference", "a network trained as long on the target classes matches the transfer"},
      {"H1.ancova", "better test accuracy at the same fit (Erhan et al. 2010)"},
      {"H1.common_loss", "better validation accuracy at the same training loss"},
      {"H1.loss_area", "training loss lower along the curve (a start nearer a minimum)"},
      {"H1.sharpness", "a flatter minimum"},
      {"H1.distance", "the transfer starts closer to the minimum it reaches"},
      {"H1.barrier", "transferred networks share one basin (Neyshabur et al. 2020)"},
      {"H2.matched_statistics", "random filters with the transferred filters' mean and sd keep the boost"},
      {"H2.statistics_beat_scratch", "matched statistics alone beat scratch"},
      {"H2.gap_at_matched_fit", "a smaller generalisation gap at the same fit"},
      {"H2.permuted_taps", "permuting each filter's taps keeps the boost if scale, not structure, regularises"},
  };
  return why;
}

std::string strength(const HypothesisTally& t) {
  if (t.held == t.tested() && t.tested() >= 2) return "strongly";
  return 2 * t.held >= t.tested() ? "moderately" : "weakly";
}

// "H1 (closer to better minima): 2 of 3 tested predictions held, 0 contradicted, 1 not tested".
std::string tally_text(const HypothesisTally& t) {
  std::string s = hypothesis_id(t.h) + " (" + hypothesis_name(t.h) + "): " + std::to_string(t.held) + " of " +
                  counted(t.tested(), "tested prediction") + " held, " + std::to_string(t.contradicted) +
                  " contradicted";
  if (t.untested) s += ", " + std::to_string(t.untested) + " not tested";
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

std::string headline_label(HeadlineId id) { return id == HeadlineId::kVersusSelf ? "AnB+ − BnB+" : "AnB+ − baseB"; }

std::string hypothesis_id(Hypothesis h) {
  switch (h) {
    case Hypothesis::kLongerTraining:
      return "H0";
    case Hypothesis::kBetterMinima:
      return "H1";
    case Hypothesis::kRegularizedInit:
      return "H2";
  }
  return "H?";
}

std::string hypothesis_name(Hypothesis h) {
  switch (h) {
    case Hypothesis::kLongerTraining:
      return "longer training";
    case Hypothesis::kBetterMinima:
      return "closer to better minima";
    case Hypothesis::kRegularizedInit:
      return "a regularising initialisation";
  }
  return "?";
}

std::string prediction_measure(const Prediction& p, const HypothesisTable& table) {
  const auto name = [&](Compared role) {
    const auto it = table.protocols.find(role);
    return it == table.protocols.end() || it->second.empty() ? "(" + role_name(role) + ")" : it->second;
  };
  const std::string ab = name(p.a) + " − " + name(p.b);
  switch (p.measure) {
    case MeasureId::kTestAcc:
      return "test acc: " + ab;
    case MeasureId::kAncovaOffset:
      return "test acc at matched training loss: " + ab + " (ANCOVA on log final training loss)";
    case MeasureId::kValAccAtCommonLoss:
      return "val acc at the training loss both runs of a pair reach: " + ab;
    case MeasureId::kLogLossArea:
      return "log training loss summed over epochs: " + ab;
    case MeasureId::kSharpness:
      return "Hessian top eigenvalue at the final network: " + ab;
    case MeasureId::kDistance:
      return "relative distance in weight space over the target stage: " + ab;
    case MeasureId::kBarrier:
      return "training-loss barrier on the linear path between two seeds' final networks: " + name(p.a) + " pair − " +
             name(p.b) + " pair";
    case MeasureId::kGapAtMatchedFit:
      return "train − val gap at the first epoch with train acc ≥ " +
             (table.gap_level ? fixed(*table.gap_level, 2) : "a fixed level") + ": " + ab;
  }
  return ab;
}

std::string prediction_predicts(const Prediction& p) {
  std::string sign = p.kind == Predicted::kGreater ? "> 0" : p.kind == Predicted::kLess ? "< 0" : "≈ 0";
  if (p.kind == Predicted::kEquivalent) sign += " within ±" + fixed(100.0 * p.margin, 1) + " points";
  const auto why = reasons().find(p.id);
  return why == reasons().end() ? sign : sign + ": " + why->second;
}

std::string measured_over(const MeasuredOver& over) {
  if (over.runs > 0) return counted(over.runs, "run") + " (OLS)";
  if (over.splits >= 2) return counted(over.splits, "split") + " (" + counted(over.pairs, "pair") + ")";
  return counted(over.pairs, "pair");
}

std::string outcome_text(const HypothesisRow& row) {
  switch (row.outcome) {
    case Outcome::kHeld:
      return "held";
    case Outcome::kContradicted:
      return "contradicted";
    case Outcome::kInconclusive:
      return "inconclusive";
    case Outcome::kNotTested:
      return "not tested: " + (row.not_tested ? not_tested_text(*row.not_tested) : "");
  }
  return "?";
}

std::string closing_paragraph(const std::vector<HypothesisRow>& rows) {
  using Tally = HypothesisTally;
  const std::vector<Tally> tallies = tally(rows);
  std::vector<const Tally*> favoured;
  for (const auto& t : tallies) {
    if (t.favoured()) favoured.push_back(&t);
  }
  std::size_t held = 0;
  std::string against;
  for (const auto& t : tallies) {
    held += t.held;
    if (t.contradicted > 0 && t.held == 0) {
      against +=
          (against.empty() ? "" : ", ") + hypothesis_id(t.h) + " (" + counted(t.contradicted, "contradiction") + ")";
    }
  }
  std::string text;
  if (favoured.empty()) {
    text = held == 0 ? "The evidence favours none of the hypotheses: no prediction held at α."
                     : "The evidence favours none of the hypotheses: each with a prediction that held has another "
                       "that was contradicted.";
  } else if (favoured.size() == 1) {
    const Tally& t = *favoured.front();
    text = "The evidence favours " + hypothesis_id(t.h) + " (" + hypothesis_name(t.h) + "), " + strength(t) + ": " +
           std::to_string(t.held) + " of its " + counted(t.tested(), "tested prediction") +
           " held and none was contradicted.";
  } else {
    text = "The evidence favours several hypotheses, which are not exclusive:";
    for (std::size_t i = 0; i < favoured.size(); ++i) {
      const Tally& t = *favoured[i];
      text += std::string(i ? ";" : "") + " " + hypothesis_id(t.h) + " " + strength(t) + " (" + std::to_string(t.held) +
              " of " + std::to_string(t.tested()) + " held)";
    }
    text += ".";
  }
  if (!against.empty()) text += " It speaks against " + against + ".";
  text += " By hypothesis — ";
  for (std::size_t i = 0; i < tallies.size(); ++i) text += (i ? "; " : "") + tally_text(tallies[i]);
  text +=
      ". Directional predictions are one-sided tests, Holm-adjusted together; equivalences are two one-sided "
      "tests against their margin; \"inconclusive\" is neither held nor contradicted at α.";
  return text;
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
             "BnB, BnB+: copied from a network trained on the target classes themselves.";
    case Passage::kCurvesGuide:
      return "Paired differences along each pair's learning curves: log training loss at every epoch and summed over "
             "epochs, the epochs needed to reach fixed training losses, validation accuracy and the train − val gap "
             "at the first epoch each run reaches a training accuracy (pairs where either run does not are excluded "
             "and counted), validation accuracy at the lowest training loss both runs reach (interpolated in log "
             "loss), and test accuracy at matched training loss (Erhan et al. 2010: OLS of test accuracy on log final "
             "training loss with a protocol indicator). Two-sided p; with several class splits the split is the unit.";
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
         "Accuracies are fractions and their differences percentage points; train accuracy and loss are measured in "
         "eval mode after each epoch.";
}

std::string absent_runs_text(const std::vector<AbsentRun>& absent) {
  constexpr std::size_t kMissingNamed = 12;
  std::vector<const AbsentRun*> named;
  std::vector<std::pair<std::string, std::size_t>> missing_by_protocol;  // in the order first met
  std::size_t missing = 0;
  for (const AbsentRun& a : absent) {
    if (a.reason != "missing") continue;
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
    if (a.reason != "missing" || missing <= kMissingNamed) named.push_back(&a);
  }
  std::string text = "Runs without results (left out; the others are reported, paired where both ran):";
  for (std::size_t i = 0; i < named.size(); ++i) {
    const AbsentRun& a = *named[i];
    text += (i ? "; " : " ") + (a.split.empty() ? "" : a.split + "/") + a.protocol + " seed " + std::to_string(a.seed) +
            " (" + a.reason + ")";
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
