#pragma once
// Two protocols' per-run figures compared: paired over the seeds both ran, Welch's test when fewer
// than 2 pair, or with several class splits the two-stage estimate over the split means. One
// family type adjusts one-sided tests together (Holm) and judges them by one rule, for the
// expectations and the hypotheses alike. LibTorch-free.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tl_boost/stats.hpp"

namespace tl_boost {

/// A per-run figure of one protocol: seed -> value; and per class split: split -> seed -> value.
using BySeed = std::map<std::uint64_t, double>;
using BySplit = std::map<std::string, BySeed>;

/// The values in seed order.
std::vector<double> values_of(const BySeed& by_seed);

/// The one rule for a p that could not be computed (no spread and no difference): it decides
/// nothing, so it reads 1.
double p_or_one(double p);

/// A comparison over several class splits: the split is the unit of replication.
struct SplitComparison {
  std::vector<std::string> splits;  // the splits with paired runs, in the manifest's order
  SplitLevelEstimate estimate;      // stage 1 per split (its seeds' paired differences), stage 2 over splits
};

/// a − b over seeds (or over class splits); no test when either has fewer than 2 seeds.
struct Comparison {
  std::string a, b;
  std::optional<TTest> test;                         // with several splits: the stage-2 test over the split means
  bool not_estimable = false;                        // the differences had no spread: no test, nothing decided
  std::optional<EquivalenceTest> equivalence;        // E1 only: TOST against the loss margin
  Alternative alternative = Alternative::kTwoSided;  // kGreater: a directional expectation, a > b
  std::optional<double> p_holm;              // Holm-adjusted p of `alternative` in the report's directional family
  std::optional<double> p_holm_opposite;     // the same for the opposite direction (a contradiction)
  std::vector<std::string> unpaired;         // runs left out of the pairing: "seed 3: only a", ...
  std::optional<SplitComparison> splits;     // several splits: the two-stage estimate
  Verdict verdict = Verdict::kInconclusive;  // this comparison's own result (an expectation's: all of them)
  /// The test's name, or why there is none.
  std::string test_name() const;
  /// p of the test under `alternative` (1 without a test).
  double p() const;
  /// p of the test in the opposite direction: what would contradict `alternative` (1 without a test).
  double p_opposite() const;
  /// "d_z" for paired differences, "Cohen's d" for Welch's test.
  std::string effect_size_name() const;
  /// The p its verdict is decided by: TOST's p with an equivalence test, else the Holm-adjusted p;
  /// none without a test.
  std::optional<double> deciding_p() const;
};

/// a − b: the paired t-test over the seeds when both have the same seeds, else Welch's t-test.
Comparison compare_by_seed(const BySeed& a, const BySeed& b, const std::string& a_name, const std::string& b_name);

/// a − b paired over the seeds both have (at least 2), naming the seeds only one has in
/// `unpaired`; with fewer than 2 common seeds, compare_by_seed. A missing run costs its pair,
/// not the pairing.
Comparison compare_paired(const BySeed& a, const BySeed& b, const std::string& a_name, const std::string& b_name);

/// a − b with the split as the unit of replication: per split the paired differences of the
/// seeds both have, then two_stage_estimate over the splits (under `alternative`); `test` holds
/// its stage 2. Splits where the two share no seed are left out and named in `unpaired`.
Comparison compare_over_splits(const BySplit& a, const BySplit& b, const std::vector<std::string>& split_order,
                               const std::string& a_name, const std::string& b_name,
                               Alternative alternative = Alternative::kTwoSided);

/// a − b as the report compares protocols: over the splits when `split_order` has at least two,
/// else paired over the seeds of its one split (or of the suite without splits).
Comparison compare_protocols(const BySplit& a, const BySplit& b, const std::vector<std::string>& split_order,
                             const std::string& a_name, const std::string& b_name, Alternative alternative);

/// One one-sided test of a family: p of its direction and of the opposite one.
struct OneSidedP {
  double p = 1.0, p_opposite = 1.0;
};

/// A family member judged: Holm-adjusted p of both directions, and the verdict they give.
struct FamilyResult {
  double p_holm = 1.0, p_holm_opposite = 1.0;
  Verdict verdict = Verdict::kInconclusive;
};

/// Holm over the family, each direction adjusted on its own; supported where the adjusted p is
/// below `alpha`, contradicted where instead the opposite direction's is, else inconclusive.
std::vector<FamilyResult> judge_family(const std::vector<OneSidedP>& family, double alpha);

/// The equivalence verdict of `test` by TOST against ±margin (verdict_equivalent).
struct EquivalenceResult {
  EquivalenceTest test;
  Verdict verdict = Verdict::kInconclusive;
};
EquivalenceResult judge_equivalence(const TTest& test, double margin, double alpha);

}  // namespace tl_boost
