#pragma once
// Where the transfer boost comes from, judged from predictions a study declares in a file beside
// its suite (hypotheses_file.hpp), never in code. Each prediction names a measure, the two sides
// it compares (a protocol, the mean of a declared set of protocols, or the difference of two
// protocols), a kind (greater, less, equivalent) and a smallest effect of interest (SESOI). The
// rules are symmetric: a prediction is held or contradicted only by a significant test, and every
// test of one table is Holm-adjusted together. The measures come from evidence.hpp, the words from
// words.hpp. LibTorch-free.
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tl_boost {

/// What a prediction measures of a − b, per run (or per pair of seeds), the split the unit.
enum class MeasureId {
  kTestAcc,             // test accuracy
  kFinalTrainLoss,      // training loss at the last target epoch
  kLogLossArea,         // log training loss summed over the target epochs
  kLogSharpness,        // log of the Hessian top eigenvalue at the final network (converged estimates only)
  kDistance,            // relative distance in weight space over the target stage
  kBarrier,             // training-loss barrier between two seeds' final networks of one protocol
  kSameSourceBarrier,   // the same between a protocol and its twin (target_seed_offset): one source network, split, seed
  kGapAtMatchedFit,     // train − val gap at the first epoch reaching the declared training accuracy
  kAncovaOffset,        // test accuracy at matched log final training loss: split-level ANCOVA
  kValAccAtCommonLoss,  // validation accuracy at the training loss both runs of a pair reach
};

/// The names a hypotheses file gives the measures ("test_acc", "log_sharpness", ...).
const std::map<std::string, MeasureId>& measure_names();
std::string measure_name(MeasureId measure);

/// Whether a measure's differences are accuracies (read and declared in points).
bool is_accuracy(MeasureId measure);

/// Whether a measure exists only between two single protocols (a pair of learning curves).
bool needs_two_protocols(MeasureId measure);

/// What a prediction says of a − b.
enum class Predicted { kGreater, kLess, kEquivalent };
const std::map<std::string, Predicted>& predicted_names();  // "greater", "less", "equivalent"

/// One side of a comparison: Σ weight · measure(protocol) over its terms.
enum class SideKind {
  kProtocol,    // one protocol (weight 1)
  kSet,         // the mean of a declared set (weights 1/n)
  kDifference,  // [x, y]: x − y (weights 1, −1): a contrast of contrasts
};
struct SideTerm {
  std::string protocol;
  double weight = 1.0;
};
struct Side {
  SideKind kind = SideKind::kProtocol;
  std::string name;  // the protocol's or the set's; empty for a difference
  std::vector<SideTerm> terms;
};

struct Prediction {
  std::string id;          // "E3.H2": what its row is found by
  std::string hypothesis;  // "H2": a declared hypothesis' id
  MeasureId measure = MeasureId::kTestAcc;
  Side a, b;
  Predicted kind = Predicted::kEquivalent;
  std::optional<double> sesoi;  // its own, in the measure's unit (accuracies as fractions); else the declared default
  bool post_hoc = false;        // declared after its data were seen: it describes, it does not test
  std::string why;              // the file's sentence of why
};

struct DeclaredHypothesis {
  std::string id, name, statement;
};

/// A named set of protocols, e.g. "boost.with": those that carry the boost.
struct ProtocolSet {
  std::string name;
  std::vector<std::string> protocols;
};

/// Everything a hypotheses file declares.
struct StudyHypotheses {
  std::string origin;  // the file it was read from
  std::vector<DeclaredHypothesis> hypotheses;
  std::map<MeasureId, double> sesoi;  // the default SESOI per measure (accuracies as fractions)
  std::string sesoi_why;
  std::vector<ProtocolSet> sets;
  std::string sets_why;
  std::optional<double> gap_level;  // the training accuracy kGapAtMatchedFit is taken at
  std::vector<Prediction> predictions;

  /// The SESOI that judges `p`: its own, else its measure's, else (an accuracy) test_acc's; nullopt: none declared.
  std::optional<double> sesoi_of(const Prediction& p) const;
};

/// What a measured difference was taken over.
struct MeasuredOver {
  std::size_t pairs = 0, splits = 0;  // the paired units, and the splits they came from when >= 2
  bool regression = false;            // an OLS coefficient over the units (df = units − 2)
  std::size_t left_out = 0;           // runs without the measure: a Hessian estimate that did not converge,
                                      // a run that never reached the gap level
};

/// A measured difference a − b, reduced to what judging needs.
struct Measured {
  double estimate = 0.0, ci_low = 0.0, ci_high = 0.0, standard_error = 0.0, df = 0.0;
  MeasuredOver over;
};

/// Why a prediction was not tested.
enum class AbsentReason {
  kNoProtocol,        // the suite has no runs of `protocol`
  kTooFewPairs,       // fewer than 2 paired units
  kNotEstimable,      // every unit the same: no spread, no test
  kNotMeasured,       // the runs did not measure it (sharpness, distance, a same-source barrier)
  kNotConverged,      // the runs measured sharpness, but no Hessian estimate converged
  kRegressionTooFew,  // the ANCOVA has too few units, or training loss does not vary
  kNoInterpolation,   // no interpolation between two seeds of the protocols
  kNoGapLevel,        // the file declares no gap level
};
struct NotTested {
  AbsentReason reason = AbsentReason::kTooFewPairs;
  std::string protocol;  // kNoProtocol only
};

/// The measures the evidence found, by prediction id; a prediction without one has a reason.
struct HypothesisEvidence {
  std::map<std::string, Measured> measured;
  std::map<std::string, NotTested> not_tested;
};

enum class Outcome { kHeld, kContradicted, kInconclusive, kNotTested };

/// The two one-sided tests of a row: the one that holds the prediction (greater: δ ≤ 0 rejected;
/// less: δ ≥ 0 rejected; equivalent: TOST against ±SESOI) and the one that contradicts it (greater:
/// δ ≥ SESOI rejected; less: δ ≤ −SESOI rejected; equivalent: the estimate's side beyond the SESOI
/// rejected). At most one of a row's two null hypotheses can be true, so Holm's adjustment runs
/// over the rows, each by the smaller of its two p (Shaffer's logical constraint): that test
/// decides the row, and `p_holm` is its adjusted p.
struct RowTests {
  double sesoi = 0.0;
  double p_for = 1.0, p_against = 1.0;  // as tested
  double p_holm = 1.0;                  // the deciding test's, Holm-adjusted over the table's rows
  double ci90_low = 0.0, ci90_high = 0.0;  // the 1 − 2α interval TOST reads
  /// The test that decides: the one against the prediction when its p is the smaller (or equal).
  bool decided_against() const { return p_against <= p_for; }
};

struct HypothesisRow {
  Prediction prediction;
  std::optional<Measured> value;  // nullopt: not tested
  std::optional<RowTests> tests;
  Outcome outcome = Outcome::kNotTested;
  std::optional<NotTested> not_tested;
};

struct HypothesisTable {
  StudyHypotheses declared;  // what the file declared (its predictions are the rows')
  double alpha = 0.05;
  std::size_t family_size = 0;  // the rows Holm's adjustment ran over: the tested ones
  std::vector<HypothesisRow> rows;
  /// The row of prediction `id`; throws std::out_of_range when there is none.
  const HypothesisRow& row(const std::string& id) const;
};

/// A declared hypothesis' outcomes counted over its rows, and those of its tested rows that were
/// declared after their data were seen.
struct HypothesisTally {
  std::string id;
  std::size_t held = 0, contradicted = 0, inconclusive = 0, untested = 0;
  std::size_t held_post_hoc = 0;
  std::size_t tested() const { return held + contradicted + inconclusive; }
  /// At least one prediction held and none was contradicted.
  bool favoured() const { return held > 0 && contradicted == 0; }
};

/// The declared hypotheses in their order, each counted over the table's rows.
std::vector<HypothesisTally> tally(const HypothesisTable& table);

/// A declared hypothesis as the findings state it: its verdict over its rows, and the rows that
/// decide it. Each is the strongest row of one outcome the verdict rests on: held and contradicted
/// for a mixed verdict, the verdict's own outcome otherwise (any tested row when inconclusive). The
/// strongest is declared before its data where such a row exists, then has the smallest
/// Holm-adjusted p: a reader checks the verdict against evidence that could have contradicted it.
enum class HypothesisVerdict { kHeld, kContradicted, kMixed, kInconclusive, kNotTested };
struct HypothesisFinding {
  HypothesisTally tally;
  HypothesisVerdict verdict = HypothesisVerdict::kNotTested;
  std::vector<std::string> deciding_rows;  // prediction ids, held before contradicted; none when nothing was tested
};

/// Each declared hypothesis' finding: held (a row held, none contradicted), contradicted (the
/// reverse), mixed (both), inconclusive (rows tested, none decided) or not tested.
std::vector<HypothesisFinding> hypothesis_findings(const HypothesisTable& table);

/// The two tests of a measured a − b under `kind` at ±sesoi (sesoi > 0), unadjusted.
RowTests row_tests(const Measured& m, Predicted kind, double sesoi, double alpha);

/// Judges every declared prediction at `alpha` on the evidence: where the deciding test's adjusted
/// p is below alpha, contradicted (the test against it decided) or held (the test for it did);
/// else inconclusive.
HypothesisTable judge_hypotheses(const StudyHypotheses& declared, const HypothesisEvidence& evidence, double alpha);

}  // namespace tl_boost
