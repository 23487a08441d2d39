#include "tl_boost/report/export_csv.hpp"

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "report_fixture_classes.hpp"
#include "temp_dir.hpp"
#include "tl_boost/layout.hpp"
#include "tl_boost/report/write_report.hpp"
#include "tl_boost/run_output.hpp"

namespace tl_boost {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

using CsvRows = std::vector<std::vector<std::string>>;

// An RFC 4180 reader, as pandas reads: quoted fields may hold commas, doubled quotes, line breaks.
CsvRows parse_csv(const std::string& text) {
  CsvRows rows(1);
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().push_back(field);
      field.clear();
    } else if (c == '\n') {
      rows.back().push_back(field);
      field.clear();
      rows.emplace_back();
    } else {
      field += c;
    }
  }
  rows.pop_back();  // after the last line's newline
  return rows;
}

CsvRows read_csv(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return parse_csv(text.str());
}

// A row of `rows` by its header's names.
std::map<std::string, std::string> by_name(const CsvRows& rows, std::size_t i) {
  std::map<std::string, std::string> row;
  for (std::size_t k = 0; k < rows[0].size(); ++k) row[rows[0][k]] = rows[i].at(k);
  return row;
}

std::string joined(const std::vector<std::string>& names) {
  std::string s;
  for (const auto& n : names) s += (s.empty() ? "" : ",") + n;
  return s;
}

// A suite directory as `tl-boost suite` leaves it: transferred and non_transferred with a source
// stage of 2 epochs, scratch and a protocol whose name needs quoting without one; 3 target epochs
// each, figures chosen per run.
class ExportSuite {
 public:
  explicit ExportSuite(const fs::path& root) : root_(root) {}

  static double test_acc(const std::string& protocol, std::uint64_t seed) {
    const std::map<std::string, double> level = {{"transferred", 0.80}, {"non_transferred", 0.78}, {"scratch", 0.70}};
    const auto it = level.find(protocol);
    // Seed noise that differs between protocols, so that their paired differences vary.
    const double noise[] = {0.0, 0.0025, -0.00125};
    return (it == level.end() ? 0.60 : it->second) + noise[(seed + (protocol == "transferred" ? 0 : 1)) % 3];
  }
  static double test_loss(std::uint64_t seed) { return 0.5 + 0.125 * static_cast<double>(seed); }

  void add(const std::string& split, const std::string& protocol, std::uint64_t seed, bool with_source,
           double shift = 0.0) {
    const fs::path dir = SuiteLayout(root_).run(split, protocol, seed).dir();
    fs::create_directories(dir);
    {
      MetricsCsvWriter csv(dir / "metrics.csv");
      if (with_source) {
        for (int epoch = 1; epoch <= 2; ++epoch) csv.append(Stage::kSource, epoch_metrics(epoch, 0.25));
      }
      for (int epoch = 1; epoch <= 3; ++epoch) csv.append(Stage::kTarget, epoch_metrics(epoch, 0.0625 * (seed + 1)));
    }
    json summary = {{"status", "completed"},
                    {"seed", seed},
                    {"config", {{"data", {{"dir", "data/cifar-10-batches-bin"}}}}},
                    {"stages",
                     {{"target",
                       {{"test_acc", test_acc(protocol, seed) + shift},
                        {"test_loss", test_loss(seed)},
                        {"best_val_acc", 0.75},
                        {"final_val_acc", 0.75},
                        {"final_train_acc", 0.875},
                        {"train_val_gap", protocol == "transferred" ? 0.05 + 0.001 * seed : 0.10 - 0.002 * seed},
                        {"final_train_loss",
                         0.1 + 0.0002 * static_cast<double>(seed % 2) * (protocol == "transferred" ? 1.0 : 0.5)}}}}}};
    summary["config"].update(testing::shipped_config(protocol));
    std::ofstream(dir / "summary.json") << summary.dump(2);
  }

  void add_failed(const std::string& protocol, std::uint64_t seed) {
    const fs::path dir = SuiteLayout(root_).run("", protocol, seed).dir();
    fs::create_directories(dir);
    std::ofstream(dir / "summary.json") << json({{"status", "failed"}, {"error", "training diverged"}}).dump();
  }

