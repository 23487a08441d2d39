#include "tl_boost/report/analysis.hpp"

#include <map>

#include "tl_boost/report/barriers.hpp"
#include "tl_boost/report/evidence.hpp"
#include "tl_boost/report/expectations.hpp"
#include "tl_boost/report/figures.hpp"
#include "tl_boost/report/roles.hpp"
#include "tl_boost/report/summaries.hpp"

namespace tl_boost {

namespace {

// The class groups two or more splits have in common (a source trained on one is shared).
std::vector<SharedGroup> shared_groups(const std::vector<ClassSplit>& splits) {
  std::map<std::pair<std::string, std::vector<std::string>>, std::vector<std::string>> by_group;
  for (const auto& split : splits) {
    for (const auto& [group, classes] : split.groups) by_group[{group, classes}].push_back(split.name);
  }
  std::vector<SharedGroup> shared;
  for (const auto& [group, names] : by_group) {
    if (names.size() >= 2) shared.push_back({group.first, names});
  }
  return shared;
}

}  // namespace

Report analyse(const SuiteResults& r, const std::optional<StudyHypotheses>& hypotheses) {
  Report report;
  report.suite = r.manifest.name;
  report.alpha = r.manifest.alpha;
  report.loss_margin = r.manifest.loss_margin;
  report.provenance = provenance(r);
  report.absent = r.absent;
  for (const auto& split : r.manifest.splits) report.splits.push_back(split.name);
  report.shared_groups = shared_groups(r.manifest.splits);
  for (const auto& run : r.runs) report.seeds.insert(run.seed);
  // With several splits the split is the unit of replication; with one, the seeds pair.
  const std::vector<std::string>& split_order = report.splits;
  report.protocols = summarise_protocols(r, split_order.size() >= 2, report.protocol_order);
  const RolePlacement roles = place_roles(r);
  const ProtocolFigures figures(r);
  report.grid = transfer_grid(roles, report.protocols, figures, split_order);
  JudgedExpectations judged = judge_expectations(figures, roles, r.manifest.protocols, split_order,
                                                 r.manifest.alpha, r.manifest.loss_margin);
  report.expectations = std::move(judged.expectations);
  report.headline = std::move(judged.headline);
  report.family_size = judged.family_size;
  report.missing_expectations = std::move(judged.missing);
  report.along_curves = compare_along_curves(r, roles, split_order);
  report.barriers = summarise_barriers(r, split_order.size() >= 2);
  if (hypotheses) {
    report.hypotheses = judge_hypotheses(*hypotheses, hypothesis_evidence(r, *hypotheses, split_order), r.manifest.alpha);
    report.findings = hypothesis_findings(*report.hypotheses);
  }
  report.source_networks = source_networks(r, report.protocol_order);
  return report;
}

}  // namespace tl_boost
