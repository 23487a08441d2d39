#pragma once
// One figure of each run of a protocol, keyed by class split and seed: what the summaries
// summarise and the comparisons pair. LibTorch-free.
#include <optional>
#include <string>

#include "tl_boost/report/comparisons.hpp"
#include "tl_boost/report_reader.hpp"

namespace tl_boost {

/// A target-stage figure of the protocol's runs.
BySplit target_figure(const SuiteResults& r, const std::string& protocol, double TargetFigures::*figure);

/// A base-task probe accuracy of the protocol's runs that have it: of their final networks, or
/// of a reference feature some of them probed.
BySplit probe_figure(const SuiteResults& r, const std::string& protocol, double ProbeFigures::*figure);
BySplit probe_figure(const SuiteResults& r, const std::string& protocol, std::optional<double> ProbeFigures::*figure);

/// A landscape measure of the protocol's runs that have it.
BySplit landscape_figure(const SuiteResults& r, const std::string& protocol,
                         std::optional<double> LandscapeFigures::*figure);

/// How many runs have the figure, over every split.
std::size_t count_of(const BySplit& by_split);

/// The figures the expectations compare, each protocol's of the manifest.
enum class Figure { kTestAcc, kFinalTrainLoss, kTrainValGap, kProbeAcc };
/// The figure's name as report.json keys a protocol's summary of it: "test_acc", "final_train_loss",
/// "train_val_gap", "probe_test_acc".
std::string figure_name(Figure figure);
class ProtocolFigures {
 public:
  explicit ProtocolFigures(const SuiteResults& r);
  /// The protocol's figure; empty for a protocol without runs.
  const BySplit& of(Figure figure, const std::string& protocol) const;
  /// At least 2 runs with the figure: enough to compare.
  bool comparable(Figure figure, const std::string& protocol) const { return count_of(of(figure, protocol)) >= 2; }

 private:
  std::map<Figure, std::map<std::string, BySplit>> figures_;
};

}  // namespace tl_boost