  void finish(const std::vector<std::string>& protocols, const std::vector<std::string>& splits, int seeds) {
    json manifest = {{"name", "export"}, {"alpha", 0.05}, {"loss_margin", 0.02}, {"protocols", protocols}};
    for (int s = 0; s < seeds; ++s) manifest["seeds"].push_back(s);
    for (const auto& split : splits) manifest["splits"].push_back({{"name", split}, {"groups", json::object()}});
    std::ofstream(root_ / "suite.json") << manifest.dump(2);
  }

  // Two predictions: one the runs test, one they cannot (no interpolations).
  void declare_hypotheses() {
    std::ofstream(SuiteLayout(root_).hypotheses()) << R"({
      "sesoi": {"test_acc": 0.5, "barrier": 0.1},
      "hypotheses": [{"id": "H0", "name": "boost", "statement": "transfer helps"}],
      "predictions": [
        {"id": "H0.boost", "hypothesis": "H0", "measure": "test_acc", "a": "transferred", "b": "scratch", "kind": "greater"},
        {"id": "H0.barrier", "hypothesis": "H0", "measure": "barrier", "a": "transferred", "b": "scratch", "kind": "less"}
      ]})";
  }

 private:
  static EpochMetrics epoch_metrics(int epoch, double gap) {
    EpochMetrics m;
    m.epoch = epoch;
    m.train_loss = 0.125 * (4 - epoch);
    m.train_acc = 0.5 + 0.125 * epoch;
    m.val_loss = 0.5;
    m.val_acc = m.train_acc - gap;
    m.lr = 0.01;
    m.seconds = 1.5;
    return m;
  }

  fs::path root_;
};

TEST(ExportCsv, FieldsWithCommasQuotesOrLineBreaksAreQuotedAndTheirQuotesDoubled) {
  EXPECT_EQ(csv_field("transferred"), "transferred");
  EXPECT_EQ(csv_field(""), "");
  EXPECT_EQ(csv_field("9 splits (27 pairs), OLS"), "\"9 splits (27 pairs), OLS\"");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_field("two\nlines"), "\"two\nlines\"");
  const std::string odd = "a,\"b\"\r\nc";
  EXPECT_EQ(parse_csv(csv_field(odd) + "\n"), CsvRows({{odd}}));
}

TEST(ExportCsv, RunsCsvHasARowPerEpochOfEveryCompletedRunWithTheTargetTestFiguresOnTargetRows) {
  testing::TempDir tmp("tl_boost_export");
  ExportSuite suite(tmp.path());
  const std::vector<std::string> protocols = {"transferred", "non_transferred", "scratch", "odd, \"name\""};
  for (std::uint64_t s = 0; s < 3; ++s) {
    suite.add("", "transferred", s, true);
    suite.add("", "non_transferred", s, true);
    suite.add("", "scratch", s, false);
  }
  suite.add("", protocols[3], 0, false);
  suite.add_failed(protocols[3], 1);  // left out, as the report leaves it out
  suite.finish(protocols, {}, 3);
  const ExportedCsv exported = export_csv(tmp.path());
  EXPECT_EQ(exported.runs, SuiteLayout(tmp.path()).runs_csv());
  EXPECT_EQ(exported.run_count, 10u);

  const CsvRows rows = read_csv(exported.runs);
  EXPECT_EQ(joined(rows[0]),
            "protocol,split,seed,stage,epoch,train_loss,train_acc,val_loss,val_acc,lr,seconds,"
            "test_acc,test_loss");
  ASSERT_EQ(rows.size(), 1 + 6 * 5 + 3 * 3 + 3u);  // the header, 2 + 3 epochs with a source, 3 without
  EXPECT_EQ(exported.epoch_rows, rows.size() - 1);
  std::map<std::string, std::size_t> per_protocol;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    ASSERT_EQ(rows[i].size(), rows[0].size()) << i;
    auto row = by_name(rows, i);
    ++per_protocol[row["protocol"]];
    EXPECT_EQ(row["split"], "");
    const std::uint64_t seed = std::stoull(row["seed"]);
    if (row["stage"] == "target") {
      EXPECT_DOUBLE_EQ(std::stod(row["test_acc"]), ExportSuite::test_acc(row["protocol"], seed));
      EXPECT_DOUBLE_EQ(std::stod(row["test_loss"]), ExportSuite::test_loss(seed));
    } else {
      EXPECT_EQ(row["stage"], "source");
      EXPECT_EQ(row["test_acc"], "");
      EXPECT_EQ(row["test_loss"], "");
    }
  }
  EXPECT_EQ(per_protocol, (std::map<std::string, std::size_t>{
                              {"transferred", 15}, {"non_transferred", 15}, {"scratch", 9}, {"odd, \"name\"", 3}}));
  // metrics.csv's cells as written (%.6f, %.6g, %.3f), in the file's order.
  EXPECT_EQ(joined(rows[1]), "transferred,,0,source,1,0.375,0.625,0.5,0.375,0.01,1.5,,");
  EXPECT_EQ(joined(rows[5]), "transferred,,0,target,3,0.125,0.875,0.5,0.8125,0.01,1.5,0.8,0.5");
  // The name with a comma and quotes, quoted as RFC 4180 says and read back whole.
  std::ifstream file(exported.runs);
  std::string line, last;
  while (std::getline(file, line)) last = line;
  EXPECT_EQ(last.rfind("\"odd, \"\"name\"\"\",,0,target,3,0.125,0.875,0.5,0.8125,0.01,1.5,0.6", 0), 0u) << last;
  EXPECT_EQ(rows.back()[0], protocols[3]);
}

