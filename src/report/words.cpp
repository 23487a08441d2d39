#include "tl_boost/report/words.hpp"

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

constexpr Hypothesis kAll[] = {Hypothesis::kLongerTraining, Hypothesis::kBetterMinima, Hypothesis::kRegularizedInit};

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
  struct Tally {
    Hypothesis h;
    std::size_t held = 0, contradicted = 0, inconclusive = 0, untested = 0;
    std::size_t tested() const { return held + contradicted + inconclusive; }
    bool favoured() const { return held > 0 && contradicted == 0; }
    std::string strength() const {
      if (held == tested() && tested() >= 2) return "strongly";
      return 2 * held >= tested() ? "moderately" : "weakly";
    }
    std::string words() const {
      std::string s = hypothesis_id(h) + " (" + hypothesis_name(h) + "): " + std::to_string(held) + " of " +
                      counted(tested(), "tested prediction") + " held, " + std::to_string(contradicted) +
                      " contradicted";
      if (untested) s += ", " + std::to_string(untested) + " not tested";
      return s;
    }
  };
  std::vector<Tally> tallies;
  for (const Hypothesis h : kAll) {
    Tally t{h};
    for (const auto& row : rows) {
      if (row.prediction.hypothesis != h) continue;
      switch (row.outcome) {
        case Outcome::kHeld:
          ++t.held;
          break;
        case Outcome::kContradicted:
          ++t.contradicted;
          break;
        case Outcome::kInconclusive:
          ++t.inconclusive;
          break;
        case Outcome::kNotTested:
          ++t.untested;
          break;
      }
    }
    tallies.push_back(t);
  }
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
    text = "The evidence favours " + hypothesis_id(t.h) + " (" + hypothesis_name(t.h) + "), " + t.strength() + ": " +
           std::to_string(t.held) + " of its " + counted(t.tested(), "tested prediction") +
           " held and none was contradicted.";
  } else {
    text = "The evidence favours several hypotheses, which are not exclusive:";
    for (std::size_t i = 0; i < favoured.size(); ++i) {
      const Tally& t = *favoured[i];
      text += std::string(i ? ";" : "") + " " + hypothesis_id(t.h) + " " + t.strength() + " (" +
              std::to_string(t.held) + " of " + std::to_string(t.tested()) + " held)";
    }
    text += ".";
  }
  if (!against.empty()) text += " It speaks against " + against + ".";
  text += " By hypothesis — ";
  for (std::size_t i = 0; i < tallies.size(); ++i) text += (i ? "; " : "") + tallies[i].words();
  text +=
      ". Directional predictions are one-sided tests, Holm-adjusted together; equivalences are two one-sided "
      "tests against their margin; \"inconclusive\" is neither held nor contradicted at α.";
  return text;
}

}  // namespace tl_boost
