#include <map>
#include <sstream>

#include <gtest/gtest.h>

#include "tl_boost/report/render.hpp"

namespace tl_boost {
namespace {

TEST(ReportMarkdown, ExpectationRowsEndInTheirVerdictInBold) {
  Report report;
  report.suite = "by hand";
  TTest t;
  t.name = "Welch's t-test";
  t.difference = 0.0123;
  t.ci_low = 0.001;
  t.ci_high = 0.0236;
  t.p = 0.0312;
  t.cohens_d = 1.234;
  report.expectations.push_back({ExpectationId::kE4, std::nullopt, {{"more", "less", t, {}}}, Verdict::kSupported});
  report.expectations.back().comparisons.back().verdict = Verdict::kInconclusive;
  const std::string md = render_markdown(report, report_charts(report));
  EXPECT_EQ(md.rfind("# Suite report: by hand\n\n## Findings\n\nThis suite has no declared predictions", 0), 0u) << md;
  EXPECT_NE(md.find("## Provenance\n\nSeeds: none. Runs on host none"), std::string::npos) << md;
  EXPECT_NE(md.find("## Expectations (α = 0.05)\n"), std::string::npos) << md;
  // The difference in points, no deciding p without a Holm adjustment, the row's result, then the expectation's.
  EXPECT_NE(
      md.find("| | expectation | comparison | difference [95% CI] | test | alternative | p (test) | deciding p | "
              "effect size | result | expectation's verdict |\n|---|---|---|---|---|---|---|---|---|---|---|\n| E4 | "
              "more test accuracy the highest of all protocols | more − less | +1.23 [+0.10, +2.36] points | Welch's "
              "t-test | two-sided | 0.031 | "
              "– | Cohen's d 1.23 | **inconclusive** | **supported** |\n"),
      std::string::npos)
      << md;
  EXPECT_NE(md.find("no boost to measure"), std::string::npos);
}

// A declared table of one hypothesis H1 whose rows the test gives.
HypothesisTable declared_table(std::vector<HypothesisRow> rows) {
  HypothesisTable table;
  table.declared.origin = "h.json";
  table.declared.hypotheses = {{"H1", "closer to better minima", "a statement"}};
  table.declared.sesoi = {{MeasureId::kTestAcc, 0.00365}, {MeasureId::kLogSharpness, 0.2}};
  for (const auto& row : rows) table.declared.predictions.push_back(row.prediction);
  table.rows = std::move(rows);
  return table;
}

Prediction prediction(const std::string& id, MeasureId measure, Predicted kind) {
  Prediction p;
  p.id = id;
  p.hypothesis = "H1";
  p.measure = measure;
  p.a = {SideKind::kSet, "boost.with", {{"t", 0.5}, {"n", 0.5}}};
  p.b = {SideKind::kProtocol, "s", {{"s", 1.0}}};
  p.kind = kind;
  p.why = "because";
  return p;
}

TEST(ReportMarkdown, TheVerdictsComeFirstThenTheTableAndTheCurvesHaveTheirSection) {
  Report report;
  report.suite = "by hand";
  HypothesisRow row{prediction("H1.sharpness", MeasureId::kLogSharpness, Predicted::kLess), std::nullopt, std::nullopt,
                    Outcome::kNotTested, NotTested{AbsentReason::kNotMeasured, ""}};
  report.hypotheses = declared_table({row});
  CurveComparison c;
  c.a = "t";
  c.b = "s";
  c.pairs = 3;
  LossReach reach;
  reach.loss = 0.05;
  reach.epochs_a = {4, std::nullopt, 6};
  reach.epochs_b = {std::nullopt, std::nullopt, std::nullopt};
  reach.excluded = 3;
  c.reach.push_back(reach);
  report.along_curves.push_back(c);
  report.findings = hypothesis_findings(*report.hypotheses);
  const std::string md = render_markdown(report, report_charts(report));
  const auto findings = md.find("## Findings\n\n- H1 (closer to better minima): not tested in this suite; of 1 "
                                "prediction: 1 not tested.\n"),
             hypotheses = md.find("## Where the boost comes from"), boost = md.find("## The generalization boost"),
             curves = md.find("## Along the curves");
  ASSERT_NE(findings, std::string::npos) << md;
  ASSERT_NE(hypotheses, std::string::npos) << md;
  EXPECT_LT(findings, hypotheses);
  EXPECT_LT(hypotheses, boost);
  EXPECT_LT(boost, curves);
  EXPECT_NE(md.find("| H1.sharpness | log Hessian top eigenvalue at the final network (converged estimates): boost.with "
                    "− s | < 0, by at least 0.200 | – | – | – | – | – | – | not tested: not measured in these runs |"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("By hypothesis — H1 (closer to better minima): not tested in this suite"), std::string::npos) << md;
  EXPECT_NE(md.find("| H1.sharpness | H1 (closer to better minima) | because |"), std::string::npos) << md;
  EXPECT_NE(md.find("| 0.05 | 2/3 (5.0) | 0/3 (not reached) | – | no pair; 3 pairs excluded (not reached) | – |"),
            std::string::npos)
      << md;
}

TEST(ReportMarkdown, FindingsComeFirstEachWithItsNumberItsIntervalAndItsAdjustedP) {
  Report report;
  report.suite = "by hand";
  TTest t;
  t.name = "paired t-test";
  t.difference = 0.011;
  t.ci_low = 0.0061;
  t.ci_high = 0.016;
  Comparison c{"t", "s", t, {}};
  c.p_holm = 0.021;
  c.verdict = Verdict::kSupported;
  report.headline.push_back({c, HeadlineId::kVersusSelf, 1.4});
  HypothesisRow held{prediction("acc", MeasureId::kTestAcc, Predicted::kGreater),
                     Measured{0.0123, 0.001, 0.0236, 0.005, 4.0, {5, 0, false, 0}},
                     RowTests{0.00365, 0.01, 0.9, 0.02, 0.002, 0.0226}, Outcome::kHeld, std::nullopt};
  held.prediction.post_hoc = true;
  report.hypotheses = declared_table({held});
  report.findings = hypothesis_findings(*report.hypotheses);
  const std::string md = render_markdown(report, report_charts(report));
  const auto boost = md.find("## Findings\n\n- Boost AnB+ − BnB+ (t − s), test accuracy: +1.10 points [+0.61, +1.60] "
                             "over seeds, Holm p = 0.021: supported (Yosinski et al. 2014 on ImageNet: ≈ +1.4).\n");
  const auto h1 = md.find("- H1 (closer to better minima): held, by predictions declared after their data were seen — "
                          "acc †, test acc: boost.with − s: +1.23 points [+0.10, +2.36] over 5 pairs; Holm p = 0.020 "
                          "for the prediction > 0, by at least 0.365 points; of 1 prediction: 1 held.\n");
  const auto figure = md.find("![The predictions judged"), table = md.find("## Where the boost comes from"),
             contents = md.find("**Details:** [Provenance](#provenance) · [The predictions as declared]"
                                       "(#the-predictions-as-declared) · [The generalization boost]"),
             details = md.find("## Provenance");
  ASSERT_EQ(md.rfind("# Suite report: by hand\n\n", 0), 0u) << md;
  ASSERT_NE(boost, std::string::npos) << md;
  ASSERT_NE(h1, std::string::npos) << md;
  ASSERT_NE(contents, std::string::npos) << md;
  EXPECT_LT(boost, h1);
  EXPECT_LT(h1, figure);
  EXPECT_LT(figure, table);
  EXPECT_LT(table, contents);
  EXPECT_LT(contents, details);
}

TEST(ReportMarkdown, HypothesisRowsShowAccuracyInPointsBothTestsAndThe90PercentInterval) {
  Report report;
  Measured v{0.0123, 0.001, 0.0236, 0.005, 4.0, {5, 0, false, 0}};
  HypothesisRow accuracy{prediction("acc", MeasureId::kTestAcc, Predicted::kGreater), v, std::nullopt,
                         Outcome::kInconclusive, std::nullopt};
  accuracy.prediction.post_hoc = true;
  accuracy.tests = RowTests{0.00365, 0.04, 0.9, 0.2, 0.002, 0.0226};
  HypothesisRow sharp = accuracy;
  sharp.prediction.id = "sharp";
  sharp.prediction.measure = MeasureId::kLogSharpness;
  report.hypotheses = declared_table({accuracy, sharp});
  const std::string md = render_markdown(report, report_charts(report));
  EXPECT_NE(md.find("| acc † | test acc: boost.with − s | > 0, by at least 0.365 points | +1.23 [+0.10, +2.36] points | "
                    "[+0.20, +2.26] points | 5 pairs | 0.040 | 0.900 | for 0.200 | **inconclusive** |"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("| sharp † | log Hessian top eigenvalue at the final network (converged estimates): boost.with − s | "
                    "> 0, by at least 0.200 | 0.0123 [0.0010, 0.0236] |"),
            std::string::npos)
      << md;
}

TEST(ReportMarkdown, ProbeTableShowsAColumnForEachReferenceSomeProtocolProbed) {
  Report report;
  const auto summary = [](double mean, double sd) {
    SampleSummary s;
    s.n = 3;
    s.mean = mean;
    s.sd = sd;
    s.ci_low = mean - 0.01;
    s.ci_high = mean + 0.01;
    return s;
  };
  ProtocolSummary t, b;
  t.probe = ProbeSummary{summary(0.62, 0.01), summary(0.70, 0.005), summary(0.44, 0.02), std::nullopt};
  b.probe = ProbeSummary{summary(0.55, 0.03), std::nullopt, summary(0.43, 0.01), std::nullopt};
  report.protocols = {{"transferred", t}, {"scratch", b}};
  report.protocol_order = {"transferred", "scratch"};
  const std::string md = render_markdown(report, report_charts(report));
  // No run probed conv1 alone: no column for it.
  EXPECT_NE(md.find("| protocol | test acc (%) | 95% CI (%) | source network before fine-tuning | random network |\n"
                    "|---|---|---|---|---|\n"
                    "| transferred | 62.00 ± 1.00 | [61.00, 63.00] | 70.00 ± 0.50 | 44.00 ± 2.00 |\n"
                    "| scratch | 55.00 ± 3.00 | [54.00, 56.00] | – | 43.00 ± 1.00 |\n"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("The same probe of reference features"), std::string::npos);
  // Runs that probed only their final networks: the table as it always was, without the paragraph.
  report.protocols.at("transferred").probe =
      ProbeSummary{summary(0.62, 0.01), std::nullopt, std::nullopt, std::nullopt};
  report.protocols.at("scratch").probe->random_network.reset();
  const std::string plain = render_markdown(report, report_charts(report));
  EXPECT_NE(plain.find("| protocol | test acc (%) | 95% CI (%) |\n|---|---|---|\n| transferred | 62.00 ± 1.00 |"),
            std::string::npos)
      << plain;
  EXPECT_EQ(plain.find("The same probe of reference features"), std::string::npos);
}

TEST(ReportMarkdown, ManyMissingRunsAreCountedPerProtocolAndFailedOnesStillNamed) {
  Report report;
  report.absent.push_back({"default", "transferred", 0, AbsentKind::kFailed, "diverged"});
  for (std::uint64_t seed = 0; seed < 7; ++seed) {
    report.absent.push_back({"default", "scratch", seed, AbsentKind::kMissing, ""});
    report.absent.push_back({"random-1", "transferred", seed, AbsentKind::kMissing, ""});
  }
  const std::string md = render_markdown(report, report_charts(report));
  EXPECT_NE(md.find("Runs without results (left out; the others are reported, paired where both ran): "
                    "default/transferred seed 0 (failed: diverged); 14 runs missing (no summary.json yet): "
                    "scratch 7, transferred 7.\n"),
            std::string::npos)
      << md;
  report.absent.resize(3);  // few missing: each is named
  const std::string few = render_markdown(report, report_charts(report));
  EXPECT_NE(few.find("(failed: diverged); default/scratch seed 0 (missing); random-1/transferred seed 0 (missing).\n"),
            std::string::npos)
      << few;
}

TEST(ReportMarkdown, HeadingAnchorsAreGitHubsLowerCaseHyphenatedWithoutPunctuationAndNumberedWhenRepeated) {
  std::map<std::string, int> seen;
  EXPECT_EQ(markdown_anchor("Provenance", seen), "provenance");
  EXPECT_EQ(markdown_anchor("Expectations (α = 0.05)", seen), "expectations-α--005");
  EXPECT_EQ(markdown_anchor("Protocols (target stage; mean ± sd over seeds, 95% CI)", seen),
            "protocols-target-stage-mean--sd-over-seeds-95-ci");
  EXPECT_EQ(markdown_anchor("AnB+ − BnB+ by split_name", seen), "anb--bnb-by-split_name");
  EXPECT_EQ(markdown_anchor("Charts", seen), "charts");
  EXPECT_EQ(markdown_anchor("Charts", seen), "charts-1");
  EXPECT_EQ(markdown_anchor("Charts", seen), "charts-2");
}

TEST(ReportMarkdown, ContentsLinksEveryLaterHeadingByItsAnchor) {
  Report report;
  report.suite = "by hand";
  const std::string md = render_markdown(report, report_charts(report));
  const auto contents = md.find("**Details:**");
  ASSERT_NE(contents, std::string::npos) << md;
  const std::string line = md.substr(contents, md.find('\n', contents) - contents);
  // Every heading after the contents is linked, and every link names a heading of the page.
  std::map<std::string, int> seen;
  std::size_t headings = 0;
  std::istringstream lines(md);
  for (std::string l; std::getline(lines, l);) {
    if (l.rfind("# ", 0) == 0) markdown_anchor(l.substr(2), seen);
    if (l.rfind("## ", 0) != 0) continue;
    const std::string anchor = markdown_anchor(l.substr(3), seen);
    if (md.find(l) < contents) continue;
    ++headings;
    EXPECT_NE(line.find("](#" + anchor + ")"), std::string::npos) << anchor << " in " << line;
  }
  EXPECT_GT(headings, 3u);
  std::size_t links = 0;
  for (std::size_t at = line.find("](#"); at != std::string::npos; at = line.find("](#", at + 1)) ++links;
  EXPECT_EQ(links, headings) << line;
}

}  // namespace
}  // namespace tl_boost
