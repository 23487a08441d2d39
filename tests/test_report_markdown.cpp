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
  EXPECT_EQ(md.rfind("# Suite report: by hand\n\nSeeds: none. Runs on host none", 0), 0u) << md;
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

TEST(ReportMarkdown, TheHypothesisTableComesFirstAndTheCurvesHaveTheirSection) {
  Report report;
  report.suite = "by hand";
  Prediction p{"H1.sharpness",
               Hypothesis::kBetterMinima,
               MeasureId::kSharpness,
               Compared::kTransferred,
               Compared::kReference,
               Predicted::kLess,
               0.0};
  HypothesisTable table;
  table.protocols = {{Compared::kTransferred, "t"}, {Compared::kReference, "s"}};
  table.rows = {{p, std::nullopt, Outcome::kNotTested, std::nullopt, NotTested{AbsentReason::kNotMeasured}}};
  report.hypotheses = table;
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
  const std::string md = render_markdown(report, report_charts(report));
  const auto hypotheses = md.find("## Where the boost comes from"), boost = md.find("## The generalization boost"),
             curves = md.find("## Along the curves");
  ASSERT_NE(hypotheses, std::string::npos) << md;
  EXPECT_LT(hypotheses, boost);
  EXPECT_LT(boost, curves);
  EXPECT_NE(
      md.find("| H1 closer to better minima | Hessian top eigenvalue at the final network: t − s | < 0: a flatter "
              "minimum | – | – | – | not tested: not measured in these runs |"),
      std::string::npos)
      << md;
  EXPECT_NE(md.find("The evidence favours none of the hypotheses"), std::string::npos);
  EXPECT_NE(md.find("| 0.05 | 2/3 (5.0) | 0/3 (not reached) | – | no pair; 3 pairs excluded (not reached) | – |"),
            std::string::npos)
      << md;
}

TEST(ReportMarkdown, HypothesisRowsShowAccuracyInPointsAndOtherMeasuresAsMeasured) {
  Report report;
  Measured v;
  v.estimate = 0.0123;
  v.ci_low = 0.001;
  v.ci_high = 0.0236;
  v.over.pairs = 5;
  const Prediction accuracy{"acc",
                            Hypothesis::kBetterMinima,
                            MeasureId::kTestAcc,
                            Compared::kTransferred,
                            Compared::kReference,
                            Predicted::kGreater,
                            0.0};
  Prediction sharpness = accuracy;
  sharpness.id = "sharp";
  sharpness.measure = MeasureId::kSharpness;
  HypothesisTable table;
  table.protocols = {{Compared::kTransferred, "t"}, {Compared::kReference, "s"}};
  table.rows = {{accuracy, v, Outcome::kInconclusive, 0.2, std::nullopt},
                {sharpness, v, Outcome::kInconclusive, 0.2, std::nullopt}};
  report.hypotheses = table;
  const std::string md = render_markdown(report, report_charts(report));
  EXPECT_NE(md.find("| test acc: t − s | > 0 | +1.23 [+0.10, +2.36] points | 5 pairs |"), std::string::npos) << md;
  EXPECT_NE(md.find("| Hessian top eigenvalue at the final network: t − s | > 0 | 0.0123 [0.0010, 0.0236] | 5 pairs |"),
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
  EXPECT_NE(md.find("| protocol | test acc | 95% CI | source network before fine-tuning | random network |\n"
                    "|---|---|---|---|---|\n"
                    "| transferred | 0.6200 ± 0.0100 | [0.6100, 0.6300] | 0.7000 ± 0.0050 | 0.4400 ± 0.0200 |\n"
                    "| scratch | 0.5500 ± 0.0300 | [0.5400, 0.5600] | – | 0.4300 ± 0.0100 |\n"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("The same probe of reference features"), std::string::npos);
  // Runs that probed only their final networks: the table as it always was, without the paragraph.
  report.protocols.at("transferred").probe =
      ProbeSummary{summary(0.62, 0.01), std::nullopt, std::nullopt, std::nullopt};
  report.protocols.at("scratch").probe->random_network.reset();
  const std::string plain = render_markdown(report, report_charts(report));
  EXPECT_NE(plain.find("| protocol | test acc | 95% CI |\n|---|---|---|\n| transferred | 0.6200 ± 0.0100 |"),
            std::string::npos)
      << plain;
  EXPECT_EQ(plain.find("The same probe of reference features"), std::string::npos);
}

TEST(ReportMarkdown, ManyMissingRunsAreCountedPerProtocolAndFailedOnesStillNamed) {
  Report report;
  report.absent.push_back({"default", "transferred", 0, "failed: diverged"});
  for (std::uint64_t seed = 0; seed < 7; ++seed) {
    report.absent.push_back({"default", "scratch", seed, "missing"});
    report.absent.push_back({"random-1", "transferred", seed, "missing"});
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

}  // namespace
}  // namespace tl_boost
