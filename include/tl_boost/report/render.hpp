#pragma once
// The report rendered from its typed results: Markdown for reading in a repository, HTML (with
// the charts) for a browser. Both write the same blocks (document.hpp) and show the charts built
// once per report (charts.hpp). LibTorch-free.
#include <map>
#include <string>
#include <vector>

#include "tl_boost/report/charts.hpp"
#include "tl_boost/report/findings.hpp"

namespace tl_boost {

/// The charts are linked by their file names (write_report writes them beside report.md).
std::string render_markdown(const Report& report, const std::vector<Chart>& charts);

/// The anchor GitHub gives a Markdown heading: lower case, spaces as hyphens, punctuation and
/// symbols dropped (letters of any script, digits, hyphens and underscores kept); `seen` counts the
/// headings so far by anchor, and a repeated one gets "-1", "-2", ... as GitHub numbers them.
std::string markdown_anchor(const std::string& heading, std::map<std::string, int>& seen);

/// A self-contained page: inline CSS and SVG, nothing fetched.
std::string render_html(const Report& report, const std::vector<Chart>& charts);

}  // namespace tl_boost
