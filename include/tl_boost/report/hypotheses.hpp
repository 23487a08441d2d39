#pragma once
// Where the transfer boost comes from, as a list of predictions: each hypothesis — H0 longer
// training, H1 a start closer to better minima, H2 a regularising initialisation — predicts a
// direction (or an equivalence) of a measure between two protocols named by their roles. A
// prediction is plain data (a later study may load its list from a file); judging is one
// function over the list: the measure's paired estimate decides whether the prediction held, was
// contradicted, stayed inconclusive, or could not be tested here. The measures come from
// evidence.hpp, the words from words.hpp. LibTorch-free.
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "tl_boost/report/curve_measures.hpp"
#include "tl_boost/stats.hpp"

namespace tl_boost {

enum class Hypothesis { kLongerTraining, kBetterMinima, kRegularizedInit };  // H0, H1, H2

/// What a prediction measures of a − b.
enum class MeasureId {
  kTestAcc,             // test accuracy
  kAncovaOffset,        // test accuracy at matched training loss (ANCOVA on log final training loss)
  kValAccAtCommonLoss,  // validation accuracy at the training loss both runs of a pair reach
  kLogLossArea,         // log training loss summed over epochs
  kSharpness,           // Hessian top eigenvalue at the final network
  kDistance,            // relative distance in weight space over the target stage
  kBarrier,             // training-loss barrier between two seeds' final networks (a pair of each)
  kGapAtMatchedFit,     // train − val gap at the first epoch reaching a training accuracy
};

/// Whether a measure's differences are accuracies (shown in points) or read as measured.
bool is_accuracy(MeasureId measure);

/// The protocols a prediction compares, by role.
enum class Compared { kTransferred, kReference, kBaseline, kComputeMatched, kMatchedStatistics, kPermutedTaps };

/// What a prediction says of a − b.
enum class Predicted { kGreater, kLess, kEquivalent };

struct Prediction {
  std::string id;  // "H0.compute_matched": what its words and its row are found by
  Hypothesis hypothesis = Hypothesis::kLongerTraining;
  MeasureId measure = MeasureId::kTestAcc;
  Compared a = Compared::kTransferred, b = Compared::kReference;
  Predicted kind = Predicted::kEquivalent;
  double margin = 0.0;  // kEquivalent: the equivalence margin
};

/// The study's predictions of H0, H1 and H2, in table order; equivalences within ±`accuracy_margin`.
std::vector<Prediction> study_predictions(double accuracy_margin = 0.01);

/// What a measured difference was taken over.
struct MeasuredOver {
  std::size_t pairs = 0, splits = 0;  // a paired estimate: pairs, over splits when >= 2
  std::size_t runs = 0;               // a regression coefficient: the runs of the OLS (pairs then 0)
};

/// A measured difference a − b: a paired estimate (over seeds, or split means) or a regression
/// coefficient, reduced to what judging needs.
struct Measured {
  double estimate = 0.0, ci_low = 0.0, ci_high = 0.0, standard_error = 0.0, t = 0.0, df = 0.0;
  MeasuredOver over;
};
Measured measured(const PairedEstimate& e);
Measured measured(const OlsCoefficient& c, std::size_t runs);

/// The protocols of each role and the measures found between them.
struct HypothesisEvidence {
  std::map<Compared, std::string> protocols;  // a role the suite lacks is absent
  std::map<std::tuple<MeasureId, Compared, Compared>, Measured> measures;
  std::optional<double> gap_level;  // the training accuracy kGapAtMatchedFit is taken at
  /// The protocol of `role`; "" when the suite has none.
  std::string protocol(Compared role) const;
  std::optional<Measured> measure(const Prediction& p) const;
};

enum class Outcome { kHeld, kContradicted, kInconclusive, kNotTested };

/// Why a prediction was not tested.
enum class AbsentReason {
  kNoProtocol,        // the suite lacks the protocol of `missing`
  kTooFewPairs,       // fewer than 2 paired runs
  kNotMeasured,       // the runs did not measure it (sharpness, distance)
  kRegressionTooFew,  // the ANCOVA has too few runs, or training loss does not vary
  kNoInterpolation,   // no interpolation between two seeds of both protocols
};
struct NotTested {
  AbsentReason reason = AbsentReason::kTooFewPairs;
  Compared missing = Compared::kTransferred;  // kNoProtocol only
};

struct HypothesisRow {
  Prediction prediction;
  std::optional<Measured> value;  // nullopt: not tested
  Outcome outcome = Outcome::kNotTested;
  std::optional<double> p;  // of the prediction: Holm-adjusted one-sided p (directional), TOST p (equivalence)
  std::optional<NotTested> not_tested;
};

struct HypothesisTable {
  std::vector<HypothesisRow> rows;
  std::map<Compared, std::string> protocols;  // as in the evidence, for the rows' words
  std::optional<double> gap_level;
  /// The row of prediction `id`; throws std::out_of_range when there is none.
  const HypothesisRow& row(const std::string& id) const;
};

/// A hypothesis' outcomes counted over its rows. It is favoured when at least one prediction held
/// and none was contradicted.
struct HypothesisTally {
  Hypothesis h = Hypothesis::kLongerTraining;
  std::size_t held = 0, contradicted = 0, inconclusive = 0, untested = 0;
  std::size_t tested() const { return held + contradicted + inconclusive; }
  bool favoured() const { return held > 0 && contradicted == 0; }
};

/// H0, H1 and H2 in that order, each counted over `rows`.
std::vector<HypothesisTally> tally(const std::vector<HypothesisRow>& rows);

/// Judges each prediction at `alpha` on the evidence. Directional predictions are one-sided
/// tests, Holm-adjusted as one family (the opposite direction, adjusted the same way,
/// contradicts); equivalences are TOST against their margin (contradicted when the 1 − 2α
/// interval lies beyond it). A measure without degrees of freedom (fewer than 2 pairs) tests nothing.
HypothesisTable judge_hypotheses(const std::vector<Prediction>& predictions, const HypothesisEvidence& evidence,
                                 double alpha);

}  // namespace tl_boost