TEST(ExportCsv, ComparisonsCsvHoldsTheReportsJudgedComparisonsAndPredictions) {
  testing::TempDir tmp("tl_boost_export");
  ExportSuite suite(tmp.path());
  for (std::uint64_t s = 0; s < 3; ++s) {
    suite.add("", "transferred", s, true);
    suite.add("", "non_transferred", s, true);
    suite.add("", "scratch", s, false);
  }
  suite.finish({"transferred", "non_transferred", "scratch"}, {}, 3);
  suite.declare_hypotheses();
  const fs::path out = tmp / "csv";
  const ExportedCsv exported = export_csv(tmp.path(), out);
  EXPECT_EQ(exported.comparisons, out / "comparisons.csv");
  const Report report = analyse_suite(tmp.path()).report;

  const CsvRows rows = read_csv(exported.comparisons);
  EXPECT_EQ(joined(rows[0]),
            "kind,id,measure,a,b,predicted,test,estimate,ci_low,ci_high,p_for,p_against,p_for_holm,"
            "p_against_holm,margin,verdict,unit");
  // E1 and E2 (no probes: no E5), the headline's two rows (AnB+ − BnB+, AnB+ − baseB), the two predictions.
  ASSERT_EQ(rows.size(), 1 + 2 + 2 + 2u);
  EXPECT_EQ(exported.comparison_rows, rows.size() - 1);
  for (const auto& row : rows) EXPECT_EQ(row.size(), rows[0].size());

  auto e1 = by_name(rows, 1);
  const Comparison& losses = report.expectations.at(0).comparisons.at(0);
  EXPECT_EQ(e1["kind"], "expectation");
  EXPECT_EQ(e1["id"], "E1");
  EXPECT_EQ(e1["measure"], "final_train_loss");
  EXPECT_EQ(e1["predicted"], "equivalent");
  EXPECT_EQ(e1["unit"], "loss");
  EXPECT_EQ(e1["test"], "paired t-test");
  EXPECT_DOUBLE_EQ(std::stod(e1["estimate"]), losses.test->difference);
  EXPECT_DOUBLE_EQ(std::stod(e1["p_for"]), losses.equivalence->p);
  EXPECT_EQ(e1["p_against"] + e1["p_for_holm"] + e1["p_against_holm"], "");  // TOST, outside the Holm family
  EXPECT_DOUBLE_EQ(std::stod(e1["margin"]), 0.02);
  EXPECT_EQ(e1["verdict"], to_string(losses.verdict));

  auto boost = by_name(rows, 3);
  const Comparison& vs_self = report.headline.at(0).comparison;
  EXPECT_EQ(boost["kind"], "headline");
  EXPECT_EQ(boost["id"], "AnB+ − BnB+");
  EXPECT_EQ(boost["a"] + " " + boost["b"], "transferred non_transferred");
  EXPECT_EQ(boost["measure"], "test_acc");
  EXPECT_EQ(boost["predicted"], "greater");
  EXPECT_EQ(boost["unit"], "accuracy");
  EXPECT_DOUBLE_EQ(std::stod(boost["estimate"]), vs_self.test->difference);
  EXPECT_DOUBLE_EQ(std::stod(boost["ci_low"]), vs_self.test->ci_low);
  EXPECT_DOUBLE_EQ(std::stod(boost["p_for"]), vs_self.p());
  EXPECT_NEAR(std::stod(boost["p_for"]) + std::stod(boost["p_against"]), 1.0, 1e-12);  // the two tails
  EXPECT_DOUBLE_EQ(std::stod(boost["p_for_holm"]), *vs_self.p_holm);
  EXPECT_DOUBLE_EQ(std::stod(boost["p_against_holm"]), *vs_self.p_holm_opposite);
  EXPECT_EQ(boost["margin"], "");
  EXPECT_EQ(boost["verdict"], to_string(vs_self.verdict));

  auto held = by_name(rows, 5);
  const HypothesisRow& tested = report.hypotheses->row("H0.boost");
  EXPECT_EQ(held["kind"], "prediction");
  EXPECT_EQ(held["id"], "H0.boost");
  EXPECT_EQ(held["a"] + " " + held["b"], "transferred scratch");
  EXPECT_EQ(held["test"], "3 pairs");
  EXPECT_DOUBLE_EQ(std::stod(held["estimate"]), tested.value->estimate);
  EXPECT_DOUBLE_EQ(std::stod(held["p_for"]), tested.tests->p_for);
  EXPECT_DOUBLE_EQ(std::stod(held["p_against"]), tested.tests->p_against);
  // Only the deciding test is adjusted: the one for the prediction here.
  ASSERT_FALSE(tested.tests->decided_against());
  EXPECT_DOUBLE_EQ(std::stod(held["p_for_holm"]), tested.tests->p_holm);
  EXPECT_EQ(held["p_against_holm"], "");
  EXPECT_DOUBLE_EQ(std::stod(held["margin"]), 0.005);
  EXPECT_EQ(held["verdict"], "held");

  auto untested = by_name(rows, 6);
  EXPECT_EQ(untested["id"], "H0.barrier");
  EXPECT_EQ(untested["predicted"], "less");
  EXPECT_EQ(untested["test"], "no interpolation between two seeds of both sides");
  EXPECT_EQ(untested["estimate"] + untested["p_for"] + untested["p_for_holm"], "");
  EXPECT_EQ(untested["verdict"], "not tested");
  EXPECT_EQ(untested["unit"], "loss");
}

