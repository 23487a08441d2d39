#include "tl_boost/report/document_tables.hpp"

#include <utility>

#include "tl_boost/report/words.hpp"
#include "tl_boost/text_format.hpp"

namespace tl_boost {

std::string plain(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

ReportBlock title_block(const std::string& text) { return {ReportBlock::Kind::kTitle, text, "", {}, {}, false}; }
ReportBlock heading_block(const std::string& text, const std::string& anchor) {
  return {ReportBlock::Kind::kHeading, text, anchor, {}, {}, false};
}
ReportBlock paragraph_block(const std::string& text) {
  return {ReportBlock::Kind::kParagraph, text, "", {}, {}, false};
}
ReportBlock list_block(std::vector<std::string> items) {
  return {ReportBlock::Kind::kList, "", "", std::move(items), {}, false};
}
ReportBlock figure_block(const std::string& chart_name) {
  return {ReportBlock::Kind::kFigure, chart_name, "", {}, {}, false};
}
ReportBlock table_block(std::vector<std::string> header) {
  return {ReportBlock::Kind::kTable, "", "", {}, {std::move(header), {}}, false};
}

namespace {

std::string points(double fraction) { return (fraction >= 0 ? "+" : "") + fixed(100.0 * fraction, 2); }

std::string p_text(double p) { return p < 0.001 ? "< 0.001" : fixed(p, 3); }

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

// An accuracy (a fraction) in percent: "84.12 ± 0.40", "[83.70, 84.55]".
std::string percent_sd(const SampleSummary& s) { return fixed(100.0 * s.mean, 2) + " ± " + fixed(100.0 * s.sd, 2); }
std::string percent_interval(double lo, double hi) { return interval(100.0 * lo, 100.0 * hi, 2); }

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

}  // namespace

ReportBlock headline_table(const std::vector<HeadlineComparison>& headline) {
  ReportBlock block = table_block({"comparison", "tl-boost (CIFAR-10)", "95% CI", "test", "alternative", "p",
                                   "p (Holm)", "Yosinski et al. 2014 (ImageNet)"});
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
  ReportBlock block = table_block({"", "expectation", "comparison", "difference [95% CI]", "test", "alternative",
                                   "p (test)", "deciding p", "effect size", "result", "expectation's verdict"});
  for (const auto& e : expectations) {
    for (const auto& c : e.comparisons) {
      // The statement and the expectation's verdict once, on its first row: E4 has a row per protocol.
      const bool first = &c == &e.comparisons.front();
      std::vector<ReportCell> row = {
          {expectation_label(e), {}}, {first ? expectation_statement(e) : "", {}}, {c.a + " − " + c.b, {}}};
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
      row.push_back(first ? ReportCell{to_string(e.verdict), e.verdict} : ReportCell{"", {}});
      block.table.rows.push_back(row);
    }
  }
  return block;
}

namespace {

std::vector<ReportCell> grid_row(const std::string& condition, const std::string& n, const GridAccuracy& a) {
  return {{condition, {}},
          {n, {}},
          {a.protocol, {}},
          {std::to_string(a.seeds), {}},
          {fixed(100.0 * a.mean, 2), {}},
          {percent_interval(a.ci_low, a.ci_high), {}},
          {a.vs_baseline ? difference_ci(*a.vs_baseline, true) : "–", {}}};
}

}  // namespace

ReportBlock grid_table(const TransferGrid& grid) {
  ReportBlock block =
      table_block({"condition", "n", "protocol", "seeds", "test acc (%)", "95% CI (%)", "− baseB [95% CI] (points)"});
  for (const auto& p : grid.points) {
    block.table.rows.push_back(grid_row(grid_condition_name(p.condition), std::to_string(p.n), p.accuracy));
  }
  if (grid.baseline) block.table.rows.push_back(grid_row("baseB", "–", *grid.baseline));
  return block;
}

// With several class splits the figures are over split means: the count says how many of each.
ReportBlock protocols_table(const Report& report, bool several_splits) {
  ReportBlock block = table_block({"protocol", several_splits ? "splits (runs)" : "seeds", "test acc (%)", "95% CI (%)",
                                   "best val acc (%)", "final val acc (%)", "final train acc (%)",
                                   "train−val gap (points)", "final train loss"});
  for (const auto& name : report.protocol_order) {
    const ProtocolSummary& p = report.protocols.at(name);
    const std::string count =
        several_splits ? std::to_string(p.splits) + " (" + std::to_string(p.seeds) + ")" : std::to_string(p.seeds);
    block.table.rows.push_back({{name, {}},
                                {count, {}},
                                {percent_sd(p.test_acc), {}},
                                {percent_interval(p.test_acc.ci_low, p.test_acc.ci_high), {}},
                                {percent_sd(p.best_val_acc), {}},
                                {percent_sd(p.final_val_acc), {}},
                                {percent_sd(p.final_train_acc), {}},
                                {percent_sd(p.train_val_gap), {}},
                                {mean_sd(p.final_train_loss), {}}});
  }
  return block;
}

ReportBlock barriers_table(const std::vector<BarrierSummary>& barriers, bool several_splits) {
  ReportBlock block = table_block({"protocols", "interpolated between",
                                   several_splits ? "splits (interpolations)" : "interpolations",
                                   "barrier (training loss)", "95% CI"});
  for (const auto& b : barriers) {
    const std::string count = several_splits ? std::to_string(b.splits) + " (" + std::to_string(b.pairs) + ")"
                                             : std::to_string(b.pairs);
    block.table.rows.push_back({{b.a == b.b ? b.a : b.a + " ↔ " + b.b, {}},
                                {barrier_kind_text(b.kind), {}},
                                {count, {}},
                                {mean_sd(b.barrier), {}},
                                {interval(b.barrier.ci_low, b.barrier.ci_high, 4), {}}});
  }
  return block;
}

// Each comparison over splits: the per-split differences and the pooled estimate (the forest plots).
ReportBlock split_table(const std::vector<SplitRow>& comparisons) {
  ReportBlock block = table_block({"", "comparison", "split", "seeds", "difference [95% CI]"});
  block.collapsed = true;
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
      const std::string text = s.n < 2     ? difference_text(s.mean, accuracy) + unit + " (one seed: no interval)"
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

namespace {

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
  std::vector<std::string> header = {"protocol", "test acc (%)", "95% CI (%)"};
  for (const auto& [member, label] : references) header.push_back(label);
  ReportBlock block = table_block(header);
  for (const auto& name : report.protocol_order) {
    const ProtocolSummary& p = report.protocols.at(name);
    if (!p.probe) continue;
    const SampleSummary& a = p.probe->final_network;
    std::vector<ReportCell> row = {{name, {}}, {percent_sd(a), {}}, {percent_interval(a.ci_low, a.ci_high), {}}};
    for (const auto& [member, label] : references) {
      const std::optional<SampleSummary>& s = (*p.probe).*member;
      row.push_back({s ? percent_sd(*s) : "–", {}});
    }
    block.table.rows.push_back(row);
  }
  return block;
}

// An estimate and its interval, with `digits`; an accuracy difference in points.
std::string estimate_text(const PairedEstimate& e, int digits, bool accuracy) {
  if (accuracy) return points(e.mean) + " [" + points(e.ci_low) + ", " + points(e.ci_high) + "] points";
  return fixed(e.mean, digits) + " " + interval(e.ci_low, e.ci_high, digits);
}

std::string pairs_text(const PairedEstimate& e) { return measured_over({e.pairs, e.splits, false, 0}); }

// A row of a − b: the estimate, what it is over, and its two-sided p (– without a test).
std::vector<ReportCell> estimate_row(const std::string& measure, const std::optional<PairedEstimate>& e, int digits,
                                     const std::string& note = "", bool accuracy = false) {
  if (!e) return {{measure, {}}, {"–", {}}, {note.empty() ? "no pair" : "no pair; " + note, {}}, {"–", {}}};
  std::string over = pairs_text(*e);
  if (!note.empty()) over += "; " + note;
  return {{measure, {}}, {estimate_text(*e, digits, accuracy), {}}, {over, {}}, {e->has_test ? p_text(e->p) : "–", {}}};
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
    cells.push_back(
        {difference_text(v.estimate, accuracy) + " " + range_text(v.ci_low, v.ci_high, accuracy) + unit, {}});
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

}  // namespace

ReportBlock hypotheses_table(const HypothesisTable& t) {
  ReportBlock block = table_block({"prediction", "measure: a − b", "predicts (SESOI)", "measured [95% CI]", "90% CI",
                                   "over", "p for", "p against", "deciding p (Holm)", "outcome"});
  for (const auto& row : t.rows) block.table.rows.push_back(hypothesis_row(row, t));
  return block;
}

// What the file declared: the hypotheses, the SESOI and the sets with their reasons, each prediction's why.
std::vector<ReportBlock> declared_blocks(const HypothesisTable& t) {
  const StudyHypotheses& d = t.declared;
  std::string hypotheses;
  for (const auto& h : d.hypotheses) hypotheses += " " + h.id + " (" + h.name + "): " + h.statement;
  std::vector<ReportBlock> blocks = {paragraph_block("Declared in " + d.origin + "." + hypotheses)};
  std::string basis = "Smallest effect of interest (SESOI): " + (d.sesoi_why.empty() ? "as declared." : d.sesoi_why);
  for (const auto& set : d.sets) basis += " " + set.name + " = {" + listed(set.protocols) + "}.";
  if (!d.sets_why.empty()) basis += " " + d.sets_why;
  blocks.push_back(paragraph_block(basis));
  ReportBlock why = table_block({"prediction", "hypothesis", "why"});
  for (const auto& p : d.predictions)
    why.table.rows.push_back({{p.id, {}}, {hypothesis_label(t, p.hypothesis), {}}, {p.why, {}}});
  why.collapsed = true;
  why.text = "Why each prediction was declared";
  blocks.push_back(why);
  return blocks;
}

namespace {

// The curve measures of a − b, a row each: the loss area, validation at a common loss, the ANCOVA,
// and validation and gap at each matched-fit level.
ReportBlock curve_summary_table(const CurveComparison& c) {
  const std::string ab = c.a + " − " + c.b;
  ReportBlock summary = table_block({"measure (" + ab + ")", "difference [95% CI]", "over", "p"});
  summary.table.rows.push_back(estimate_row("log training loss, summed over epochs", c.log_loss_area, 3));
  summary.table.rows.push_back(
      estimate_row("val acc at the lowest training loss both runs reach", c.val_acc_at_common_loss, 4, "", true));
  if (c.ancova) {
    const OlsCoefficient& o = c.ancova->protocol;
    summary.table.rows.push_back(
        {{"test acc at matched training loss (ANCOVA offset of " + c.a + ")", {}},
         {points(o.estimate) + " [" + points(o.ci_low) + ", " + points(o.ci_high) + "] points", {}},
         {counted(c.ancova->units, c.ancova->splits >= 2 ? "split mean" : "pair") +
              " of the paired differences, OLS on log final training loss",
          {}},
         {p_text(o.p), {}}});
  }
  for (const auto& f : c.matched_fit) {
    const std::string at =
        f.accuracy ? "at the first epoch with train acc ≥ " + fixed(*f.accuracy, 2) : "at the final epoch";
    const std::string note = f.excluded ? counted(f.excluded, "pair") + " excluded (not reached)" : "";
    summary.table.rows.push_back(estimate_row("val acc " + at, f.val_acc, 4, note, true));
    summary.table.rows.push_back(estimate_row("train − val gap " + at, f.gap, 4, note, true));
  }
  return summary;
}

// "2/3 (5.0)": how many runs reached a loss, and their mean epoch.
std::string reached_text(const std::vector<std::optional<int>>& epochs) {
  int reached = 0, sum = 0;
  for (const auto& e : epochs) {
    if (e) ++reached, sum += *e;
  }
  return std::to_string(reached) + "/" + std::to_string(epochs.size()) +
         (reached ? " (" + fixed(static_cast<double>(sum) / reached, 1) + ")" : " (not reached)");
}

// Epochs to reach each training loss, collapsed.
ReportBlock reach_table(const CurveComparison& c) {
  ReportBlock reach = table_block({"training loss", c.a + " reached (mean epoch)", c.b + " reached (mean epoch)",
                                   "epochs a − b [95% CI]", "over", "p"});
  for (const auto& r : c.reach) {
    std::vector<ReportCell> row = {{plain(r.loss), {}}, {reached_text(r.epochs_a), {}}, {reached_text(r.epochs_b), {}}};
    const std::string note = r.excluded ? counted(r.excluded, "pair") + " excluded (not reached)" : "";
    const auto rest = estimate_row("", r.difference, 2, note);
    row.insert(row.end(), rest.begin() + 1, rest.end());
    reach.table.rows.push_back(row);
  }
  reach.collapsed = true;
  reach.text = "Epochs to reach each training loss, " + c.a + " − " + c.b;
  return reach;
}

// The log training loss difference at each epoch, collapsed.
ReportBlock per_epoch_table(const CurveComparison& c) {
  const std::string ab = c.a + " − " + c.b;
  ReportBlock per_epoch = table_block({"epoch", "log train loss " + ab + " [95% CI]", "over", "p"});
  for (const auto& e : c.log_loss) per_epoch.table.rows.push_back(estimate_row(std::to_string(e.epoch), e.log_loss, 3));
  per_epoch.collapsed = true;
  per_epoch.text = "Log training loss " + ab + " at each epoch";
  return per_epoch;
}

}  // namespace

std::vector<ReportBlock> curve_blocks(const CurveComparison& c) {
  return {paragraph_block(c.a + " − " + c.b + " over " + counted(c.pairs, "pair") +
                          " of runs (same split and seed); differences a − b."),
          curve_summary_table(c), reach_table(c), per_epoch_table(c)};
}

std::vector<ReportBlock> probe_blocks(const Report& report, bool several_splits) {
  bool any_probe = false;
  for (const auto& [name, p] : report.protocols) any_probe = any_probe || p.probe.has_value();
  if (!any_probe) return {};
  std::vector<ReportBlock> blocks = {heading_block(
      std::string("Base-task probe (a linear classifier on the final network's frozen conv features, on the probe "
                  "classes; test accuracy in %") +
          (several_splits ? ", over the split means)" : ")"),
      "probe")};
  const std::vector<ProbeReference> references = probed_references(report);
  blocks.push_back(probe_table(report, references));
  if (!references.empty()) blocks.push_back(paragraph_block(probe_references_passage(several_splits)));
  return blocks;
}

}  // namespace tl_boost
