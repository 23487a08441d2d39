#include <sstream>

#include "tl_boost/html_escape.hpp"
#include "tl_boost/report/charts.hpp"
#include "tl_boost/report/document.hpp"
#include "tl_boost/report/render.hpp"

namespace tl_boost {

namespace {

// A cell's text with a space either side (one in an empty cell), as the pages written so far have
// it: the page stays the same byte for byte, and a negative figure in a table never reads '>-0.',
// the mark of a negative chart tick.
std::string padded(const std::string& html_text) { return html_text.empty() ? " " : " " + html_text + " "; }

void table(std::ostringstream& html, const ReportTable& table) {
  html << "<table><tr>";
  for (const auto& name : table.header) html << "<th>" << padded(html_escape(name)) << "</th>";
  html << "</tr>";
  for (const auto& cells : table.rows) {
    html << "<tr>";
    for (const auto& cell : cells) {
      const std::string text = html_escape(cell.text);
      html << "<td>"
           << padded(cell.verdict ? "<span class='v-" + to_string(*cell.verdict) + "'>" + text + "</span>" : text)
           << "</td>";
    }
    html << "</tr>";
  }
  html << "</table>";
}

}  // namespace

std::string render_html(const Report& report, const std::vector<Chart>& charts) {
  std::ostringstream html;
  html << "<!DOCTYPE html><html><head><meta charset='utf-8'><title>tl-boost report: " << html_escape(report.suite)
       << "</title><style>body{font-family:sans-serif;max-width:1200px;margin:2em auto;padding:0 1em}"
          "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;font-size:13px}"
          "th{background:#f4f4f4}figure{margin:1.5em "
          "0}svg{max-width:100%;height:auto}pre{white-space:pre-wrap}.v-supported{color:#1a7f37;font-weight:bold}"
          ".v-contradicted{color:#cf222e;font-weight:bold}.v-inconclusive{color:#9a6700;font-weight:bold}</style>"
          "</head><body>";
  for (const ReportBlock& block : report_blocks(report)) {
    switch (block.kind) {
      case ReportBlock::Kind::kTitle:
        html << "<h1>" << html_escape(block.text) << "</h1>";
        break;
      case ReportBlock::Kind::kHeading:
        html << "<h2>" << html_escape(block.text) << "</h2>";
        break;
      case ReportBlock::Kind::kParagraph:
        html << "<p>" << html_escape(block.text) << "</p>";
        break;
      case ReportBlock::Kind::kTable:
        table(html, block.table);
        break;
    }
  }
  if (!charts.empty()) html << "<h2>Charts</h2>";
  for (const Chart& chart : charts) html << "<figure>" << chart.svg << "</figure>";
  html << "</body></html>\n";
  return html.str();
}

}  // namespace tl_boost
