#include "tl_boost/report_document.hpp"

#include <sstream>

#include "tl_boost/text_format.hpp"

namespace tl_boost {

namespace {

std::string points(double fraction) { return (fraction >= 0 ? "+" : "") + fixed(100.0 * fraction, 2); }

std::string p_text(double p) { return p < 0.001 ? "< 0.001" : fixed(p, 3); }

// As an ostream writes it (6 significant digits): α and margins read 0.05, 0.02.
std::string plain(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

// A set as a JSON list, the way report.json shows it: ["vm"], [0,1,2].
template <typename Set>
std::string json_list(const Set& values) {
  return nlohmann::json(values).dump();
}

std::string interval(double lo, double hi, int digits) {
  return "[" + fixed(lo, digits) + ", " + fixed(hi, digits) + "]";
}

std::string mean_sd(const SampleSummary& s) { return fixed(s.mean, 4) + " ± " + fixed(s.sd, 4); }

ReportBlock title(const std::string& text) { return {ReportBlock::Kind::kTitle, text, {}}; }
ReportBlock heading(const std::string& text) { return {ReportBlock::Kind::kHeading, text, {}}; }
ReportBlock paragraph(const std::string& text) { return {ReportBlock::Kind::kParagraph, text, {}}; }
ReportBlock table(std::vector<std::string> header) { return {ReportBlock::Kind::kTable, "", {std::move(header), {}}}; }

ReportBlock headline_table(const std::vector<HeadlineComparison>& headline) {
  ReportBlock block =
      table({"comparison", "tl-boost (CIFAR-10)", "95% CI", "test", "p", "Yosinski et al. 2014 (ImageNet)"});
  for (const auto& h : headline) {
    const Comparison& c = h.comparison;
    std::vector<ReportCell> row = {{c.a + " − " + c.b, {}}};
    if (c.test) {
      row.insert(row.end(), {{points(c.test->difference), {}},
                             {"[" + points(c.test->ci_low) + ", " + points(c.test->ci_high) + "]", {}},
                             {c.test_name(), {}},
                             {p_text(c.test->p), {}}});
    } else {
      row.insert(row.end(), {{"–", {}}, {"–", {}}, {c.test_name(), {}}, {"–", {}}});
    }
    row.push_back({h.yosinski_2014_label + " ≈ +" + fixed(h.yosinski_2014_points, 1), {}});
    block.table.rows.push_back(row);
  }
  return block;
}

ReportBlock expectations_table(const std::vector<Expectation>& expectations) {
  ReportBlock block =
      table({"", "expectation", "comparison", "difference [95% CI]", "test", "p", "Cohen's d", "verdict"});
  for (const auto& e : expectations) {
    for (const auto& c : e.comparisons) {
      std::vector<ReportCell> row = {{e.id, {}}, {e.statement, {}}, {c.a + " − " + c.b, {}}};
      if (c.test) {
        const TTest& t = *c.test;
        std::string test = c.test_name();
        if (c.equivalence) test += "; TOST ±" + plain(c.equivalence->margin) + ": p " + p_text(c.equivalence->p);
        row.insert(row.end(), {{fixed(t.difference, 4) + " " + interval(t.ci_low, t.ci_high, 4), {}},
                               {test, {}},
                               {p_text(t.p), {}},
                               {fixed(t.cohens_d, 2), {}}});
      } else {
        row.insert(row.end(), {{"–", {}}, {c.test_name(), {}}, {"–", {}}, {"–", {}}});
      }
      row.push_back({to_string(e.verdict), e.verdict});
      block.table.rows.push_back(row);
    }
  }
  return block;
}

std::vector<ReportCell> grid_row(const std::string& condition, const std::string& n, const GridAccuracy& a) {
  return {{condition, {}},        {n, {}},
          {a.protocol, {}},       {std::to_string(a.seeds), {}},
          {fixed(a.mean, 4), {}}, {interval(a.ci_low, a.ci_high, 4), {}}};
}

ReportBlock grid_table(const TransferGrid& grid) {
  ReportBlock block = table({"condition", "n", "protocol", "seeds", "test acc", "95% CI"});
  for (const auto& p : grid.points) block.table.rows.push_back(grid_row(p.condition, std::to_string(p.n), p.accuracy));
  if (grid.baseline) block.table.rows.push_back(grid_row("baseB", "–", *grid.baseline));
  return block;
}

ReportBlock protocols_table(const std::map<std::string, ProtocolSummary>& protocols) {
  ReportBlock block = table({"protocol", "seeds", "test acc", "95% CI", "best val acc", "final val acc",
                             "final train acc", "train−val gap", "final train loss"});
  for (const auto& [name, p] : protocols) {
    block.table.rows.push_back({{name, {}},
                                {std::to_string(p.seeds), {}},
                                {mean_sd(p.test_acc), {}},
                                {interval(p.test_acc.ci_low, p.test_acc.ci_high, 4), {}},
                                {mean_sd(p.best_val_acc), {}},
                                {mean_sd(p.final_val_acc), {}},
                                {mean_sd(p.final_train_acc), {}},
                                {mean_sd(p.train_val_gap), {}},
                                {mean_sd(p.final_train_loss), {}}});
  }
  return block;
}

ReportBlock probe_table(const std::map<std::string, ProtocolSummary>& protocols) {
  ReportBlock block = table({"protocol", "test acc", "95% CI"});
  for (const auto& [name, p] : protocols) {
    if (!p.probe_test_acc) continue;
    const SampleSummary& a = *p.probe_test_acc;
    block.table.rows.push_back({{name, {}}, {mean_sd(a), {}}, {interval(a.ci_low, a.ci_high, 4), {}}});
  }
  return block;
}

}  // namespace

std::vector<ReportBlock> report_blocks(const Report& report) {
  const Provenance& prov = report.provenance;
  std::vector<ReportBlock> blocks = {
      title("Suite report: " + report.suite),
      paragraph("Seeds: " + json_list(report.seeds) + ". Runs on " + json_list(prov.hosts) + " (CPU " +
                json_list(prov.cpus) + "), device " + json_list(prov.devices) + ", threads " + json_list(prov.threads) +
                ", LibTorch " + json_list(prov.libtorch) + ", tl-boost " + json_list(prov.git_shas) + "; data " +
                json_list(prov.data_dirs) + ", CIFAR-10 fingerprint " + json_list(prov.data_fingerprints) +
                " (from each run's summary.json, `environment`)."),
      heading("The generalization boost (target test accuracy, points)")};
  if (report.headline.empty()) {
    blocks.push_back(
        paragraph("This suite has neither transferred with non_transferred or scratch, nor AnB+ with BnB+ or baseB "
                  "at the same depth, so there is no boost to measure."));
  } else {
    blocks.push_back(headline_table(report.headline));
  }
  blocks.push_back(heading("Expectations (α = " + plain(report.alpha) + ")"));
  if (report.expectations.empty()) {
    blocks.push_back(
        paragraph("None of E1–E5 applies: they compare the protocols named transferred, non_transferred, "
                  "transferred_diverse, transferred_more_data and scratch, and this suite has too few of them."));
  } else {
    blocks.push_back(expectations_table(report.expectations));
  }
  if (report.grid) {
    blocks.push_back(
        heading("By layers transferred (Yosinski et al. 2014, Fig. 2; target test accuracy, mean [95% CI])"));
    blocks.push_back(grid_table(*report.grid));
    blocks.push_back(
        paragraph("AnB: the first n layers of a network trained on other classes, frozen; AnB+: the same, fine-tuned; "
                  "BnB, BnB+: copied from a network trained on the target classes themselves."));
  }
  blocks.push_back(heading("Protocols (target stage; mean ± sd over seeds, 95% CI of the test accuracy)"));
  blocks.push_back(protocols_table(report.protocols));
  bool any_probe = false;
  for (const auto& [name, p] : report.protocols) any_probe = any_probe || p.probe_test_acc.has_value();
  if (any_probe) {
    blocks.push_back(
        heading("Base-task probe (a linear classifier on the final network's frozen conv features, on the probe "
                "classes; test accuracy)"));
    blocks.push_back(probe_table(report.protocols));
  }
  blocks.push_back(
      paragraph("Tests: paired t-test over seeds when both protocols ran the same seeds, else Welch's t-test; "
                "two-sided p; Cohen's d on the same pairing. E1 is judged by two one-sided tests against the margin. "
                "Accuracies are fractions; train accuracy and loss are measured in eval mode after each epoch."));
  return blocks;
}

}  // namespace tl_boost