TEST(ExportCsv, ASuiteOfClassSplitsNamesEachRowsSplitAndComparesOverTheSplits) {
  testing::TempDir tmp("tl_boost_export");
  ExportSuite suite(tmp.path());
  const std::vector<std::string> splits = {"default", "random-7-0"};
  for (const auto& split : splits) {
    for (std::uint64_t s = 0; s < 2; ++s) {
      suite.add(split, "transferred", s, true, split == "default" ? 0.0 : 0.01);  // the boost differs between splits
      suite.add(split, "scratch", s, false);
    }
  }
  suite.finish({"transferred", "scratch"}, splits, 2);
  export_csv(tmp.path());
  const CsvRows runs = read_csv(SuiteLayout(tmp.path()).runs_csv());
  std::set<std::string> named;
  for (std::size_t i = 1; i < runs.size(); ++i) named.insert(by_name(runs, i)["split"]);
  EXPECT_EQ(named, (std::set<std::string>{"default", "random-7-0"}));
  const CsvRows comparisons = read_csv(SuiteLayout(tmp.path()).comparisons_csv());
  ASSERT_EQ(comparisons.size(), 2u);  // the header and AnB+ − baseB
  EXPECT_EQ(by_name(comparisons, 1)["test"], "two-stage t-test over split means");
}

}  // namespace
}  // namespace tl_boost
