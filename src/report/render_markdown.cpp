#include <algorithm>
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

void table(std::ostringstream& md, const ReportBlock& block) {
  if (block.collapsed && !block.text.empty()) md << block.text << ":\n\n";
  row(md, block.table.header);
  md << "|";
  for (std::size_t i = 0; i < block.table.header.size(); ++i) md << "---|";
  md << "\n";
  for (const auto& cells : block.table.rows) {
    std::vector<std::string> texts;
    for (const auto& cell : cells) texts.push_back(cell.verdict ? "**" + cell.text + "**" : cell.text);
    row(md, texts);
  }
}

// The sections after the contents block, by their headings (Markdown needs no anchors).
void contents(std::ostringstream& md, const std::vector<ReportBlock>& blocks, std::size_t from) {
  md << "**" << blocks[from].text << ":**";
  const char* separator = " ";
  for (std::size_t i = from + 1; i < blocks.size(); ++i) {
    if (blocks[i].kind != ReportBlock::Kind::kHeading) continue;
    md << separator << blocks[i].text.substr(0, blocks[i].text.find(" ("));
    separator = " · ";
  }
  md << "\n";
}

// A chart is a file beside report.md (write_report writes it), linked by its name, its title below.
void figure(std::ostringstream& md, const std::vector<Chart>& charts, const std::string& name) {
  const auto chart = std::find_if(charts.begin(), charts.end(), [&](const Chart& c) { return c.name == name; });
  if (chart == charts.end()) return;
  md << "![" << chart->title << "](" << SuiteLayout::report_chart_name(chart->name) << ")\n\n*" << chart->title
     << "*\n";
}

}  // namespace

std::string render_markdown(const Report& report, const std::vector<Chart>& charts) {
  std::ostringstream md;
  const std::vector<ReportBlock> blocks = report_blocks(report, charts);
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    const ReportBlock& block = blocks[i];
    if (i) md << "\n";  // a blank line between blocks
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
      case ReportBlock::Kind::kList:
        for (const auto& item : block.items) md << "- " << item << "\n";
        break;
      case ReportBlock::Kind::kTable:
        table(md, block);
        break;
      case ReportBlock::Kind::kFigure:
        figure(md, charts, block.text);
        break;
      case ReportBlock::Kind::kContents:
        contents(md, blocks, i);
        break;
    }
  }
  return md.str();
}

}  // namespace tl_boost
