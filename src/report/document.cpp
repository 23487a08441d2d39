#include "tl_boost/report/document.hpp"

#include <algorithm>
#include <sstream>
#include <utility>

#include "tl_boost/report/words.hpp"
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

// A set as words: "vm", "0, 1, 2"; "none" when empty.
template <typename Set>
std::string listed(const Set& values) {
  std::ostringstream out;
  bool first = true;
  for (const auto& v : values) {
    out << (first ? "" : ", ") << v;
    first = false;
  }
  return first ? "none" : out.str();
}

// An accuracy difference in points, a loss difference as it is.
std::string difference_text(double value, bool accuracy) { return accuracy ? points(value) : fixed(value, 4); }

std::string difference_ci(const TTest& t, bool accuracy) {
  return difference_text(t.difference, accuracy) + " [" + difference_text(t.ci_low, accuracy) + ", " +
         difference_text(t.ci_high, accuracy) + "]";
}

// The p a comparison's result is decided by, named: "TOST 0.010", "Holm 0.007".
std::string deciding_p_text(const Comparison& c) {
  const auto p = c.deciding_p();
  if (!p) return "–";
  return std::string(c.equivalence ? "TOST " : "Holm ") + p_text(*p);
}

std::string interval(double lo, double hi, int digits) {
  return "[" + fixed(lo, digits) + ", " + fixed(hi, digits) + "]";
}

std::string mean_sd(const SampleSummary& s) { return fixed(s.mean, 4) + " ± " + fixed(s.sd, 4); }

ReportBlock title(const std::string& text) { return {ReportBlock::Kind::kTitle, text, {}}; }
ReportBlock heading(const std::string& text) { return {ReportBlock::Kind::kHeading, text, {}}; }
ReportBlock paragraph(const std::string& text) { return {ReportBlock::Kind::kParagraph, text, {}}; }
ReportBlock table(std::vector<std::string> header) { return {ReportBlock::Kind::kTable, "", {std::move(header), {}}}; }

// The test's name, with the pairs a missing or failed run left out, or the splits it runs over.
std::string test_text(const Comparison& c) {
  std::string text = c.test_name();
  if (c.splits) {
    const SplitLevelEstimate& e = c.splits->estimate;
    text += " (" + std::to_string(e.splits) + " splits, " + std::to_string(e.observations) + " paired runs";
    if (e.has_variance_components) text += "; between-split share " + fixed(100.0 * e.between_share, 0) + "%";
    text += ")";
  }
  if (!c.unpaired.empty()) {
    text += "; unpaired:";
    for (std::size_t i = 0; i < c.unpaired.size(); ++i) text += (i ? ", " : " ") + c.unpaired[i];
  }
  return text;
}

std::string holm_text(const Comparison& c) { return c.p_holm ? p_text(*c.p_holm) : "–"; }

ReportBlock headline_table(const std::vector<HeadlineComparison>& headline) {
  ReportBlock block = table({"comparison", "tl-boost (CIFAR-10)", "95% CI", "test", "alternative", "p", "p (Holm)",
                             "Yosinski et al. 2014 (ImageNet)"});
  for (const auto& h : headline) {
    const Comparison& c = h.comparison;
    std::vector<ReportCell> row = {{c.a + " − " + c.b, {}}};
    if (c.test) {
      row.insert(row.end(), {{points(c.test->difference), {}},
                             {"[" + points(c.test->ci_low) + ", " + points(c.test->ci_high) + "]", {}},
                             {test_text(c), {}},
                             {to_string(c.alternative), {}},
                             {p_text(c.p()), {}},
                             {holm_text(c), {}}});
    } else {
      row.insert(row.end(),
                 {{"–", {}}, {"–", {}}, {test_text(c), {}}, {to_string(c.alternative), {}}, {"–", {}}, {"–", {}}});
    }
    row.push_back({headline_label(h.id) + " ≈ +" + fixed(h.yosinski_2014_points, 1), {}});
    block.table.rows.push_back(row);
  }
  return block;
}

