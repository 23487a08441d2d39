#include "tl_boost/report/hypotheses.hpp"

#include <cmath>

#include "tl_boost/text_format.hpp"

namespace tl_boost {

namespace {

constexpr Hypothesis kAll[] = {Hypothesis::kLongerTraining, Hypothesis::kBetterMinima, Hypothesis::kRegularizedInit};

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

double sane(double p) { return std::isnan(p) ? 1.0 : p; }

}  // namespace

std::string hypothesis_id(Hypothesis h) {
  switch (h) {
    case Hypothesis::kLongerTraining: return "H0";
    case Hypothesis::kBetterMinima: return "H1";
    case Hypothesis::kRegularizedInit: return "H2";
  }
  return "H?";
}

std::string hypothesis_name(Hypothesis h) {
  switch (h) {
    case Hypothesis::kLongerTraining: return "longer training";
    case Hypothesis::kBetterMinima: return "closer to better minima";
    case Hypothesis::kRegularizedInit: return "a regularising initialisation";
  }
  return "?";
}

Measured measured(const PairedEstimate& e) {
  Measured m{e.mean, e.ci_low, e.ci_high, e.standard_error, e.t, e.df, ""};
  m.over = e.splits >= 2 ? counted(e.splits, "split") + " (" + counted(e.pairs, "pair") + ")" : counted(e.pairs, "pair");
  if (!e.has_test) m.df = 0;
  return m;
}

Measured measured(const OlsCoefficient& c, std::size_t runs) {
  return {c.estimate, c.ci_low, c.ci_high, c.standard_error, c.t, c.df, counted(runs, "run") + " (OLS)"};
}

std::string HypothesisRow::outcome_text() const {
  switch (outcome) {
    case Outcome::kHeld: return "held";
    case Outcome::kContradicted: return "contradicted";
    case Outcome::kInconclusive: return "inconclusive";
    case Outcome::kNotTested: return "not tested: " + prediction.not_tested;
  }
  return "?";
}

HypothesisTable judge_hypotheses(const std::vector<Prediction>& predictions, double alpha) {
  HypothesisTable table;
  std::vector<std::size_t> directional;
  std::vector<double> p, p_opposite;
  for (const auto& prediction : predictions) {
    HypothesisRow row{prediction, Outcome::kNotTested, std::nullopt};
    // A value without degrees of freedom (fewer than 2 pairs) tests nothing.
    if (prediction.value && prediction.value->df <= 0) {
      row.prediction.value.reset();
      if (row.prediction.not_tested.empty()) row.prediction.not_tested = "fewer than 2 paired runs";
    }
    if (row.prediction.value) {
      const TTest t = as_test(*row.prediction.value);
      if (prediction.direction == Predicted::kEquivalent) {
        const EquivalenceTest e = tost(t, prediction.margin);
        row.p = e.p;
        const Verdict v = verdict_equivalent(t, e, alpha);
        row.outcome = v == Verdict::kSupported      ? Outcome::kHeld
                      : v == Verdict::kContradicted ? Outcome::kContradicted
                                                    : Outcome::kInconclusive;
      } else {
        const Alternative a = prediction.direction == Predicted::kGreater ? Alternative::kGreater : Alternative::kLess;
        const Alternative o = a == Alternative::kGreater ? Alternative::kLess : Alternative::kGreater;
        directional.push_back(table.rows.size());
        p.push_back(sane(t.standard_error > 0 || t.difference != 0 ? p_value(t.t, t.df, a) : 1.0));
        p_opposite.push_back(sane(t.standard_error > 0 || t.difference != 0 ? p_value(t.t, t.df, o) : 1.0));
      }
    }
    table.rows.push_back(row);
  }
  const std::vector<double> adjusted = holm_adjust(p), adjusted_opposite = holm_adjust(p_opposite);
  for (std::size_t i = 0; i < directional.size(); ++i) {
    HypothesisRow& row = table.rows[directional[i]];
    row.p = adjusted[i];
    row.outcome = adjusted[i] < alpha            ? Outcome::kHeld
                  : adjusted_opposite[i] < alpha ? Outcome::kContradicted
                                                 : Outcome::kInconclusive;
  }
  table.paragraph = closing_paragraph(table.rows);
  return table;
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
        case Outcome::kHeld: ++t.held; break;
        case Outcome::kContradicted: ++t.contradicted; break;
        case Outcome::kInconclusive: ++t.inconclusive; break;
        case Outcome::kNotTested: ++t.untested; break;
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
      against += (against.empty() ? "" : ", ") + hypothesis_id(t.h) + " (" + counted(t.contradicted, "contradiction") + ")";
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
           std::to_string(t.held) + " of its " + counted(t.tested(), "tested prediction") + " held and none was contradicted.";
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
  text += ". Directional predictions are one-sided tests, Holm-adjusted together; equivalences are two one-sided "
          "tests against their margin; \"inconclusive\" is neither held nor contradicted at α.";
  return text;
}

std::vector<Prediction> hypothesis_predictions(const HypothesisEvidence& e) {
  std::vector<Prediction> out;
  const std::string margin = "±" + fixed(100.0 * e.accuracy_margin, 1) + " points";
  // Why a row has no value: the first protocol it needs that the suite lacks, else `otherwise`.
  const auto add = [&](Hypothesis h, const std::string& measure, const std::string& predicts, Predicted direction,
                       ValueUnit unit, const std::optional<Measured>& value,
                       const std::vector<std::pair<std::string, std::string>>& needs,
                       const std::string& otherwise = "fewer than 2 paired runs") {
    Prediction p{h, measure, predicts, direction, direction == Predicted::kEquivalent ? e.accuracy_margin : 0.0,
                 value, "", unit};
    if (!value) {
      p.not_tested = otherwise;
      for (const auto& [name, role] : needs) {
        if (name.empty()) {
          p.not_tested = "no " + role + " in this suite";
          break;
        }
      }
    }
    out.push_back(p);
  };
  // A protocol the suite lacks is named by its role, so the row still says what it would compare.
  const auto name = [](const std::string& protocol, const std::string& role) {
    return protocol.empty() ? "(" + role + ")" : protocol;
  };
  const std::string t = name(e.transferred, "transfer"), r = name(e.reference, "reference"),
                    cm = name(e.compute_matched, "compute-matched scratch"),
                    ms = name(e.matched_statistics, "matched statistics"),
                    pt = name(e.permuted_taps, "permuted taps"), base = name(e.baseline, "scratch");
  const std::pair<std::string, std::string> need_t{e.transferred, "fine-tuned transfer from other classes"},
      need_r{e.reference, "non-transferred reference (self-source or scratch)"},
      need_cm{e.compute_matched, "compute-matched scratch (config compute_matched: true)"},
      need_ms{e.matched_statistics, "matched-statistics transfer (transfer_init: matched_statistics)"},
      need_pt{e.permuted_taps, "permuted-taps transfer (transfer_init: permuted_taps)"},
      need_b{e.baseline, "scratch baseline"};
  const std::string tr = t + " − " + r;
  const std::string unmeasured = "not measured in these runs";

  add(Hypothesis::kLongerTraining, "test acc: " + t + " − " + cm,
      "≈ 0 within " + margin + ": scratch trained for the source and target epochs matches the transfer",
      Predicted::kEquivalent, ValueUnit::kAccuracy, e.transferred_minus_compute_matched, {need_t, need_cm});
  add(Hypothesis::kLongerTraining, "test acc: " + tr,
      "≈ 0 within " + margin + ": a network trained as long on the target classes matches the transfer",
      Predicted::kEquivalent, ValueUnit::kAccuracy, e.transferred_minus_reference, {need_t, need_r});

  add(Hypothesis::kBetterMinima, "test acc at matched training loss: " + tr + " (ANCOVA on log final training loss)",
      "> 0: better test accuracy at the same fit (Erhan et al. 2010)", Predicted::kGreater, ValueUnit::kAccuracy, e.ancova_offset,
      {need_t, need_r}, "the regression has too few runs, or training loss does not vary within the protocols");
  add(Hypothesis::kBetterMinima, "val acc at the training loss both runs of a pair reach: " + tr,
      "> 0: better validation accuracy at the same training loss", Predicted::kGreater, ValueUnit::kAccuracy, e.val_acc_at_common_loss,
      {need_t, need_r});
  add(Hypothesis::kBetterMinima, "log training loss summed over epochs: " + tr,
      "< 0: training loss lower along the curve (a start nearer a minimum)", Predicted::kLess, ValueUnit::kAsMeasured, e.log_loss_area,
      {need_t, need_r});
  add(Hypothesis::kBetterMinima, "Hessian top eigenvalue at the final network: " + tr, "< 0: a flatter minimum",
      Predicted::kLess, ValueUnit::kAsMeasured, e.sharpness, {need_t, need_r}, unmeasured);
  add(Hypothesis::kBetterMinima, "relative distance in weight space over the target stage: " + tr,
      "< 0: the transfer starts closer to the minimum it reaches", Predicted::kLess, ValueUnit::kAsMeasured, e.distance, {need_t, need_r},
      unmeasured);
  add(Hypothesis::kBetterMinima,
      "training-loss barrier on the linear path between two seeds' final networks: " + t + " pair − " + r + " pair",
      "< 0: transferred networks share one basin (Neyshabur et al. 2020)", Predicted::kLess, ValueUnit::kAsMeasured, e.barrier,
      {need_t, need_r}, "no interpolation between two seeds of both protocols");

  add(Hypothesis::kRegularizedInit, "test acc: " + ms + " − " + t,
      "≈ 0 within " + margin + ": random filters with the transferred filters' mean and sd keep the boost",
      Predicted::kEquivalent, ValueUnit::kAccuracy, e.matched_statistics_minus_transferred, {need_t, need_ms});
  add(Hypothesis::kRegularizedInit, "test acc: " + ms + " − " + base,
      "> 0: matched statistics alone beat scratch", Predicted::kGreater, ValueUnit::kAccuracy, e.matched_statistics_minus_baseline,
      {need_ms, need_b});
  add(Hypothesis::kRegularizedInit,
      "train − val gap at the first epoch with train acc ≥ " + (e.gap_level ? fixed(*e.gap_level, 2) : "a fixed level") +
          ": " + tr,
      "< 0: a smaller generalisation gap at the same fit", Predicted::kLess, ValueUnit::kAccuracy, e.gap_at_matched_fit, {need_t, need_r});
  add(Hypothesis::kRegularizedInit, "test acc: " + pt + " − " + base,
      "> 0: permuting each filter's taps keeps the boost if scale, not structure, regularises", Predicted::kGreater, ValueUnit::kAccuracy,
      e.permuted_taps_minus_baseline, {need_pt, need_b});
  return out;
}

}  // namespace tl_boost
