#pragma once
// `tl-boost export`: a suite's runs and the report's judged comparisons as two tidy CSV files,
// for pandas or R. runs.csv has one row per epoch of every stage of every completed run;
// comparisons.csv one row per comparison the report judges (the expectations, the headline, the
// hypothesis table's predictions). Both come from the runs and findings the report renders
// (write_report.hpp's analyse_suite), never from a second analysis. LibTorch-free.
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "tl_boost/report/findings.hpp"
#include "tl_boost/report_reader.hpp"

namespace tl_boost {

/// A CSV field (RFC 4180): as it is, or in double quotes with its quotes doubled when it holds a
/// comma, a double quote or a line break.
std::string csv_field(const std::string& text);

/// runs.csv's columns: protocol, split ("" without splits), seed, stage, epoch, metrics.csv's
/// columns, then the run's target test_acc and test_loss (summary.json), on its target rows only.
const std::vector<std::string>& runs_csv_columns();

/// runs.csv: a row per epoch of every stage of every run, in the reader's order (split, protocol,
/// seed; the file's epoch order). A column a run's files lack is empty.
std::string runs_csv(const SuiteResults& results);

/// comparisons.csv's columns: kind (expectation, headline, prediction), id, measure, a, b,
/// predicted (greater, less, equivalent), test, estimate (a − b), ci_low, ci_high (95%), p_for,
/// p_against (the one-sided tests that would hold and contradict it), p_for_holm, p_against_holm
/// (Holm-adjusted, where the report adjusts them), margin (E1's equivalence margin, a prediction's
/// SESOI), verdict, unit.
const std::vector<std::string>& comparisons_csv_columns();

/// comparisons.csv: the expectations' comparisons, the headline's, then the predictions, in the
/// report's order.
std::string comparisons_csv(const Report& report);

struct ExportedCsv {
  std::filesystem::path runs, comparisons;  // the files written
  std::size_t run_count = 0, epoch_rows = 0, comparison_rows = 0;
};

/// Writes runs.csv and comparisons.csv (SuiteLayout) of the suite in `dir` into `out`, by default
/// `dir`. IoError as the report's reading of the suite.
ExportedCsv export_csv(const std::filesystem::path& dir,
                       const std::optional<std::filesystem::path>& out = std::nullopt);

}  // namespace tl_boost
