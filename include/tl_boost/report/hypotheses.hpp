#pragma once
// Where the transfer boost comes from, as a table of predictions: each hypothesis — H0 longer
// training, H1 a start closer to better minima, H2 a regularising initialisation — predicts a
// direction (or an equivalence) for a measure; the measure's paired estimate decides whether the
// prediction held, was contradicted, stayed inconclusive, or could not be tested here. A closing
// paragraph says which hypothesis the evidence favours and how strongly. The measures come typed
// from the report's analysis; this room judges and words them. LibTorch-free.
#include <optional>
#include <string>
#include <vector>

#include "tl_boost/report/curve_measures.hpp"
#include "tl_boost/stats.hpp"

namespace tl_boost {

enum class Hypothesis { kLongerTraining, kBetterMinima, kRegularizedInit };
std::string hypothesis_id(Hypothesis h);    // "H0", "H1", "H2"
std::string hypothesis_name(Hypothesis h);  // "longer training", ...

/// What a prediction says of a − b.
enum class Predicted { kGreater, kLess, kEquivalent };

/// A measured difference a − b: a paired estimate (over seeds, or split means) or a regression
/// coefficient, reduced to what judging needs.
struct Measured {
  double estimate = 0.0, ci_low = 0.0, ci_high = 0.0, standard_error = 0.0, t = 0.0, df = 0.0;
  std::string over;  // "5 pairs", "3 splits (12 pairs)", "10 runs (OLS)"
};
Measured measured(const PairedEstimate& e);
Measured measured(const OlsCoefficient& c, std::size_t runs);

/// How a prediction's value reads: an accuracy difference (a fraction, shown in points) or as measured.
enum class ValueUnit { kAccuracy, kAsMeasured };

struct Prediction {
  Hypothesis hypothesis = Hypothesis::kLongerTraining;
  std::string measure;   // what is compared: "test acc: transferred − scratch_compute_matched"
  std::string predicts;  // in words: "≈ 0 (within ±1 point)"
  Predicted direction = Predicted::kEquivalent;
  double margin = 0.0;   // kEquivalent: the equivalence margin
  std::optional<Measured> value;  // nullopt: not tested
  std::string not_tested;         // why, without a value
  ValueUnit unit = ValueUnit::kAccuracy;
};

enum class Outcome { kHeld, kContradicted, kInconclusive, kNotTested };

struct HypothesisRow {
  Prediction prediction;
  Outcome outcome = Outcome::kNotTested;
  std::optional<double> p;  // of the prediction: Holm-adjusted one-sided p (directional), TOST p (equivalence)
  std::string outcome_text() const;  // "held", "contradicted", "inconclusive", "not tested: <why>"
};

struct HypothesisTable {
  std::vector<HypothesisRow> rows;
  std::string paragraph;
};

/// Judges each prediction at `alpha`. Directional predictions are one-sided tests, Holm-adjusted
/// as one family (the opposite direction, adjusted the same way, contradicts); equivalences are
/// TOST against their margin (contradicted when the 1 − 2α interval lies beyond it).
HypothesisTable judge_hypotheses(const std::vector<Prediction>& predictions, double alpha);

/// The closing paragraph: per hypothesis, held / contradicted / inconclusive / untested counts. A
/// hypothesis is favoured when at least one prediction held and none was contradicted; strongly
/// when every tested prediction held and at least two were tested, moderately when at least half
/// held, weakly otherwise. Several favoured are named together (they are not exclusive); none
/// favoured says so.
std::string closing_paragraph(const std::vector<HypothesisRow>& rows);

/// The measures the analysis found for the predictions (nullopt: why in the matching string).
/// Protocol names are "" when the suite has no such protocol.
struct HypothesisEvidence {
  std::string transferred, reference, baseline, compute_matched, matched_statistics, permuted_taps;
  double accuracy_margin = 0.01;
  // test accuracy differences
  std::optional<Measured> transferred_minus_compute_matched, transferred_minus_reference,
      matched_statistics_minus_transferred, matched_statistics_minus_baseline, permuted_taps_minus_baseline;
  // along the curves and at matched loss, transferred − reference
  std::optional<Measured> ancova_offset, val_acc_at_common_loss, log_loss_area, gap_at_matched_fit;
  std::optional<double> gap_level;  // the training accuracy gap_at_matched_fit is taken at
  // landscape, transferred − reference
  std::optional<Measured> sharpness, distance, barrier;
};

/// Every prediction of H0, H1 and H2 from `evidence`, in table order.
std::vector<Prediction> hypothesis_predictions(const HypothesisEvidence& evidence);

}  // namespace tl_boost
