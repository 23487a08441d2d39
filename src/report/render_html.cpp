#include <algorithm>
#include <sstream>

#include "tl_boost/html_escape.hpp"
#include "tl_boost/report/charts.hpp"
#include "tl_boost/report/document.hpp"
#include "tl_boost/report/render.hpp"

namespace tl_boost {

namespace {

// A cell's text with a space either side (one in an empty cell), so that a negative figure in a
// table never reads '>-0.', the mark of a negative chart tick.
std::string padded(const std::string& html_text) { return html_text.empty() ? " " : " " + html_text + " "; }

// A cell's text that may wrap inside long identifiers too (after each underscore of a word of 16
// characters or more), so that a table of protocol names fits the page instead of running off it.
std::string breakable(const std::string& html_text) {
  std::string out;
  std::size_t word = 0;  // where the current word starts in html_text
  for (std::size_t i = 0; i < html_text.size(); ++i) {
    if (html_text[i] == ' ') word = i + 1;
    out += html_text[i];
    if (html_text[i] != '_') continue;
    const std::size_t end = html_text.find(' ', i);
    if ((end == std::string::npos ? html_text.size() : end) - word >= 16) out += "<wbr>";
  }
  return out;
}

void table(std::ostringstream& html, const ReportTable& table) {
  html << "<div class='table'><table><tr>";
  for (const auto& name : table.header) html << "<th>" << padded(breakable(html_escape(name))) << "</th>";
  html << "</tr>";
  for (const auto& cells : table.rows) {
    html << "<tr>";
    for (const auto& cell : cells) {
      const std::string text = breakable(html_escape(cell.text));
      html << "<td>"
           << padded(cell.verdict ? "<span class='v-" + to_string(*cell.verdict) + "'>" + text + "</span>" : text)
           << "</td>";
    }
    html << "</tr>";
  }
  html << "</table></div>";
}

// A long table folded under its label: the reader opens it.
void folded_table(std::ostringstream& html, const ReportBlock& block) {
  html << "<details><summary>" << html_escape(block.text) << " (" << block.table.rows.size() << " rows)</summary>";
  table(html, block.table);
  html << "</details>";
}

// The sections after the contents block, each linked by its anchor.
void contents(std::ostringstream& html, const std::vector<ReportBlock>& blocks, std::size_t from) {
  html << "<nav><h2>" << html_escape(blocks[from].text) << "</h2><ul>";
  for (std::size_t i = from + 1; i < blocks.size(); ++i) {
    if (blocks[i].kind != ReportBlock::Kind::kHeading) continue;
    html << "<li><a href='#" << blocks[i].anchor << "'>" << html_escape(blocks[i].text) << "</a></li>";
  }
  html << "</ul></nav>";
}

void figure(std::ostringstream& html, const std::vector<Chart>& charts, const std::string& name) {
  const auto chart = std::find_if(charts.begin(), charts.end(), [&](const Chart& c) { return c.name == name; });
  if (chart == charts.end()) return;
  html << "<figure id='chart-" << chart->name << "'>" << chart->svg << "<figcaption>"
       << html_escape(chart->caption.empty() ? chart->title : chart->caption) << "</figcaption></figure>";
}

void block_html(std::ostringstream& html, const std::vector<ReportBlock>& blocks, std::size_t i,
                const std::vector<Chart>& charts) {
  const ReportBlock& block = blocks[i];
  switch (block.kind) {
    case ReportBlock::Kind::kTitle:
      html << "<h1>" << html_escape(block.text) << "</h1>";
      break;
    case ReportBlock::Kind::kHeading:
      html << "<h2 id='" << block.anchor << "'>" << html_escape(block.text) << "</h2>";
      break;
    case ReportBlock::Kind::kParagraph:
      html << "<p>" << html_escape(block.text) << "</p>";
      break;
    case ReportBlock::Kind::kList:
      html << "<ul>";
      for (const auto& item : block.items) html << "<li>" << html_escape(item) << "</li>";
      html << "</ul>";
      break;
    case ReportBlock::Kind::kTable:
      if (block.collapsed) {
        folded_table(html, block);
      } else {
        table(html, block.table);
      }
      break;
    case ReportBlock::Kind::kFigure:
      figure(html, charts, block.text);
      break;
    case ReportBlock::Kind::kContents:
      contents(html, blocks, i);
      break;
  }
}

}  // namespace

std::string render_html(const Report& report, const std::vector<Chart>& charts) {
  std::ostringstream html;
  html << "<!DOCTYPE html><html><head><meta charset='utf-8'><title>tl-boost report: " << html_escape(report.suite)
       << "</title><style>body{font-family:sans-serif;max-width:1200px;margin:2em auto;padding:0 1em}"
          "div.table{overflow-x:auto;margin:1em 0}table{border-collapse:collapse;width:100%}td{vertical-align:top}"
          "td,th{border:1px solid #ccc;padding:3px 5px;font-size:12px;overflow-wrap:break-word}"
          "th{background:#f4f4f4}figure{margin:1.5em 0}figcaption{font-size:13px;color:#555}"
          "svg{max-width:100%;height:auto}nav{background:#f8f8f8;padding:0.5em 1em}"
          "summary{cursor:pointer;margin:0.5em 0}pre{white-space:pre-wrap}"
          ".v-supported{color:#1a7f37;font-weight:bold}.v-contradicted{color:#cf222e;font-weight:bold}"
          ".v-inconclusive{color:#9a6700;font-weight:bold}</style></head><body>";
  const std::vector<ReportBlock> blocks = report_blocks(report, charts);
  for (std::size_t i = 0; i < blocks.size(); ++i) block_html(html, blocks, i, charts);
  html << "</body></html>\n";
  return html.str();
}

}  // namespace tl_boost
