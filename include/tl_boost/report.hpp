#pragma once
// The report of a suite directory: per-protocol tables, the four expectations of the design
// judged by statistics, the headline boost next to Yosinski et al. (2014), and charts.
// Reads only the files a suite writes (suite.json, summary.json, metrics.csv); LibTorch-free.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace tl_boost {

/// One run of a suite, as read back from its directory.
struct SuiteRun {
  std::string protocol;
  std::uint64_t seed = 0;
  nlohmann::json summary;
  std::vector<std::vector<std::string>> metrics;  // metrics.csv rows, header excluded
};

struct SuiteResults {
  std::string name;
  double alpha = 0.05;
  double loss_margin = 0.02;
  std::vector<std::string> protocols;  // in the suite's order
  std::vector<SuiteRun> runs;          // completed runs only
};

/// Reads `dir` (OUT/<suite>/). Throws IoError naming a missing or malformed file.
SuiteResults read_suite_results(const std::filesystem::path& dir);

/// Every figure of the report, deterministic for the same files (no times, no paths).
nlohmann::json build_report(const SuiteResults& results);

std::string render_report_markdown(const nlohmann::json& report);

/// A self-contained page: inline CSS and SVG, nothing fetched.
std::string render_report_html(const nlohmann::json& report);

/// Writes report.json, report.md and report.html into `dir`; returns the report.
nlohmann::json write_report(const std::filesystem::path& dir);

}  // namespace tl_boost