ReportBlock expectations_table(const std::vector<Expectation>& expectations) {
  ReportBlock block = table({"", "expectation", "comparison", "difference [95% CI]", "test", "alternative", "p (test)",
                             "deciding p", "effect size", "result", "expectation's verdict"});
  for (const auto& e : expectations) {
    for (const auto& c : e.comparisons) {
      std::vector<ReportCell> row = {
          {expectation_label(e), {}}, {expectation_statement(e), {}}, {c.a + " − " + c.b, {}}};
      if (c.test) {
        const TTest& t = *c.test;
        std::string test = test_text(c);
        if (c.equivalence) test += "; TOST against ±" + plain(c.equivalence->margin);
        row.insert(row.end(), {{difference_ci(t, e.accuracy()) + (e.accuracy() ? " points" : " loss"), {}},
                               {test, {}},
                               {to_string(c.alternative), {}},
                               {p_text(c.p()), {}},
                               {deciding_p_text(c), {}},
                               {c.effect_size_name() + " " + fixed(t.cohens_d, 2), {}}});
      } else {
        row.insert(row.end(),
                   {{"–", {}}, {test_text(c), {}}, {to_string(c.alternative), {}}, {"–", {}}, {"–", {}}, {"–", {}}});
      }
      row.push_back({to_string(c.verdict), c.verdict});
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

// With several class splits the figures are over split means: the count says how many of each.
ReportBlock protocols_table(const Report& report, bool several_splits) {
  ReportBlock block = table({"protocol", several_splits ? "splits (runs)" : "seeds", "test acc", "95% CI",
                             "best val acc", "final val acc", "final train acc", "train−val gap", "final train loss"});
  for (const auto& name : report.protocol_order) {
    const ProtocolSummary& p = report.protocols.at(name);
    const std::string count =
        several_splits ? std::to_string(p.splits) + " (" + std::to_string(p.seeds) + ")" : std::to_string(p.seeds);
    block.table.rows.push_back({{name, {}},
                                {count, {}},
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

// A comparison over splits, named as its forest plot is: "E1", "Boost", ...
struct SplitRow {
  std::string label;
  const Comparison* comparison = nullptr;
  bool accuracy = true;  // its differences are accuracies (points); false: losses
};

// Each comparison over splits: the per-split differences and the pooled estimate (the forest plots).
ReportBlock split_table(const std::vector<SplitRow>& comparisons) {
  ReportBlock block = table({"", "comparison", "split", "seeds", "difference [95% CI]"});
  for (const auto& [label, c, accuracy] : comparisons) {
    const SplitLevelEstimate& e = c->splits->estimate;
    const auto ci = [&, accuracy = accuracy](double mean, double lo, double hi) {
      return difference_text(mean, accuracy) + " [" + difference_text(lo, accuracy) + ", " +
             difference_text(hi, accuracy) + "]" + (accuracy ? " points" : " loss");
    };
    for (std::size_t i = 0; i < c->splits->splits.size(); ++i) {
      const SampleSummary& s = e.per_split[i];
      // One seed, or seeds that all differ alike, give no interval: say so rather than print a point as one.
      const std::string unit = accuracy ? " points" : " loss";
      const std::string text = s.n < 2    ? difference_text(s.mean, accuracy) + unit + " (one seed: no interval)"
                               : s.sd == 0 ? difference_text(s.mean, accuracy) + unit + " (no spread: not estimable)"
                                           : ci(s.mean, s.ci_low, s.ci_high);
      block.table.rows.push_back(
          {{label, {}}, {c->a + " − " + c->b, {}}, {c->splits->splits[i], {}}, {std::to_string(s.n), {}}, {text, {}}});
    }
    // A spread, so unsigned, in the unit of the differences.
    const std::string sd =
        accuracy ? fixed(100.0 * e.sd_of_split_means, 2) + " points" : fixed(e.sd_of_split_means, 4) + " loss";
    std::string pooled = ci(e.mean, e.ci_low, e.ci_high) + "; sd of split means " + sd;
    if (e.has_variance_components) pooled += "; between-split share " + fixed(100.0 * e.between_share, 0) + "%";
    block.table.rows.push_back({{label, {}},
                                {c->a + " − " + c->b, {}},
                                {"all (mean of split means)", {}},
                                {std::to_string(e.observations), {}},
                                {pooled, {}}});
  }
  return block;
}

using ProbeReference = std::pair<std::optional<SampleSummary> ProbeSummary::*, const char*>;

// The reference features some protocol's runs probed besides their final networks (none in a
// suite whose runs probed none), with their column titles.
std::vector<ProbeReference> probed_references(const Report& report) {
  const ProbeReference all[] = {{&ProbeSummary::source_network, "source network before fine-tuning"},
                                {&ProbeSummary::random_network, "random network"},
                                {&ProbeSummary::conv1_only, "conv1 alone"}};
  std::vector<ProbeReference> probed;
  for (const ProbeReference& reference : all) {
    for (const auto& [name, p] : report.protocols) {
      if (p.probe && (*p.probe).*reference.first) {
        probed.push_back(reference);
        break;
      }
    }
  }
  return probed;
}

// The probe of each protocol's final networks, then a column for each probed reference.
ReportBlock probe_table(const Report& report, const std::vector<ProbeReference>& references) {
  std::vector<std::string> header = {"protocol", "test acc", "95% CI"};
  for (const auto& [member, label] : references) header.push_back(label);
  ReportBlock block = table(header);
  for (const auto& name : report.protocol_order) {
    const ProtocolSummary& p = report.protocols.at(name);
    if (!p.probe) continue;
    const SampleSummary& a = p.probe->final_network;
    std::vector<ReportCell> row = {{name, {}}, {mean_sd(a), {}}, {interval(a.ci_low, a.ci_high, 4), {}}};
    for (const auto& [member, label] : references) {
      const std::optional<SampleSummary>& s = (*p.probe).*member;
      row.push_back({s ? mean_sd(*s) : "–", {}});
    }
    block.table.rows.push_back(row);
  }
  return block;
}

std::string estimate_text(const PairedEstimate& e, int digits) {
  return fixed(e.mean, digits) + " " + interval(e.ci_low, e.ci_high, digits);
}

std::string pairs_text(const PairedEstimate& e) { return measured_over({e.pairs, e.splits, false, 0}); }

// A row of a − b: the estimate, what it is over, and its two-sided p (– without a test).
std::vector<ReportCell> estimate_row(const std::string& measure, const std::optional<PairedEstimate>& e, int digits,
                                     const std::string& note = "") {
  if (!e) return {{measure, {}}, {"–", {}}, {note.empty() ? "no pair" : "no pair; " + note, {}}, {"–", {}}};
  std::string over = pairs_text(*e);
  if (!note.empty()) over += "; " + note;
  return {{measure, {}}, {estimate_text(*e, digits), {}}, {over, {}}, {e->has_test ? p_text(e->p) : "–", {}}};
}

std::string range_text(double low, double high, bool accuracy) {
  return "[" + difference_text(low, accuracy) + ", " + difference_text(high, accuracy) + "]";
}

// One prediction's row: what it measured, both tests and the outcome.
std::vector<ReportCell> hypothesis_row(const HypothesisRow& row, const HypothesisTable& t) {
  const Prediction& p = row.prediction;
  std::optional<Verdict> mark;
  if (row.outcome == Outcome::kHeld) mark = Verdict::kSupported;
  if (row.outcome == Outcome::kContradicted) mark = Verdict::kContradicted;
  if (row.outcome == Outcome::kInconclusive) mark = Verdict::kInconclusive;
  std::vector<ReportCell> cells = {
      {p.id + (p.post_hoc ? " †" : ""), {}}, {prediction_measure(p, t), {}}, {prediction_predicts(p, t), {}}};
  if (row.value && row.tests) {
    const Measured& v = *row.value;
    const bool accuracy = is_accuracy(p.measure);
    const std::string unit = accuracy ? " points" : "";
    cells.push_back({difference_text(v.estimate, accuracy) + " " + range_text(v.ci_low, v.ci_high, accuracy) + unit, {}});
    cells.push_back({range_text(row.tests->ci90_low, row.tests->ci90_high, accuracy) + unit, {}});
    cells.push_back({measured_over(v.over), {}});
    cells.push_back({p_text(row.tests->p_for), {}});
    cells.push_back({p_text(row.tests->p_against), {}});
    cells.push_back({std::string(row.tests->decided_against() ? "against " : "for ") + p_text(row.tests->p_holm), {}});
  } else {
    cells.insert(cells.end(), {{"–", {}}, {"–", {}}, {"–", {}}, {"–", {}}, {"–", {}}, {"–", {}}});
  }
  cells.push_back({outcome_text(row), mark});
  return cells;
}

ReportBlock hypotheses_table(const HypothesisTable& t) {
  ReportBlock block = table({"prediction", "measure: a − b", "predicts (SESOI)", "measured [95% CI]", "90% CI", "over",
                             "p for", "p against", "deciding p (Holm)", "outcome"});
  for (const auto& row : t.rows) block.table.rows.push_back(hypothesis_row(row, t));
  return block;
}

// What the file declared: the hypotheses, the SESOI and the sets with their reasons, each prediction's why.
std::vector<ReportBlock> declared_blocks(const HypothesisTable& t) {
  const StudyHypotheses& d = t.declared;
  std::string hypotheses;
  for (const auto& h : d.hypotheses) hypotheses += " " + h.id + " (" + h.name + "): " + h.statement;
  std::vector<ReportBlock> blocks = {paragraph("Declared in " + d.origin + "." + hypotheses)};
  std::string basis = "Smallest effect of interest (SESOI): " + (d.sesoi_why.empty() ? "as declared." : d.sesoi_why);
  for (const auto& set : d.sets) basis += " " + set.name + " = {" + listed(set.protocols) + "}.";
  if (!d.sets_why.empty()) basis += " " + d.sets_why;
  blocks.push_back(paragraph(basis));
  ReportBlock why = table({"prediction", "hypothesis", "why"});
  for (const auto& p : d.predictions) why.table.rows.push_back({{p.id, {}}, {hypothesis_label(t, p.hypothesis), {}}, {p.why, {}}});
  blocks.push_back(why);
  return blocks;
}

std::vector<ReportBlock> curve_blocks(const CurveComparison& c) {
  const std::string ab = c.a + " − " + c.b;
  std::vector<ReportBlock> blocks = {
      paragraph(ab + " over " + counted(c.pairs, "pair") + " of runs (same split and seed); differences a − b.")};
  ReportBlock summary = table({"measure (" + ab + ")", "difference [95% CI]", "over", "p"});
  summary.table.rows.push_back(estimate_row("log training loss, summed over epochs", c.log_loss_area, 3));
  summary.table.rows.push_back(
      estimate_row("val acc at the lowest training loss both runs reach", c.val_acc_at_common_loss, 4));
  if (c.ancova) {
    const OlsCoefficient& o = c.ancova->protocol;
    summary.table.rows.push_back({{"test acc at matched training loss (ANCOVA offset of " + c.a + ")", {}},
                                  {fixed(o.estimate, 4) + " " + interval(o.ci_low, o.ci_high, 4), {}},
                                  {counted(c.ancova->units, c.ancova->splits >= 2 ? "split mean" : "pair") +
                                       " of the paired differences, OLS on log final training loss",
                                   {}},
                                  {p_text(o.p), {}}});
  }
  for (const auto& f : c.matched_fit) {
    const std::string at =
        f.accuracy ? "at the first epoch with train acc ≥ " + fixed(*f.accuracy, 2) : "at the final epoch";
    const std::string note = f.excluded ? counted(f.excluded, "pair") + " excluded (not reached)" : "";
    summary.table.rows.push_back(estimate_row("val acc " + at, f.val_acc, 4, note));
    summary.table.rows.push_back(estimate_row("train − val gap " + at, f.gap, 4, note));
  }
  blocks.push_back(summary);
  ReportBlock reach = table({"training loss", c.a + " reached (mean epoch)", c.b + " reached (mean epoch)",
                             "epochs a − b [95% CI]", "over", "p"});
  for (const auto& r : c.reach) {
    const auto side = [](const std::vector<std::optional<int>>& epochs) {
      int reached = 0, sum = 0;
      for (const auto& e : epochs) {
        if (e) ++reached, sum += *e;
      }
      return std::to_string(reached) + "/" + std::to_string(epochs.size()) +
             (reached ? " (" + fixed(static_cast<double>(sum) / reached, 1) + ")" : " (not reached)");
    };
    std::vector<ReportCell> row = {{plain(r.loss), {}}, {side(r.epochs_a), {}}, {side(r.epochs_b), {}}};
    const std::string note = r.excluded ? counted(r.excluded, "pair") + " excluded (not reached)" : "";
    const auto rest = estimate_row("", r.difference, 2, note);
    row.insert(row.end(), rest.begin() + 1, rest.end());
    reach.table.rows.push_back(row);
  }
  blocks.push_back(reach);
  ReportBlock per_epoch = table({"epoch", "log train loss " + ab + " [95% CI]", "over", "p"});
  for (const auto& e : c.log_loss) {
    const auto row = estimate_row(std::to_string(e.epoch), e.log_loss, 3);
    per_epoch.table.rows.push_back(row);
  }
  blocks.push_back(per_epoch);
  return blocks;
}

// Title, provenance, class splits, and the hypothesis table, which the report opens with.
std::vector<ReportBlock> opening_blocks(const Report& report) {
  const Provenance& prov = report.provenance;
  std::vector<ReportBlock> blocks = {
      title("Suite report: " + report.suite),
      paragraph("Seeds: " + listed(report.seeds) + ". Runs on host " + listed(prov.hosts) + " (CPU " +
                listed(prov.cpus) + "), device " + listed(prov.devices) + ", threads " + listed(prov.threads) +
                ", LibTorch " + listed(prov.libtorch) + ", tl-boost commit " + listed(prov.git_shas) +
                " (from each run's summary.json, environment)."),
      paragraph("CIFAR-10: " + data_source_text(prov) + "; read from " + listed(prov.data_dirs) + ".")};
  if (!report.splits.empty()) {
    blocks.push_back(paragraph("Class splits: " + listed(report.splits) +
                               " (each rebinds the groups A, B, C; suite.json lists their classes)."));
  }
  for (const auto& shared : report.shared_groups) {
    blocks.push_back(paragraph("Splits " + listed(shared.splits) + " drew the same group " + shared.group +
                               ": a protocol whose source trains on " + shared.group +
                               " shares its source networks between them, so they are not independent."));
  }
  if (report.hypotheses) {
    blocks.push_back(heading("Where the boost comes from: the declared predictions judged"));
    blocks.push_back(paragraph(closing_paragraph(*report.hypotheses)));
    blocks.push_back(hypotheses_table(*report.hypotheses));
    for (auto& block : declared_blocks(*report.hypotheses)) blocks.push_back(std::move(block));
  }
  return blocks;
}

// The headline boost, the expectations, and each comparison over class splits.
std::vector<ReportBlock> verdict_blocks(const Report& report) {
  std::vector<ReportBlock> blocks = {heading("The generalization boost (target test accuracy, points)")};
  blocks.push_back(report.headline.empty() ? paragraph(passage(Passage::kNoBoost)) : headline_table(report.headline));
  blocks.push_back(heading("Expectations (α = " + plain(report.alpha) + ")"));
  if (report.expectations.empty()) {
    blocks.push_back(paragraph(passage(Passage::kNoExpectations)));
  } else {
    blocks.push_back(paragraph(passage(Passage::kExpectationsGuide)));
    blocks.push_back(expectations_table(report.expectations));
  }
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
    blocks.push_back(
        heading("Between class splits (paired differences per split; the split is the unit of replication)"));
    blocks.push_back(split_table(over_splits));
  }
  if (!report.absent.empty()) blocks.push_back(paragraph(absent_runs_text(report.absent)));
  return blocks;
}

// The transfer grid and the comparisons along the curves, where the suite has them.
std::vector<ReportBlock> depth_and_curve_blocks(const Report& report) {
  std::vector<ReportBlock> blocks;
  if (report.grid) {
    blocks.push_back(
        heading("By layers transferred (Yosinski et al. 2014, Fig. 2; target test accuracy, mean [95% CI])"));
    blocks.push_back(grid_table(*report.grid));
    blocks.push_back(paragraph(passage(Passage::kGridKey)));
  }
  if (!report.along_curves.empty()) {
    blocks.push_back(
        heading("Along the curves (target stage; final losses and gaps saturate once every network fits)"));
    blocks.push_back(paragraph(passage(Passage::kCurvesGuide)));
    for (const auto& c : report.along_curves) {
      const auto more = curve_blocks(c);
      blocks.insert(blocks.end(), more.begin(), more.end());
    }
  }
  return blocks;
}

// Each protocol's figures and base-task probe, then how the report tests.
std::vector<ReportBlock> protocol_blocks(const Report& report) {
  const bool several_splits = report.splits.size() >= 2;
  std::vector<ReportBlock> blocks = {
      heading(several_splits ? "Protocols (target stage; mean ± sd of the split means, 95% CI of the test "
                               "accuracy over splits)"
                             : "Protocols (target stage; mean ± sd over seeds, 95% CI of the test accuracy)"),
      protocols_table(report, several_splits)};
  bool any_probe = false;
  for (const auto& [name, p] : report.protocols) any_probe = any_probe || p.probe.has_value();
  if (any_probe) {
    blocks.push_back(
        heading(std::string("Base-task probe (a linear classifier on the final network's frozen conv features, on "
                            "the probe classes; test accuracy") +
                (several_splits ? ", over the split means)" : ")")));
    const std::vector<ProbeReference> references = probed_references(report);
    blocks.push_back(probe_table(report, references));
    if (!references.empty()) blocks.push_back(paragraph(probe_references_passage(several_splits)));
  }
  blocks.push_back(paragraph(tests_passage(several_splits, report.family_size)));
  return blocks;
}

}  // namespace

std::vector<ReportBlock> report_blocks(const Report& report) {
  std::vector<ReportBlock> blocks;
  for (auto section : {opening_blocks, verdict_blocks, depth_and_curve_blocks, protocol_blocks}) {
    std::vector<ReportBlock> more = section(report);
    blocks.insert(blocks.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
  }
  return blocks;
}

}  // namespace tl_boost
