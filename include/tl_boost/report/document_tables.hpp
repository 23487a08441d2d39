#pragma once
// The report's tables and their cells in words, for document.cpp to order: each takes the typed
// findings and formats them once (accuracies in percent, their differences in points, losses as
// they are). LibTorch-free.
#include <sstream>
#include <string>
#include <vector>

#include "tl_boost/report/document.hpp"

namespace tl_boost {

ReportBlock title_block(const std::string& text);
ReportBlock heading_block(const std::string& text, const std::string& anchor);
ReportBlock paragraph_block(const std::string& text);
ReportBlock list_block(std::vector<std::string> items);
ReportBlock figure_block(const std::string& chart_name);
ReportBlock table_block(std::vector<std::string> header);

/// A set as words: "vm", "0, 1, 2"; "none" when empty.
template <typename Set>
std::string listed(const Set& values) {
  std::ostringstream out;
  bool first = true;
  for (const auto& v : values) {
    out << (first ? "" : ", ") << v;
    first = false;
  }
  return first ? "none" : out.str();
}

/// As an ostream writes it (6 significant digits): α and margins read 0.05, 0.02.
std::string plain(double value);

ReportBlock headline_table(const std::vector<HeadlineComparison>& headline);
ReportBlock expectations_table(const std::vector<Expectation>& expectations);
ReportBlock grid_table(const TransferGrid& grid);
/// With several class splits the figures are over split means: the count says how many of each.
ReportBlock protocols_table(const Report& report, bool several_splits);

/// The training-loss barrier of each pair of protocols the suite interpolated, mean ± sd and 95% CI
/// (over split means with several splits).
ReportBlock barriers_table(const std::vector<BarrierSummary>& barriers, bool several_splits);

/// A comparison over splits, named as its forest plot is: "E1", "Boost", ...
struct SplitRow {
  std::string label;
  const Comparison* comparison = nullptr;
  bool accuracy = true;  // its differences are accuracies (points); false: losses
};
/// Each comparison over splits: the per-split differences and the pooled estimate (the forest plots).
ReportBlock split_table(const std::vector<SplitRow>& comparisons);

/// The base-task probe's blocks: the heading, the table, and what the reference columns are.
std::vector<ReportBlock> probe_blocks(const Report& report, bool several_splits);

ReportBlock hypotheses_table(const HypothesisTable& t);
/// What the file declared: the hypotheses, the SESOI and the sets with their reasons, each prediction's why.
std::vector<ReportBlock> declared_blocks(const HypothesisTable& t);
/// A comparison along the curves: its summary, the epochs to reach each loss, and each epoch's difference.
std::vector<ReportBlock> curve_blocks(const CurveComparison& c);

}  // namespace tl_boost
