#pragma once
// The report of a suite directory, built in three steps: read the runs (report_reader.hpp),
// analyse them into typed results (report_analysis.hpp), render those as report.json, Markdown
// and HTML (report_render.hpp, report_charts.hpp). Reads only the files a suite writes
// (suite.json, summary.json, metrics.csv); LibTorch-free.
#include <filesystem>

#include <nlohmann/json.hpp>

namespace tl_boost {

/// Writes report.json, report.md, report.html and the charts (report-*.svg, linked from report.md)
/// into `dir`; returns what report.json holds.
nlohmann::json write_report(const std::filesystem::path& dir);

}  // namespace tl_boost
