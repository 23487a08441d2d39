#include "tl_boost/report/document.hpp"

#include <algorithm>
#include <utility>

#include "tl_boost/report/document_tables.hpp"
#include "tl_boost/report/words.hpp"

namespace tl_boost {

namespace {

using Blocks = std::vector<ReportBlock>;

void append(Blocks& blocks, Blocks more) {
  blocks.insert(blocks.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
}

// The chart that carries the answer: the predictions' forest plot, else the verdicts' paired differences.
std::string answer_chart(const std::vector<Chart>& charts) {
  for (const char* name : {"predictions", "paired-differences"}) {
    if (std::any_of(charts.begin(), charts.end(), [&](const Chart& c) { return c.name == name; })) return name;
  }
  return "";
}

// A sentence per headline row and per declared hypothesis, each with its number and CI; then the
// answer's chart and the table it is read from.
Blocks findings_blocks(const Report& report, const std::string& answer) {
  Blocks blocks = {heading_block("Findings", "findings")};
  std::vector<std::string> sentences;
  for (const auto& h : report.headline) sentences.push_back(headline_finding(h));
  if (report.hypotheses) {
    for (const auto& f : report.findings) sentences.push_back(hypothesis_finding(f, *report.hypotheses));
  }
  if (sentences.empty()) {
    blocks.push_back(paragraph_block(passage(Passage::kNoFindings)));
  } else {
    blocks.push_back(list_block(std::move(sentences)));
    blocks.push_back(paragraph_block(passage(Passage::kFindingsGuide)));
  }
  if (!answer.empty()) blocks.push_back(figure_block(answer));
  if (report.hypotheses) {
    blocks.push_back(heading_block("Where the boost comes from: the declared predictions judged", "predictions"));
    blocks.push_back(paragraph_block(closing_paragraph(*report.hypotheses)));
    blocks.push_back(hypotheses_table(*report.hypotheses));
  } else {
    blocks.push_back(heading_block("The generalization boost (target test accuracy, points)", "boost"));
    blocks.push_back(report.headline.empty() ? paragraph_block(passage(Passage::kNoBoost))
                                             : headline_table(report.headline));
  }
  return blocks;
}

// Which machine ran how many runs of each protocol: a pair across two machines differs by their
// arithmetic too, unless the machines compute alike.
std::string machines_text(const Provenance& prov) {
  std::string machines;
  for (const auto& [machine, protocols] : prov.runs_per_machine) {
    std::vector<std::string> counts;
    for (const auto& [protocol, runs] : protocols) counts.push_back(protocol + " " + std::to_string(runs));
    machines += (machines.empty() ? "" : "; ") + machine + ": " + listed(counts);
  }
  return "The runs ran on " + std::to_string(prov.runs_per_machine.size()) + " machines (runs per protocol): " +
         machines + ". A paired difference between runs of two machines includes any difference in their arithmetic.";
}

// Where and on what the runs happened, the class splits, and the runs left out.
Blocks provenance_blocks(const Report& report) {
  const Provenance& prov = report.provenance;
  Blocks blocks = {
      heading_block("Provenance", "provenance"),
      paragraph_block("Seeds: " + listed(report.seeds) + ". Runs on host " + listed(prov.hosts) + " (CPU " +
                      listed(prov.cpus) + "), device " + listed(prov.devices) + ", threads " + listed(prov.threads) +
                      ", LibTorch " + listed(prov.libtorch) + ", tl-boost commit " + listed(prov.git_shas) +
                      " (from each run's summary.json, environment)."),
      paragraph_block("CIFAR-10: " + data_source_text(prov) + "; read from " + listed(prov.data_dirs) + ".")};
  if (prov.runs_per_machine.size() > 1) blocks.push_back(paragraph_block(machines_text(prov)));
  if (!report.splits.empty()) {
    blocks.push_back(paragraph_block("Class splits: " + listed(report.splits) +
                                     " (each rebinds the groups A, B, C; suite.json lists their classes)."));
  }
  for (const auto& shared : report.shared_groups) {
    blocks.push_back(paragraph_block("Splits " + listed(shared.splits) + " drew the same group " + shared.group +
                                     ": a protocol whose source trains on " + shared.group +
                                     " shares its source networks between them, so they are not independent."));
  }
  if (!report.absent.empty()) blocks.push_back(paragraph_block(absent_runs_text(report.absent)));
  return blocks;
}

// What the hypotheses file declared, and the headline beside Yosinski et al. (shown first without one).
Blocks declared_and_boost_blocks(const Report& report) {
  Blocks blocks;
  if (!report.hypotheses) return blocks;
  blocks.push_back(heading_block("The predictions as declared", "declared"));
  append(blocks, declared_blocks(*report.hypotheses));
  blocks.push_back(heading_block("The generalization boost (target test accuracy, points)", "boost"));
  blocks.push_back(report.headline.empty() ? paragraph_block(passage(Passage::kNoBoost))
                                           : headline_table(report.headline));
  return blocks;
}

// The expectations, those the suite could not ask, and each comparison over class splits.
Blocks expectation_blocks(const Report& report) {
  Blocks blocks = {heading_block("Expectations (α = " + plain(report.alpha) + ")", "expectations")};
  if (report.expectations.empty()) {
    blocks.push_back(paragraph_block(passage(Passage::kNoExpectations)));
  } else {
    blocks.push_back(paragraph_block(passage(Passage::kExpectationsGuide)));
    blocks.push_back(expectations_table(report.expectations));
  }
  std::vector<std::string> missing;
  for (const auto& m : report.missing_expectations) missing.push_back(missing_expectation_text(m));
  if (!missing.empty()) blocks.push_back(list_block(std::move(missing)));
  std::vector<SplitRow> over_splits;
  for (const auto& e : report.expectations) {
    for (const auto& c : e.comparisons) {
      if (c.splits) over_splits.push_back({expectation_label(e), &c, e.accuracy()});
    }
  }
  for (const auto& h : report.headline) {
    if (h.comparison.splits) over_splits.push_back({"Boost", &h.comparison, true});
  }
  if (!over_splits.empty()) {
    blocks.push_back(heading_block(
        "Between class splits (paired differences per split; the split is the unit of replication)", "splits"));
    ReportBlock table = split_table(over_splits);
    table.text = "Each split's paired difference and the pooled estimate, per comparison";
    blocks.push_back(std::move(table));
  }
  return blocks;
}

// The transfer grid and the comparisons along the curves, where the suite has them.
Blocks depth_and_curve_blocks(const Report& report) {
  Blocks blocks;
  if (report.grid) {
    blocks.push_back(heading_block(
        "By layers transferred (Yosinski et al. 2014, Fig. 2; target test accuracy in %, mean [95% CI])", "grid"));
    blocks.push_back(grid_table(*report.grid));
    blocks.push_back(paragraph_block(passage(Passage::kGridKey)));
  }
  if (!report.along_curves.empty()) {
    blocks.push_back(heading_block(
        "Along the curves (target stage; final losses and gaps saturate once every network fits)", "curves"));
    blocks.push_back(paragraph_block(passage(Passage::kCurvesGuide)));
    for (const auto& c : report.along_curves) append(blocks, curve_blocks(c));
  }
  if (!report.barriers.empty()) {
    const std::string over = report.splits.size() >= 2 ? "over split means)" : "over the interpolations)";
    blocks.push_back(heading_block(
        "Interpolation barriers (the highest training loss on the straight line between two final networks above "
        "the line between their losses; " + over, "barriers"));
    blocks.push_back(barriers_table(report.barriers, report.splits.size() >= 2));
  }
  return blocks;
}

// Each protocol's figures and base-task probe, then how the report tests.
Blocks protocol_blocks(const Report& report) {
  const bool several_splits = report.splits.size() >= 2;
  Blocks blocks = {
      heading_block(several_splits ? "Protocols (target stage; mean ± sd of the split means, 95% CI of the test "
                                     "accuracy over splits; accuracies in %)"
                                   : "Protocols (target stage; mean ± sd over seeds, 95% CI of the test accuracy; "
                                     "accuracies in %)",
                    "protocols"),
      protocols_table(report, several_splits)};
  append(blocks, probe_blocks(report, several_splits));
  blocks.push_back(heading_block("How the report tests", "tests"));
  blocks.push_back(paragraph_block(tests_passage(several_splits, report.family_size)));
  return blocks;
}

// Every chart not shown above, each a figure.
Blocks chart_blocks(const std::vector<Chart>& charts, const std::string& answer) {
  Blocks blocks;
  for (const Chart& chart : charts) {
    if (chart.name != answer) blocks.push_back(figure_block(chart.name));
  }
  if (!blocks.empty()) blocks.insert(blocks.begin(), heading_block("Charts", "charts"));
  return blocks;
}

}  // namespace

std::vector<ReportBlock> report_blocks(const Report& report, const std::vector<Chart>& charts) {
  const std::string answer = answer_chart(charts);
  Blocks blocks = {title_block("Suite report: " + report.suite)};
  append(blocks, findings_blocks(report, answer));
  blocks.push_back({ReportBlock::Kind::kContents, "Details", "", {}, {}, false});
  append(blocks, provenance_blocks(report));
  append(blocks, declared_and_boost_blocks(report));
  append(blocks, expectation_blocks(report));
  append(blocks, depth_and_curve_blocks(report));
  append(blocks, protocol_blocks(report));
  append(blocks, chart_blocks(charts, answer));
  return blocks;
}

}  // namespace tl_boost
