#include <algorithm>
#include <cctype>
#include <map>
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

// Whether a code point above ASCII is punctuation or a symbol (GitHub drops those from anchors):
// Latin-1's signs, ×, ÷, and the blocks of punctuation, arrows, mathematical and other symbols.
bool is_symbol(char32_t c) {
  return (c >= 0xA0 && c <= 0xBF) || c == 0xD7 || c == 0xF7 || (c >= 0x2000 && c <= 0x2BFF) ||
         (c >= 0x3000 && c <= 0x303F) || (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF0F);
}

// The code point of the UTF-8 sequence at `text[i]`, `length` its bytes (1 for a stray byte).
char32_t code_point(const std::string& text, std::size_t i, std::size_t& length) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char b = byte(i);
  length = b < 0x80 ? 1 : b >> 5 == 0x6 ? 2 : b >> 4 == 0xE ? 3 : b >> 3 == 0x1E ? 4 : 1;
  if (i + length > text.size()) length = 1;
  if (length == 1) return b;
  char32_t c = b & (0x7F >> length);
  for (std::size_t k = 1; k < length; ++k) c = (c << 6) | (byte(i + k) & 0x3F);
  return c;
}

// Each heading's anchor in document order (the title's too, as GitHub counts it).
std::map<std::size_t, std::string> anchors(const std::vector<ReportBlock>& blocks) {
  std::map<std::string, int> seen;
  std::map<std::size_t, std::string> out;
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    const ReportBlock::Kind kind = blocks[i].kind;
    if (kind == ReportBlock::Kind::kHeading || kind == ReportBlock::Kind::kTitle) {
      out[i] = markdown_anchor(blocks[i].text, seen);
    }
  }
  return out;
}

// The sections after the contents block, each linked by its heading's anchor.
void contents(std::ostringstream& md, const std::vector<ReportBlock>& blocks, std::size_t from) {
  const std::map<std::size_t, std::string> anchor = anchors(blocks);
  md << "**" << blocks[from].text << ":**";
  const char* separator = " ";
  for (std::size_t i = from + 1; i < blocks.size(); ++i) {
    if (blocks[i].kind != ReportBlock::Kind::kHeading) continue;
    md << separator << "[" << blocks[i].text.substr(0, blocks[i].text.find(" (")) << "](#" << anchor.at(i) << ")";
    separator = " · ";
  }
  md << "\n";
}

// A chart is a file beside report.md (write_report writes it), linked by its name, its caption below.
void figure(std::ostringstream& md, const std::vector<Chart>& charts, const std::string& name) {
  const auto chart = std::find_if(charts.begin(), charts.end(), [&](const Chart& c) { return c.name == name; });
  if (chart == charts.end()) return;
  md << "![" << chart->title << "](" << SuiteLayout::report_chart_name(chart->name) << ")\n\n*"
     << (chart->caption.empty() ? chart->title : chart->caption) << "*\n";
}

}  // namespace

std::string markdown_anchor(const std::string& heading, std::map<std::string, int>& seen) {
  std::string anchor;
  for (std::size_t i = 0, length = 1; i < heading.size(); i += length) {
    const char32_t c = code_point(heading, i, length);
    if (c >= 0x80) {
      if (!is_symbol(c)) anchor += heading.substr(i, length);
    } else if (std::isalnum(static_cast<unsigned char>(c)) != 0) {
      anchor += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (c == ' ' || c == '-') {
      anchor += '-';
    } else if (c == '_') {
      anchor += '_';
    }
  }
  const int n = seen[anchor]++;
  return n == 0 ? anchor : anchor + "-" + std::to_string(n);
}

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
