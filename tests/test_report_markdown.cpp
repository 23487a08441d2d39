#include <gtest/gtest.h>

#include "tl_boost/report_render.hpp"

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
  report.expectations.push_back({"E4", "more data highest", {{"more", "less", t, {}}}, Verdict::kSupported});
  report.expectations.back().comparisons.back().verdict = Verdict::kInconclusive;
  const std::string md = render_markdown(report);
  EXPECT_EQ(md.rfind("# Suite report: by hand\n\nSeeds: none. Runs on host none", 0), 0u) << md;
  EXPECT_NE(md.find("## Expectations (α = 0.05)\n"), std::string::npos) << md;
  // The difference in points, no deciding p without a Holm adjustment, the row's result, then the expectation's.
  EXPECT_NE(
      md.find("| | expectation | comparison | difference [95% CI] | test | alternative | p (test) | deciding p | "
              "effect size | result | expectation's verdict |\n|---|---|---|---|---|---|---|---|---|---|---|\n| E4 | "
              "more data highest | more − less | +1.23 [+0.10, +2.36] points | Welch's t-test | two-sided | 0.031 | "
              "– | Cohen's d 1.23 | **inconclusive** | **supported** |\n"),
      std::string::npos)
      << md;
  EXPECT_NE(md.find("no boost to measure"), std::string::npos);
}

}  // namespace
}  // namespace tl_boost
