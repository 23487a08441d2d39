#pragma once
// The report's analysis: a suite's runs turned into typed results (per-protocol summaries and
// curves, the expectations of the design judged by statistics, the transfer grid, the headline
// boost next to Yosinski et al. 2014, provenance). Renderers and report.json read only these.
// Deterministic for the same runs (no times, no paths); LibTorch-free.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tl_boost/curve_measures.hpp"
#include "tl_boost/hypotheses.hpp"
#include "tl_boost/report_reader.hpp"
#include "tl_boost/stats.hpp"

namespace tl_boost {

/// A per-epoch figure over seeds: mean, min and max at each epoch.
struct CurveBand {
  std::vector<double> mean, min, max;
};

/// One stage's learning curves of one protocol. val_loss is empty when a run's metrics.csv has no
/// val_loss column; gap is train_acc − val_acc of each run, then over seeds.
struct ProtocolCurves {
  std::vector<int> epochs;
  CurveBand train_acc, val_acc, train_loss, val_loss, gap;
};

/// The base-task probe's test accuracy over a protocol's runs: of their final networks, and of the
/// reference features they probed too (absent where none of them did).
struct ProbeSummary {
  SampleSummary final_network;
  std::optional<SampleSummary> source_network, random_network, conv1_only;
};

/// One protocol's target-stage figures over its seeds; in a suite of several class splits, over
/// the split means (each split weighs the same, as in the comparisons), so `n` counts splits.
struct ProtocolSummary {
  std::size_t seeds = 0;   // runs with a summary
  std::size_t splits = 0;  // class splits with runs; 0 in a suite of one split
  SampleSummary test_acc, best_val_acc, final_val_acc, final_train_acc, train_val_gap, final_train_loss;
  std::optional<ProbeSummary> probe;  // when its runs had a base-task probe
  ProtocolCurves curves;                        // the target stage
  ProtocolCurves source_curves;                 // the source stage; no epochs for a protocol without one
};

/// A comparison over several class splits: the split is the unit of replication.
struct SplitComparison {
  std::vector<std::string> splits;  // the splits with paired runs, in the manifest's order
  SplitLevelEstimate estimate;      // stage 1 per split (its seeds' paired differences), stage 2 over splits
};

/// a − b over seeds (or over class splits); no test when either has fewer than 2 seeds.
struct Comparison {
  std::string a, b;
  std::optional<TTest> test;  // with several splits: the stage-2 test over the split means
  std::optional<EquivalenceTest> equivalence;  // E1 only: TOST against the loss margin
  Alternative alternative = Alternative::kTwoSided;  // kGreater: a directional expectation, a > b
  std::optional<double> p_holm;           // Holm-adjusted p of `alternative` in the report's directional family
  std::optional<double> p_holm_opposite;  // the same for the opposite direction (a contradiction)
  std::vector<std::string> unpaired;      // runs left out of the pairing: "seed 3: only a", ...
  std::optional<SplitComparison> splits;  // several splits: the two-stage estimate
  Verdict verdict = Verdict::kInconclusive;  // this comparison's own result (an expectation's: all of them)
  /// The test's name, or why there is none.
  std::string test_name() const;
  /// p of the test under `alternative` (1 without a test).
  double p() const;
  /// "d_z" for paired differences, "Cohen's d" for Welch's test.
  std::string effect_size_name() const;
  /// The p its verdict is decided by: TOST's p with an equivalence test, else the Holm-adjusted p;
  /// none without a test.
  std::optional<double> deciding_p() const;
};

/// One expectation of the design (E1–E5) and its verdict over its comparisons.
struct Expectation {
  std::string id;
  std::string statement;
  std::vector<Comparison> comparisons;
  Verdict verdict = Verdict::kInconclusive;
  bool accuracy = true;  // its differences are accuracies (shown in points); false: losses (E1)
};

/// A headline comparison beside the figure Yosinski et al. (2014) report for it.
struct HeadlineComparison {
  Comparison comparison;
  std::string yosinski_2014_label;  // "AnB+ − BnB+" or "AnB+ − baseB"
  double yosinski_2014_points = 0.0;
};

/// A protocol's target test accuracy as a transfer grid shows it.
struct GridAccuracy {
  std::string protocol;
  std::size_t seeds = 0;
  double mean = 0.0, ci_low = 0.0, ci_high = 0.0;
};

/// A protocol of a transfer grid, placed by its config: condition AnB, AnB+, BnB or BnB+ at depth n.
struct GridPoint {
  std::string condition;
  int n = 0;
  GridAccuracy accuracy;
};

/// Yosinski et al. 2014, Fig. 2: test accuracy by layers transferred.
struct TransferGrid {
  std::vector<GridPoint> points;         // in the suite's protocol order
  std::optional<GridAccuracy> baseline;  // baseB: the first protocol without a source stage
  /// The protocol of `condition` at depth `n`; "" when the grid has none.
  std::string protocol(const std::string& condition, int n) const;
  std::set<int> depths() const;
};

/// Where and on what the runs happened, from each run's summary.json.
struct Provenance {
  std::set<std::string> hosts, cpus, devices, libtorch, git_shas, data_dirs, data_fingerprints;
  std::set<int> threads;
  /// Per CIFAR-10 copy (data fingerprint): the tarball it came from, as the first run that
  /// recorded one says; none when no run of that copy recorded it.
  std::map<std::string, std::optional<DataSource>> data_sources;
};

struct Report {
  std::string suite;
  std::vector<std::string> splits;  // the manifest's class splits; empty for a suite without splits
  double alpha = 0.05;
  double loss_margin = 0.02;
  Provenance provenance;
  std::set<std::uint64_t> seeds;
  std::map<std::string, ProtocolSummary> protocols;  // protocols with runs, by name (as report.json orders them)
  std::vector<std::string> protocol_order;           // the same protocols in the suite file's order
  std::optional<TransferGrid> grid;                  // when the suite spans at least two transfer depths
  std::vector<Expectation> expectations;
  std::vector<HeadlineComparison> headline;
  std::vector<AbsentRun> absent;  // runs of the manifest without usable results, and why
  std::size_t family_size = 0;    // directional comparisons Holm's adjustment runs over
  std::vector<CurveComparison> along_curves;  // at each depth: AnB+ − BnB+ and AnB+ − baseB along the target curves
  std::optional<HypothesisTable> hypotheses;  // where the boost comes from; with a fine-tuned transfer (AnB+)
};

/// a − b: the paired t-test over the seeds when both have the same seeds, else Welch's t-test.
Comparison compare_by_seed(const std::map<std::uint64_t, double>& a, const std::map<std::uint64_t, double>& b,
                           const std::string& a_name, const std::string& b_name);

/// a − b paired over the seeds both have (at least 2), naming the seeds only one has in
/// `unpaired`; with fewer than 2 common seeds, compare_by_seed. A missing run costs its pair,
/// not the pairing.
Comparison compare_paired(const std::map<std::uint64_t, double>& a, const std::map<std::uint64_t, double>& b,
                          const std::string& a_name, const std::string& b_name);

/// a − b with the split as the unit of replication: per split the paired differences of the
/// seeds both have, then two_stage_estimate over the splits (under `alternative`); `test` holds
/// its stage 2. Splits where the two share no seed are left out and named in `unpaired`.
Comparison compare_over_splits(const std::map<std::string, std::map<std::uint64_t, double>>& a,
                               const std::map<std::string, std::map<std::uint64_t, double>>& b,
                               const std::vector<std::string>& split_order, const std::string& a_name,
                               const std::string& b_name, Alternative alternative = Alternative::kTwoSided);

/// Every figure of the report from the runs of a suite. The expectations are asked by role
/// (protocol_role.hpp, from each protocol's config): at each transfer depth n, with T the
/// fine-tuned disjoint-source protocol that no other is a larger or more diverse version of
/// (AnB+), S the fine-tuned self-source one (BnB+) and baseB the first without a source:
///   E1  final training loss of T ≈ S (TOST);     E2  gap of S − gap of T > 0;
///   E3  test acc of D − T > 0 for each D more diverse than T (relate_sources);
///   E4  test acc of L − every other protocol > 0 for each L larger than T;
///   E5  probe acc of T − S > 0 and T − baseB > 0.
/// Controls of a transfer (transfer_init other than "copy") are never T, compute-matched scratch
/// never baseB. Along the curves, T is compared with S and baseB (curve_measures.hpp); the
/// hypothesis table (hypotheses.hpp) takes T at the smallest depth, S (else baseB) as its
/// reference, and the controls by their config.
/// Ids carry " n=<depth>" when the suite spans several depths. A run whose config lacks the
/// classes (written before they were recorded) is placed by its protocol's shipped name. The
/// directional comparisons (E2–E5 and the headline) are one-sided (greater) and Holm-adjusted
/// as one family; their verdicts use the adjusted p.
Report analyse(const SuiteResults& results);

/// What report.json holds.
nlohmann::json to_json(const Report& report);

}  // namespace tl_boost
