#include "tl_boost/report/export_csv.hpp"

#include <cmath>

#include <nlohmann/json.hpp>

#include "tl_boost/error.hpp"
#include "tl_boost/layout.hpp"
#include "tl_boost/report/expectations.hpp"
#include "tl_boost/report/figures.hpp"
#include "tl_boost/report/words.hpp"
#include "tl_boost/report/write_report.hpp"
#include "tl_boost/run_output.hpp"

namespace tl_boost {

namespace fs = std::filesystem;

namespace {

// The shortest text that reads back as the same double (metrics.csv's cells come back as written);
// empty where there is no number, which pandas reads as NaN.
std::string number(double x) { return std::isfinite(x) ? nlohmann::json(x).dump() : std::string(); }
std::string number(const std::optional<double>& x) { return x ? number(*x) : std::string(); }

std::string csv_line(const std::vector<std::string>& fields) {
  std::string line;
  for (std::size_t i = 0; i < fields.size(); ++i) line += (i == 0 ? "" : ",") + csv_field(fields[i]);
  return line + "\n";
}

std::vector<std::string> epoch_fields(const SuiteRun& run, const MetricsRow& m) {
  // The target's test figures on its rows only, so that a mean by protocol is the target test
  // accuracy (each run's rows weigh alike: a protocol's runs train the same epochs).
  const bool target = m.stage == Stage::kTarget;
  return {run.protocol,
          run.split,
          std::to_string(run.seed),
          to_string(m.stage),
          std::to_string(m.epoch),
          number(m.train_loss),
          number(m.train_acc),
          number(m.val_loss),
          number(m.val_acc),
          number(m.lr),
          number(m.seconds),
          target ? number(run.target.test_acc) : "",
          target ? number(run.target.test_loss) : ""};
}

std::string predicted_name(Predicted kind) {
  for (const auto& [name, k] : predicted_names()) {
    if (k == kind) return name;
  }
  return "?";
}

// An expectation's or the headline's comparison: the one-sided test of its direction and the
// opposite one, Holm-adjusted in the report's family; with an equivalence `margin` (E1), TOST,
// outside the family.
std::vector<std::string> comparison_fields(const std::string& kind, const std::string& id, Figure figure,
                                           const Comparison& c, std::optional<double> margin) {
  std::vector<std::string> f = {
      kind, id, figure_name(figure), c.a, c.b, margin ? "equivalent" : to_string(c.alternative), c.test_name()};
  if (!c.test) {
    f.resize(f.size() + 7);
  } else if (c.equivalence) {
    // Contradicted only by the whole 90% interval beyond the margin: no p against it.
    const TTest& t = *c.test;
    f.insert(f.end(),
             {number(t.difference), number(t.ci_low), number(t.ci_high), number(c.equivalence->p), "", "", ""});
  } else {
    const TTest& t = *c.test;
    f.insert(f.end(), {number(t.difference), number(t.ci_low), number(t.ci_high), number(c.p()), number(c.p_opposite()),
                       number(c.p_holm), number(c.p_holm_opposite)});
  }
  f.insert(f.end(), {number(margin), to_string(c.verdict), figure_unit(figure)});
  return f;
}

// A prediction's row: its two tests as tested; only the deciding one is Holm-adjusted.
std::vector<std::string> prediction_fields(const HypothesisRow& row) {
  const Prediction& p = row.prediction;
  std::vector<std::string> f = {"prediction",   p.id,           measure_name(p.measure),
                                side_text(p.a), side_text(p.b), predicted_name(p.kind)};
  if (row.value && row.tests) {
    const Measured& v = *row.value;
    const RowTests& k = *row.tests;
    const bool against = k.decided_against();
    f.insert(f.end(),
             {measured_over(v.over), number(v.estimate), number(v.ci_low), number(v.ci_high), number(k.p_for),
              number(k.p_against), against ? "" : number(k.p_holm), against ? number(k.p_holm) : "", number(k.sesoi)});
  } else {
    f.push_back(row.not_tested ? not_tested_text(*row.not_tested) : "");
    f.resize(f.size() + 8);
  }
  f.insert(f.end(), {to_string(row.outcome), measure_unit(p.measure)});
  return f;
}

}  // namespace

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (const char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

const std::vector<std::string>& runs_csv_columns() {
  static const std::vector<std::string> columns = {"protocol",   "split",     "seed",     "stage",   "epoch",
                                                   "train_loss", "train_acc", "val_loss", "val_acc", "lr",
                                                   "seconds",    "test_acc",  "test_loss"};
  return columns;
}

std::string runs_csv(const SuiteResults& results) {
  std::string csv = csv_line(runs_csv_columns());
  for (const SuiteRun& run : results.runs) {
    for (const MetricsRow& m : run.metrics) csv += csv_line(epoch_fields(run, m));
  }
  return csv;
}

const std::vector<std::string>& comparisons_csv_columns() {
  static const std::vector<std::string> columns = {
      "kind",     "id",      "measure", "a",     "b",         "predicted",  "test",
      "estimate", "ci_low",  "ci_high", "p_for", "p_against", "p_for_holm", "p_against_holm",
      "margin",   "verdict", "unit"};
  return columns;
}

std::string comparisons_csv(const Report& report) {
  std::string csv = csv_line(comparisons_csv_columns());
  for (const Expectation& e : report.expectations) {
    for (const Comparison& c : e.comparisons) {
      const std::optional<double> margin =
          e.id == ExpectationId::kE1 ? std::optional<double>(report.loss_margin) : std::nullopt;
      csv += csv_line(comparison_fields("expectation", expectation_label(e), expectation_figure(e.id), c, margin));
    }
  }
  for (const HeadlineComparison& h : report.headline) {
    csv += csv_line(comparison_fields("headline", headline_label(h.id), Figure::kTestAcc, h.comparison, std::nullopt));
  }
  if (report.hypotheses) {
    for (const HypothesisRow& row : report.hypotheses->rows) csv += csv_line(prediction_fields(row));
  }
  return csv;
}

ExportedCsv export_csv(const fs::path& dir, const std::optional<fs::path>& out) {
  const AnalysedSuite analysed = analyse_suite(dir);
  const SuiteLayout target(out.value_or(dir));
  std::error_code ec;
  fs::create_directories(target.root(), ec);
  if (ec) {
    throw IoError(target.root().string() + ": cannot create the output directory: " + ec.message() +
                  "; give --out a writable directory");
  }
  ExportedCsv exported{target.runs_csv(), target.comparisons_csv(), analysed.results.runs.size(), 0, 0};
  for (const SuiteRun& run : analysed.results.runs) exported.epoch_rows += run.metrics.size();
  for (const Expectation& e : analysed.report.expectations) exported.comparison_rows += e.comparisons.size();
  exported.comparison_rows += analysed.report.headline.size();
  if (analysed.report.hypotheses) exported.comparison_rows += analysed.report.hypotheses->rows.size();
  write_file_atomic(exported.runs, runs_csv(analysed.results));
  write_file_atomic(exported.comparisons, comparisons_csv(analysed.report));
  return exported;
}

}  // namespace tl_boost
