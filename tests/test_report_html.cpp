#include <gtest/gtest.h>

#include "tl_boost/report/render.hpp"

namespace tl_boost {
namespace {

// A report made by hand: one protocol and one expectation whose comparison was tested.
Report typed_report(const std::string& protocol) {
  Report report;
  report.suite = "by hand";
  ProtocolSummary& p = report.protocols[protocol];
  p.seeds = 3;
  p.test_acc = {3, 0.8, 0.01, 0.78, 0.82};
  TTest t;
  t.name = "paired t-test";
  t.difference = -0.05;
  t.ci_low = -0.07;
  t.ci_high = -0.03;
  t.p = 0.0004;
  t.cohens_d = -2.5;
  report.expectations.push_back(
      {ExpectationId::kE3, std::nullopt, {{protocol, "transferred", t, {}}}, Verdict::kContradicted});
  report.expectations.back().comparisons.back().verdict = Verdict::kContradicted;
  report.expectations.back().comparisons.back().p_holm = 0.0004;
  report.protocol_order = {protocol};
  return report;
}

std::string rendered_html(const Report& report) { return render_html(report, report_charts(report)); }

TEST(ReportHtml, TablesComeFromTheTypedResultsWithVerdictClasses) {
  const std::string html = rendered_html(typed_report("diverse"));
  EXPECT_NE(html.find("<h1>Suite report: by hand</h1>"), std::string::npos);
  EXPECT_NE(html.find("<tr><th> </th><th> expectation </th><th> comparison </th>"), std::string::npos);
  EXPECT_NE(html.find("<tr><td> E3 </td><td> diverse test accuracy above transferred </td><td> diverse − transferred </td>"
                      "<td> -5.00 [-7.00, -3.00] points </td><td> paired t-test </td><td> two-sided </td>"
                      "<td> &lt; 0.001 </td><td> Holm &lt; 0.001 </td><td> d_z -2.50 </td>"
                      "<td> <span class='v-contradicted'>contradicted</span> </td>"
                      "<td> <span class='v-contradicted'>contradicted</span> </td></tr>"),
            std::string::npos)
      << html;
  EXPECT_EQ(html.find("**"), std::string::npos);  // no Markdown left in the page
}

TEST(ReportHtml, TablesFitThePageWrappingLongIdentifiersAtTheirUnderscores) {
  const std::string html = render_html(typed_report("transferred_matched_statistics"), {});
  EXPECT_NE(html.find("table{border-collapse:collapse;width:100%}"), std::string::npos);
  EXPECT_NE(html.find("transferred_<wbr>matched_<wbr>statistics"), std::string::npos) << html;
  EXPECT_NE(html.find("d_z -2.50"), std::string::npos) << html;  // a short word stays whole
}

TEST(ReportHtml, CellTextThatLooksLikeMarkdownStaysOneCell) {
  // A '|' in a protocol's name would split a Markdown table's cell; the HTML holds it whole.
  const std::string html = rendered_html(typed_report("a|b **c**"));
  EXPECT_NE(html.find("<td> a|b **c** − transferred </td>"), std::string::npos) << html;
  EXPECT_NE(html.find("<tr><td> a|b **c** </td><td> 3 </td><td> 80.00 ± 1.00 </td>"), std::string::npos) << html;
}

TEST(ReportHtml, DetailsSitBehindAContentsOfAnchorsAndLongTablesAreFolded) {
  Report report = typed_report("diverse");
  CurveComparison c;
  c.a = "t";
  c.b = "s";
  c.reach.push_back({0.05, {4}, {5}, 0, std::nullopt});
  report.along_curves.push_back(c);
  const std::string html = rendered_html(report);
  const auto findings = html.find("<h2 id='findings'>Findings</h2>"), nav = html.find("<nav><h2>Details</h2><ul>"),
             provenance = html.find("<h2 id='provenance'>Provenance</h2>");
  ASSERT_NE(findings, std::string::npos) << html;
  ASSERT_NE(nav, std::string::npos) << html;
  EXPECT_LT(findings, nav);
  EXPECT_LT(nav, provenance);
  // Every section after the contents is linked from it by its anchor.
  for (const char* anchor : {"provenance", "expectations", "curves", "protocols", "tests", "charts"}) {
    const std::string link = std::string("<li><a href='#") + anchor + "'>";
    EXPECT_LT(html.find(link), provenance) << anchor;
    EXPECT_NE(html.find(std::string("<h2 id='") + anchor + "'>"), std::string::npos) << anchor;
  }
  EXPECT_NE(html.find("<details><summary>Epochs to reach each training loss, t − s (1 rows)</summary><div class='table'><table>"),
            std::string::npos)
      << html;
  // The caption says what the chart plots without repeating the title drawn in it.
  EXPECT_NE(html.find("<figcaption>Each protocol's mean target test accuracy (%) with its 95% CI over seeds;"),
            std::string::npos)
      << html;
  EXPECT_EQ(html.find("<figcaption>Target test accuracy per protocol"), std::string::npos) << html;
}

}  // namespace
}  // namespace tl_boost
