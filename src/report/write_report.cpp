#include "tl_boost/report/write_report.hpp"

#include <set>

#include "tl_boost/error.hpp"
#include "tl_boost/layout.hpp"
#include "tl_boost/report/analysis.hpp"
#include "tl_boost/report/charts.hpp"
#include "tl_boost/report/hypotheses_file.hpp"
#include "tl_boost/report/render.hpp"
#include "tl_boost/report/report_json.hpp"
#include "tl_boost/report_reader.hpp"
#include "tl_boost/run_output.hpp"

namespace tl_boost {

namespace {

// The predictions to judge: the reader's file, else the suite's own, each with the reader's SESOIs.
std::optional<StudyHypotheses> hypotheses_of(const SuiteLayout& suite, const ReportOptions& options) {
  if ((options.hypotheses || !options.sets.empty()) && !options.out) {
    throw ConfigError("--hypotheses and --set judge other predictions than the suite declared: give --out DIR, so "
                      "that the suite's own report stays as declared");
  }
  const std::filesystem::path file = options.hypotheses.value_or(suite.hypotheses());
  if (!options.hypotheses && !std::filesystem::exists(file)) {
    if (!options.sets.empty()) throw ConfigError("--set sesoi: the suite declares no hypotheses (no " + file.string() + ")");
    return std::nullopt;
  }
  StudyHypotheses h = read_hypotheses_file(file);
  // The suite's own file is named as it sits beside the runs, so that the report does not depend
  // on the directory it was made from.
  if (!options.hypotheses) h.origin = file.filename().string();
  for (const auto& s : options.sets) set_sesoi(h, s);
  return h;
}

// A chart an earlier report wrote and this one does not (a comparison the suite no longer makes, or
// a name since changed): left beside report.md it would look current.
void remove_stale_charts(const SuiteLayout& out, const std::vector<Chart>& charts) {
  std::set<std::string> current;
  for (const Chart& chart : charts) current.insert(SuiteLayout::report_chart_name(chart.name));
  for (const auto& entry : std::filesystem::directory_iterator(out.root())) {
    const std::string name = entry.path().filename().string();
    if (entry.is_regular_file() && SuiteLayout::is_report_chart(name) && current.count(name) == 0) {
      std::filesystem::remove(entry.path());
    }
  }
}

}  // namespace

AnalysedSuite analyse_suite(const std::filesystem::path& dir, const ReportOptions& options) {
  const std::optional<StudyHypotheses> hypotheses = hypotheses_of(SuiteLayout(dir), options);
  AnalysedSuite analysed{read_suite_results(dir, UnreadableRun::kSkip), {}};
  analysed.report = analyse(analysed.results, hypotheses);
  return analysed;
}

WrittenReport write_report(const std::filesystem::path& dir, const ReportOptions& options) {
  AnalysedSuite analysed = analyse_suite(dir, options);
  const SuiteLayout out(options.out.value_or(dir));
  std::filesystem::create_directories(out.root());
  WrittenReport written{std::move(analysed.report), {}, out.report_html(), out.report_markdown(), out.report_json()};
  written.json = to_json(written.report);
  write_file_atomic(out.report_json(), written.json.dump(2) + "\n");
  const std::vector<Chart> charts = report_charts(written.report);
  write_file_atomic(out.report_markdown(), render_markdown(written.report, charts));
  write_file_atomic(out.report_html(), render_html(written.report, charts));
  for (const Chart& chart : charts) write_file_atomic(out.report_chart(chart.name), chart.svg + "\n");
  remove_stale_charts(out, charts);
  return written;
}

}  // namespace tl_boost
