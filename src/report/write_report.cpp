#include "tl_boost/report/write_report.hpp"

#include "tl_boost/layout.hpp"
#include "tl_boost/report/analysis.hpp"
#include "tl_boost/report/charts.hpp"
#include "tl_boost/report/render.hpp"
#include "tl_boost/report/report_json.hpp"
#include "tl_boost/report_reader.hpp"
#include "tl_boost/run_output.hpp"

namespace tl_boost {

nlohmann::json write_report(const std::filesystem::path& dir) {
  const SuiteLayout layout(dir);
  const Report report = analyse(read_suite_results(dir, UnreadableRun::kSkip));
  const nlohmann::json json = to_json(report);
  write_file_atomic(layout.report_json(), json.dump(2) + "\n");
  const std::vector<Chart> charts = report_charts(report);
  write_file_atomic(layout.report_markdown(), render_markdown(report, charts));
  write_file_atomic(layout.report_html(), render_html(report, charts));
  for (const Chart& chart : charts) write_file_atomic(layout.report_chart(chart.name), chart.svg + "\n");
  return json;
}

}  // namespace tl_boost
