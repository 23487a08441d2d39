#pragma once
// The report of a suite directory, built in three steps: read the runs (report_reader.hpp),
// analyse them into typed findings (analysis.hpp), render those as report.json, Markdown and HTML
// (render.hpp, charts.hpp). Reads only the files a suite writes (suite.json, hypotheses.json,
// summary.json, metrics.csv, the interpolation CSVs); LibTorch-free.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tl_boost/report/findings.hpp"

namespace tl_boost {

/// A reader's other view of a suite: other predictions, or other smallest effects of interest.
/// Either one needs `out`, so that the suite's own report stays the one it declared.
struct ReportOptions {
  std::optional<std::filesystem::path> hypotheses;  // a hypotheses file instead of the suite's hypotheses.json
  std::vector<std::string> sets;                    // "sesoi=X" (points), "sesoi.<measure>=X"
  std::optional<std::filesystem::path> out;         // where the report goes; the suite's directory by default
};

/// A suite's runs as read back and the report's findings of them: what write_report renders and
/// `tl-boost export` tabulates, so the two never disagree.
struct AnalysedSuite {
  SuiteResults results;
  Report report;
};

/// Reads the suite in `dir` (unreadable runs listed as absent) and analyses it, judging the
/// predictions `options` names, else the suite's own hypotheses.json. ConfigError as write_report.
AnalysedSuite analyse_suite(const std::filesystem::path& dir, const ReportOptions& options = {});

struct WrittenReport {
  Report report;
  nlohmann::json json;  // what report.json holds
  std::filesystem::path html, markdown, json_file;  // the files written
};

/// Writes report.json, report.md, report.html and the charts (report-*.svg, linked from report.md)
/// of the suite in `dir`. ConfigError when options change the predictions without `out`.
WrittenReport write_report(const std::filesystem::path& dir, const ReportOptions& options = {});

}  // namespace tl_boost
