#pragma once
// The report rendered from its typed results: Markdown for reading in a repository, HTML (with
// the charts) for a browser. Both write the same blocks (document.hpp) and show the charts built
// once per report (charts.hpp). LibTorch-free.
#include <string>
#include <vector>

#include "tl_boost/report/charts.hpp"
#include "tl_boost/report/findings.hpp"

namespace tl_boost {

/// The charts are linked by their file names (write_report writes them beside report.md).
std::string render_markdown(const Report& report, const std::vector<Chart>& charts);

/// A self-contained page: inline CSS and SVG, nothing fetched.
std::string render_html(const Report& report, const std::vector<Chart>& charts);

}  // namespace tl_boost
