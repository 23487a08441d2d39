#pragma once
// The report as text: a title, headings, paragraphs and tables of formatted cells, built once
// from the typed report so that its Markdown and its HTML show the same figures in the same
// words. Each renderer writes these blocks in its own markup; nothing is parsed back. LibTorch-free.
#include <optional>
#include <string>
#include <vector>

#include "tl_boost/report/findings.hpp"

namespace tl_boost {

struct ReportCell {
  std::string text;
  std::optional<Verdict> verdict;  // a verdict cell: rendered marked (bold, coloured by verdict)
};

struct ReportTable {
  std::vector<std::string> header;
  std::vector<std::vector<ReportCell>> rows;
};

struct ReportBlock {
  enum class Kind { kTitle, kHeading, kParagraph, kTable };
  Kind kind = Kind::kParagraph;
  std::string text;   // title, heading or paragraph
  ReportTable table;  // kTable only
};

/// The report's blocks in reading order: title, provenance, headline, expectations, transfer
/// grid, protocols, base-task probe, and a note on the tests.
std::vector<ReportBlock> report_blocks(const Report& report);

}  // namespace tl_boost
