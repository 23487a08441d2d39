#pragma once
// The report rendered from its typed results: Markdown for reading in a repository, HTML (with
// the charts) for a browser. Both write the same blocks (report_document.hpp). LibTorch-free.
#include <string>

#include "tl_boost/report/findings.hpp"

namespace tl_boost {

std::string render_markdown(const Report& report);

/// A self-contained page: inline CSS and SVG, nothing fetched.
std::string render_html(const Report& report);

}  // namespace tl_boost
