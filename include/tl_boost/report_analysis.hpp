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

#include "tl_boost/report_reader.hpp"
#include "tl_boost/stats.hpp"

namespace tl_boost {

/// A per-epoch figure over seeds: mean, min and max at each epoch.
struct CurveBand {
  std::vector<double> mean, min, max;
};

/// The target stage's learning curves of one protocol.
struct ProtocolCurves {
  std::vector<int> epochs;
  CurveBand train_acc, val_acc, train_loss;
};

/// One protocol's target-stage figures over its seeds.
struct ProtocolSummary {
  std::size_t seeds = 0;
  SampleSummary test_acc, best_val_acc, final_val_acc, final_train_acc, train_val_gap, final_train_loss;
  std::optional<SampleSummary> probe_test_acc;  // when its runs had a base-task probe
  ProtocolCurves curves;
};

/// a − b over seeds; no test when either has fewer than 2 seeds.
struct Comparison {
  std::string a, b;
  std::optional<TTest> test;
  std::optional<EquivalenceTest> equivalence;  // E1 only: TOST against the loss margin
  /// The test's name, or why there is none.
  std::string test_name() const;
};

/// One expectation of the design (E1–E5) and its verdict over its comparisons.
struct Expectation {
  std::string id;
  std::string statement;
  std::vector<Comparison> comparisons;
  Verdict verdict = Verdict::kInconclusive;
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
};

struct Report {
  std::string suite;
  double alpha = 0.05;
  double loss_margin = 0.02;
  Provenance provenance;
  std::set<std::uint64_t> seeds;
  std::map<std::string, ProtocolSummary> protocols;  // protocols with runs, by name (as report.json orders them)
  std::optional<TransferGrid> grid;                  // when the suite spans at least two transfer depths
  std::vector<Expectation> expectations;
  std::vector<HeadlineComparison> headline;
};

/// a − b: the paired t-test over the seeds when both have the same seeds, else Welch's t-test.
Comparison compare_by_seed(const std::map<std::uint64_t, double>& a, const std::map<std::uint64_t, double>& b,
                           const std::string& a_name, const std::string& b_name);

/// Every figure of the report from the runs of a suite.
Report analyse(const SuiteResults& results);

/// What report.json holds.
nlohmann::json to_json(const Report& report);

}  // namespace tl_boost
