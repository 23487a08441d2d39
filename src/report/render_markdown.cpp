#include <sstream>

#include "tl_boost/layout.hpp"
#include "tl_boost/report/charts.hpp"
#include "tl_boost/report/document.hpp"
#include "tl_boost/report/render.hpp"

namespace tl_boost {

namespace {

// "| a | b |"; an empty cell is a bare "| |".
void row(std::ostringstream& md, const std::vector<std::string>& cells) {
  md << "|";
  for (const auto& cell : cells) md << (cell.empty() ? "" : " " + cell) << " |";
  md << "\n";
}

}  // namespace

std::string render_markdown(const Report& report, const std::vector<Chart>& charts) {
  std::ostringstream md;
  bool first = true;
  for (const ReportBlock& block : report_blocks(report)) {
    if (!first) md << "\n";  // a blank line between blocks
    first = false;
    switch (block.kind) {
      case ReportBlock::Kind::kTitle:
        md << "# " << block.text << "\n";
        break;
      case ReportBlock::Kind::kHeading:
        md << "## " << block.text << "\n";
        break;
      case ReportBlock::Kind::kParagraph:
        md << block.text << "\n";
        break;
      case ReportBlock::Kind::kTable: {
        row(md, block.table.header);
        md << "|";
        for (std::size_t i = 0; i < block.table.header.size(); ++i) md << "---|";
        md << "\n";
        for (const auto& cells : block.table.rows) {
          std::vector<std::string> texts;
          for (const auto& cell : cells) texts.push_back(cell.verdict ? "**" + cell.text + "**" : cell.text);
          row(md, texts);
        }
        break;
      }
    }
  }
  // The charts are files beside report.md (write_report writes them), linked by their names.
  if (!charts.empty()) md << "\n## Charts\n";
  for (const Chart& chart : charts) {
    md << "\n![" << chart.title << "](" << SuiteLayout::report_chart_name(chart.name) << ")\n";
  }
  return md.str();
}

}  // namespace tl_boost
