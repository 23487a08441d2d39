#pragma once
// The report as text: a title, headings, paragraphs, lists, figures and tables of formatted cells,
// built once from the typed report so that its Markdown and its HTML show the same figures in the
// same words. Each renderer writes these blocks in its own markup; nothing is parsed back.
// LibTorch-free.
#include <optional>
#include <string>
#include <vector>

#include "tl_boost/report/charts.hpp"
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
  enum class Kind {
    kTitle,
    kHeading,  // a section: `text`, and `anchor`, its id in the page
    kParagraph,
    kList,  // `items`, one sentence each
    kTable,
    kFigure,    // the chart named `text` (Chart::name), captioned with its title
    kContents,  // the sections after it, each linked by its anchor
  };
  Kind kind = Kind::kParagraph;
  std::string text;
  std::string anchor;              // kHeading
  std::vector<std::string> items;  // kList
  ReportTable table;               // kTable
  bool collapsed = false;          // kTable: a long table shown folded (HTML) under `text`
};

/// The report's blocks in reading order: the title; the findings (a sentence per headline row and
/// per declared hypothesis, with its number and CI); the one chart that carries the answer (the
/// predictions' forest plot, else the paired differences the verdicts test); the hypothesis table
/// (else the headline's); the contents; then the details: provenance, the declared predictions,
/// the headline, the expectations, the splits, the transfer grid, the curves, the protocols, the
/// probe, how the report tests, and the other charts.
std::vector<ReportBlock> report_blocks(const Report& report, const std::vector<Chart>& charts);

}  // namespace tl_boost
