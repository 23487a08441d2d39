#pragma once
// The report's findings: numbers, enums and ids only (per-protocol summaries and curves, the
// expectations of the design judged by statistics, the transfer grid, the headline boost next to
// Yosinski et al. 2014, provenance, the hypotheses judged). Words are rendered from them
// (words.hpp); renderers and report.json read only these. LibTorch-free.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "tl_boost/report/comparisons.hpp"
#include "tl_boost/report/curve_measures.hpp"
#include "tl_boost/report/hypotheses.hpp"
#include "tl_boost/report_reader.hpp"
#include "tl_boost/stats.hpp"

namespace tl_boost {

/// A per-epoch figure: mean, min and max over the runs at each epoch, and the 95% CI of the mean
/// with the report's unit (over the split means with several splits, else over seeds), which the
/// charts draw; the interval collapses to the mean of the units where fewer than 2 have the epoch.
struct CurveBand {
  std::vector<double> mean, min, max;
  std::vector<double> ci_low, ci_high;
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
  ProtocolCurves curves;              // the target stage
  ProtocolCurves source_curves;       // the source stage; no epochs for a protocol without one
};

/// The design's expectations, each asked at a transfer depth by role (analysis.hpp).
enum class ExpectationId {
  kE1,  // final training loss of the transfer ≈ the self-transfer's (TOST)
  kE2,  // train − val gap smaller for the transfer than the self-transfer
  kE3,  // a more diverse source above the transfer
  kE4,  // a larger source the highest of all protocols
  kE5,  // the base-task probe of the transfer above the self-transfer's and baseB's
};

/// One expectation of the design and its verdict over its comparisons.
struct Expectation {
  ExpectationId id = ExpectationId::kE1;
  std::optional<int> depth;  // the transfer depth, where the suite spans several
  std::vector<Comparison> comparisons;
  Verdict verdict = Verdict::kInconclusive;
  /// Its differences are accuracies (shown in points); E1's are losses.
  bool accuracy() const { return id != ExpectationId::kE1; }
};

/// An expectation of the design the suite could not ask, and why.
enum class MissingReason {
  kNoProtocol,   // no protocol of the role it needs ran (a more diverse or a larger source, a self-transfer)
  kTooFewRuns,   // its protocols ran, but fewer than 2 runs of one of them have the figure
};
struct MissingExpectation {
  ExpectationId id = ExpectationId::kE3;
  MissingReason reason = MissingReason::kNoProtocol;
};

/// What the headline compares the fine-tuned transfer (AnB+) with.
enum class HeadlineId { kVersusSelf, kVersusBaseline };  // AnB+ − BnB+, AnB+ − baseB

/// A headline comparison beside the figure Yosinski et al. (2014) report for it.
struct HeadlineComparison {
  Comparison comparison;
  HeadlineId id = HeadlineId::kVersusSelf;
  double yosinski_2014_points = 0.0;
};

/// A protocol's target test accuracy as a transfer grid shows it.
struct GridAccuracy {
  std::string protocol;
  std::size_t seeds = 0;
  double mean = 0.0, ci_low = 0.0, ci_high = 0.0;
  /// This protocol − baseB, paired (over split means with several splits): the chart's bars, since
  /// the split-to-split spread every protocol shares widens each mean's own CI and hides the
  /// differences the grid is drawn for. None for baseB itself, without a baseline or a test.
  std::optional<TTest> vs_baseline;
};

/// Yosinski et al.'s conditions of a transferred protocol: its source trained on other classes (A)
/// or on the target's own (B), the copied layers frozen or fine-tuned (+). Named in words.hpp.
enum class GridCondition { kAnB, kAnBPlus, kBnB, kBnBPlus };

/// A protocol of a transfer grid, placed by its config: its condition at depth n.
struct GridPoint {
  GridCondition condition = GridCondition::kAnB;
  int n = 0;
  GridAccuracy accuracy;
};

/// Yosinski et al. 2014, Fig. 2: test accuracy by layers transferred.
struct TransferGrid {
  std::vector<GridPoint> points;         // by depth, then condition (AnB, AnB+, BnB, BnB+)
  std::optional<GridAccuracy> baseline;  // baseB: the first protocol without a source stage
};

/// Where and on what the runs happened, from each run's summary.json.
struct Provenance {
  std::set<std::string> hosts, cpus, devices, libtorch, git_shas, data_dirs, data_fingerprints;
  std::set<int> threads;
  /// Per CIFAR-10 copy (data fingerprint): the tarball it came from, as the first run that
  /// recorded one says; none when no run of that copy recorded it.
  std::map<std::string, std::optional<DataSource>> data_sources;
  /// Runs per machine ("<device>, CPU <cpu>") and protocol: with several machines a paired
  /// difference may include the machines' arithmetic, so the report says which ran what.
  std::map<std::string, std::map<std::string, int>> runs_per_machine;
};

/// A class group that several splits drew alike: their runs of a protocol trained on it share a
/// source network, so they are not independent.
struct SharedGroup {
  std::string group;
  std::vector<std::string> splits;
};

/// What an interpolation joins: two seeds of one protocol (source network, split and target
/// stage all differ), two protocols at one split and seed, or a protocol and its twin (one source
/// network and one split, another target stage: Neyshabur et al. 2020).
enum class BarrierKind { kAcrossSeeds, kAcrossProtocols, kTwins };

/// The training-loss barrier of a pair of protocols' interpolations, over split means with
/// several splits, else over the interpolations themselves.
struct BarrierSummary {
  std::string a, b;  // a == b across seeds
  BarrierKind kind = BarrierKind::kAcrossSeeds;
  std::size_t pairs = 0, splits = 0;  // the interpolations, and the splits they came from (0 with one)
  SampleSummary barrier;
};

struct Report {
  std::string suite;
  std::vector<std::string> splits;  // the manifest's class splits; empty for a suite without splits
  std::vector<SharedGroup> shared_groups;  // groups two or more of the splits have in common
  double alpha = 0.05;
  double loss_margin = 0.02;
  Provenance provenance;
  std::set<std::uint64_t> seeds;
  std::map<std::string, ProtocolSummary> protocols;  // protocols with runs, by name (as report.json orders them)
  std::vector<std::string> protocol_order;           // the same protocols in the suite file's order
  std::optional<TransferGrid> grid;                  // when the suite spans at least two transfer depths
  std::vector<Expectation> expectations;
  std::vector<MissingExpectation> missing_expectations;  // E1–E5 not asked, at a suite with a transfer
  std::vector<HeadlineComparison> headline;
  std::vector<AbsentRun> absent;              // runs of the manifest without usable results, and why
  std::size_t family_size = 0;                // directional comparisons Holm's adjustment runs over
  std::vector<CurveComparison> along_curves;  // at each depth: AnB+ − BnB+ and AnB+ − baseB along the target curves
  std::vector<BarrierSummary> barriers;       // the suite's interpolations, a row per pair of protocols
  std::optional<HypothesisTable> hypotheses;  // where the boost comes from: the suite's declared predictions judged
  std::vector<HypothesisFinding> findings;    // one per declared hypothesis, in the file's order
  /// Protocols whose runs share one source network (the same source-stage metrics at every split
  /// and seed), each group in the suite file's order: one source-curve panel per group.
  std::vector<std::vector<std::string>> source_networks;
};

}  // namespace tl_boost
