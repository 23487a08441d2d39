#include "tl_boost/report/write_report.hpp"

#include <cmath>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "temp_dir.hpp"
#include "tl_boost/error.hpp"
#include "tl_boost/layout.hpp"
#include "report_fixture_classes.hpp"
#include "tl_boost/report/analysis.hpp"
#include "tl_boost/report/report_json.hpp"
#include "tl_boost/report/charts.hpp"
#include "tl_boost/report_reader.hpp"
#include "tl_boost/report/render.hpp"
#include "tl_boost/run_output.hpp"
#include "tl_boost/suite_plan.hpp"
#include "test_paths.hpp"

namespace tl_boost {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// A suite directory as `tl-boost suite` leaves it, with chosen target figures per protocol.
class SyntheticSuite {
 public:
  explicit SyntheticSuite(const fs::path& root) : root_(root) {}

  // Runs added from now on belong to `split` (a suite with class splits).
  void in_split(const std::string& split) {
    split_ = split;
    if (std::find(splits_.begin(), splits_.end(), split) == splits_.end()) splits_.push_back(split);
  }

  void add(const std::string& protocol, std::uint64_t seed, double test_acc, double gap, double train_loss,
           const json& config = json::object(), std::optional<double> probe_acc = std::nullopt) {
    const fs::path dir = SuiteLayout(root_).run(split_, protocol, seed).dir();
    fs::create_directories(dir);
    {
      MetricsCsvWriter csv(dir / "metrics.csv");
      for (int epoch = 1; epoch <= 3; ++epoch) {
        EpochMetrics m;
        m.epoch = epoch;
        m.train_acc = 0.5 + 0.1 * epoch;
        m.val_acc = m.train_acc - gap;
        m.train_loss = train_loss + 0.1 * (3 - epoch);
        m.lr = 0.01;
        csv.append(Stage::kTarget, m);
      }
    }
    json summary = {{"status", "completed"},
                          {"seed", seed},
                          {"environment", {{"hostname", "testhost"}, {"device", "cpu"}, {"threads", 2},
                                           {"libtorch_version", "1.13.0"}, {"git_sha", "abc"}}},
                          {"config", {{"data", {{"dir", "data/cifar-10-batches-bin"}}}}},
                          {"probe", nullptr},
                          {"stages",
                           {{"target",
                             {{"test_acc", test_acc},
                              {"best_val_acc", 0.8 - gap},
                              {"final_val_acc", 0.8 - gap},
                              {"final_train_acc", 0.8},
                              {"train_val_gap", gap},
                              {"final_train_loss", train_loss}}}}}};
    summary["config"].update(testing::shipped_config(protocol));
    summary["config"].update(config);
    if (probe_acc) {
      summary["probe"] = {{"test_acc", *probe_acc}};
    } else {
      summary.erase("probe");
    }
    std::ofstream(dir / "summary.json") << summary.dump(2);
    if (std::find(protocols_.begin(), protocols_.end(), protocol) == protocols_.end()) protocols_.push_back(protocol);
    seeds_.insert(seed);
  }

  // A run of the manifest that failed: its summary says so.
  void add_failed(const std::string& protocol, std::uint64_t seed) {
    const fs::path dir = SuiteLayout(root_).run(split_, protocol, seed).dir();
    fs::create_directories(dir);
    std::ofstream(dir / "summary.json") << json({{"status", "failed"}, {"error", "training diverged"}}).dump();
    seeds_.insert(seed);
  }

  void finish() {
    json manifest = {{"name", "synthetic"},
                     {"seeds", seeds_},
                     {"alpha", 0.05},
                     {"loss_margin", 0.02},
                     {"protocols", protocols_}};
    for (const auto& split : splits_) manifest["splits"].push_back({{"name", split}, {"groups", json::object()}});
    std::ofstream(root_ / "suite.json") << manifest.dump(2);
  }

 private:
  fs::path root_;
  std::string split_;
  std::vector<std::string> splits_;
  std::vector<std::string> protocols_;
  std::set<std::uint64_t> seeds_;
};

const json& expectation(const json& report, const std::string& id) {
  for (const auto& e : report["expectations"]) {
    if (e["id"] == id) return e;
  }
  throw std::runtime_error("no " + id);
}

// Five seeds, small seed noise, protocols in the suite file's (not alphabetical) order; the
// figures chosen so that: E1 supported (losses equal), E2 supported (transferred gap smaller), E3
// contradicted (diverse below transferred), E4 inconclusive (more_data above some, level with others).
void write_verdicts_suite(SyntheticSuite& suite) {
  const double noise[] = {0.000, 0.002, -0.001, 0.001, -0.002};
  for (std::uint64_t s = 0; s < 5; ++s) {
    const double n = noise[s];
    suite.add("transferred", s, 0.80 + n, 0.05 + n, 0.100 + n / 10);
    suite.add("non_transferred", s, 0.78 + n / 2, 0.10 - n, 0.101 - n / 20);
    suite.add("transferred_diverse", s, 0.75 - n / 2, 0.06, 0.10);
    suite.add("transferred_more_data", s, 0.80 - n, 0.05, 0.10);
    suite.add("scratch", s, 0.70 + n, 0.12, 0.2);
  }
  suite.finish();
}

TEST(Report, VerdictsFollowTheNumbers) {
  testing::TempDir tmp("tl_boost_report");
  SyntheticSuite suite(tmp.path());
  write_verdicts_suite(suite);
  const json report = write_report(tmp.path()).json;
  EXPECT_EQ(expectation(report, "E1")["verdict"], "supported");
  EXPECT_EQ(expectation(report, "E2")["verdict"], "supported");
  EXPECT_EQ(expectation(report, "E3")["verdict"], "contradicted");
  EXPECT_EQ(expectation(report, "E4")["verdict"], "inconclusive");
  EXPECT_EQ(expectation(report, "E3")["comparisons"][0]["test"], "paired t-test");
  EXPECT_NEAR(report["protocols"]["transferred"]["test_acc"]["mean"].get<double>(), 0.80, 1e-12);
  EXPECT_EQ(report["protocols"]["scratch"]["seeds"], 5);
  EXPECT_EQ(report["protocols"]["scratch"]["curves"]["epoch"].size(), 3u);
  ASSERT_EQ(report["headline"].size(), 2u);
  EXPECT_NEAR(report["headline"][0]["difference"].get<double>(), 0.02, 1e-12);
  EXPECT_DOUBLE_EQ(report["headline"][0]["yosinski_2014_points"].get<double>(), 1.4);

  // The three files, regenerated identically from the same directory.
  const std::string first = read_text(tmp / "report.json");
  write_report(tmp.path()).json;
  EXPECT_EQ(read_text(tmp / "report.json"), first);
  const std::string md = read_text(tmp / "report.md");
  EXPECT_NE(md.find("| E3 |"), std::string::npos);
  EXPECT_NE(md.find("**contradicted**"), std::string::npos);
  const std::string html = read_text(tmp / "report.html");
  EXPECT_NE(html.find("<svg"), std::string::npos);
  EXPECT_NE(html.find("v-supported"), std::string::npos);
  // Losses and accuracies are never negative, and neither is a tick of their charts (differences may be).
  for (const Chart& chart : report_charts(analyse(read_suite_results(tmp.path())))) {
    if (chart.name == "accuracy-curves" || chart.name == "loss-curves" || chart.name == "test-accuracy") {
      EXPECT_EQ(chart.svg.find(">-0."), std::string::npos) << chart.name;
    }
  }
  // Self-contained: no scripts, no external resources; its only links are to its own sections.
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("src="), std::string::npos);
  EXPECT_EQ(std::regex_search(html, std::regex("href='[^#]")), false);
  EXPECT_NE(html.find("href='#expectations'"), std::string::npos);
}

TEST(Report, ARegeneratedReportRemovesTheChartsItNoLongerDrawsAndKeepsOtherFiles) {
  testing::TempDir tmp("tl_boost_report");
  SyntheticSuite suite(tmp.path());
  write_verdicts_suite(suite);
  std::ofstream(tmp / "report-forest-1.svg") << "<svg/>";  // a name an older report used
  std::ofstream(tmp / "notes.svg") << "<svg/>";            // not the report's
  write_report(tmp.path());
  EXPECT_FALSE(std::filesystem::exists(tmp / "report-forest-1.svg"));
  EXPECT_TRUE(std::filesystem::exists(tmp / "notes.svg"));
  EXPECT_TRUE(std::filesystem::exists(tmp / "report-test-accuracy.svg"));
}

TEST(Report, UnequalSeedSetsPairTheSeedsBothRan) {
  testing::TempDir tmp("tl_boost_report");
  SyntheticSuite suite(tmp.path());
  for (std::uint64_t s = 0; s < 3; ++s) suite.add("transferred", s, 0.8 + 0.01 * s, 0.05, 0.1);
  for (std::uint64_t s = 1; s < 4; ++s) suite.add("transferred_diverse", s, 0.9 + 0.013 * s, 0.05, 0.1);
  suite.finish();
  const Report typed = analyse(read_suite_results(tmp.path()));
  const json report = to_json(typed);
  const json& e3 = expectation(report, "E3");
  // Seeds 1 and 2 pair; 0 and 3 ran for one protocol only and are named.
  EXPECT_EQ(e3["comparisons"][0]["test"], "paired t-test");
  EXPECT_EQ(e3["comparisons"][0]["unpaired"], json({"seed 3: only transferred_diverse", "seed 0: only transferred"}));
  EXPECT_EQ(e3["verdict"], "supported");
  EXPECT_TRUE(report["headline"].empty());  // no non_transferred, no scratch
  EXPECT_NE(render_markdown(typed, report_charts(typed)).find("no boost to measure"), std::string::npos);
}

TEST(Report, MissingSuiteFileIsAnIoError) {
  testing::TempDir tmp("tl_boost_report");
  EXPECT_THROW(read_suite_results(tmp.path()), IoError);
}

TEST(Report, E5ComparesTheProbeOfTransferredWithTheOthers) {
  for (const bool transferred_higher : {true, false}) {
    testing::TempDir tmp("tl_boost_report_e5");
    SyntheticSuite suite(tmp.path());
    const double noise[] = {0.000, 0.003, -0.002, 0.001, -0.002};
    for (std::uint64_t s = 0; s < 5; ++s) {
      const double n = noise[s];
      const double transferred_probe = transferred_higher ? 0.80 + n : 0.60 + n;
      suite.add("transferred", s, 0.80, 0.05, 0.1, json::object(), transferred_probe);
      suite.add("non_transferred", s, 0.78, 0.10, 0.1, json::object(), 0.70 - n);
      suite.add("scratch", s, 0.70, 0.12, 0.2, json::object(), 0.69 + n / 2);
    }
    suite.finish();
    const json report = write_report(tmp.path()).json;
    const json& e5 = expectation(report, "E5");
    EXPECT_EQ(e5["verdict"], transferred_higher ? "supported" : "contradicted");
    ASSERT_EQ(e5["comparisons"].size(), 2u);
    EXPECT_EQ(e5["comparisons"][1]["b"], "scratch");
    EXPECT_NEAR(report["protocols"]["non_transferred"]["probe_test_acc"]["mean"].get<double>(), 0.70, 1e-12);
    EXPECT_NE(read_text(tmp / "report.md").find("## Base-task probe"), std::string::npos);
  }
}

TEST(Report, NoProbesNoE5) {
  testing::TempDir tmp("tl_boost_report_noe5");
  SyntheticSuite suite(tmp.path());
  for (std::uint64_t s = 0; s < 3; ++s) {
    suite.add("transferred", s, 0.80, 0.05, 0.1);
    suite.add("scratch", s, 0.70, 0.12, 0.2);
  }
  suite.finish();
  const json report = write_report(tmp.path()).json;
  for (const auto& e : report["expectations"]) EXPECT_NE(e["id"], "E5");
  EXPECT_FALSE(report.contains("grid"));  // one depth only
}

TEST(Report, YosinskiGridIsPlacedByEachProtocolsConfig) {
  testing::TempDir tmp("tl_boost_report_grid");
  SyntheticSuite suite(tmp.path());
  const json a = {"airplane", "truck"}, b = {"horse", "cat"};
  const auto config = [&](const json& source, int n, bool frozen) {
    return json{{"source_classes", source}, {"target_classes", b}, {"transfer_layers", n}, {"freeze_transferred", frozen}};
  };
  for (std::uint64_t s = 0; s < 3; ++s) {
    const double n = 0.001 * static_cast<double>(s);
    suite.add("AnB_1", s, 0.80 + n, 0.1, 0.1, config(a, 1, true));
    const double wobble[] = {0.002, -0.001, 0.002};  // mean 0.001, as n's: the boost over baseB averages 4 points
    suite.add("AnB+_1", s, 0.82 + wobble[s], 0.1, 0.1, config(a, 1, false));
    suite.add("BnB_2", s, 0.79 + n, 0.1, 0.1, config(b, 2, true));
    suite.add("BnB+_2", s, 0.81 + n, 0.1, 0.1, config(b, 2, false));
    suite.add("baseB", s, 0.78 + n, 0.1, 0.1, json{{"source_classes", json::array()}, {"target_classes", b}});
  }
  suite.finish();
  const json report = write_report(tmp.path()).json;
  ASSERT_TRUE(report.contains("grid"));
  std::map<std::string, std::pair<std::string, int>> placed;
  for (const auto& p : report["grid"]["points"]) {
    placed[p["protocol"].get<std::string>()] = {p["condition"].get<std::string>(), p["n"].get<int>()};
  }
  EXPECT_EQ(placed.at("AnB_1"), std::make_pair(std::string("AnB"), 1));
  EXPECT_EQ(placed.at("AnB+_1"), std::make_pair(std::string("AnB+"), 1));
  EXPECT_EQ(placed.at("BnB_2"), std::make_pair(std::string("BnB"), 2));
  EXPECT_EQ(placed.at("BnB+_2"), std::make_pair(std::string("BnB+"), 2));
  EXPECT_EQ(placed.count("baseB"), 0u);
  EXPECT_EQ(report["grid"]["baseline"]["protocol"], "baseB");
  EXPECT_NEAR(report["grid"]["baseline"]["mean"].get<double>(), 0.781, 1e-12);
  // Headline: AnB+ against BnB+ at the same depth (none here: BnB+ only at n = 2) and against baseB.
  ASSERT_EQ(report["headline"].size(), 1u);
  EXPECT_EQ(report["headline"][0]["a"], "AnB+_1");
  EXPECT_EQ(report["headline"][0]["b"], "baseB");
  EXPECT_NEAR(report["headline"][0]["difference"].get<double>(), 0.04, 1e-12);
  EXPECT_EQ(report["headline"][0]["yosinski_2014_label"], "AnB+ − baseB");
  EXPECT_TRUE(report["expectations"].empty());
  const std::string md = read_text(tmp / "report.md");
  EXPECT_NE(md.find("| AnB+ | 1 | AnB+_1 | 3 | 82.10 |"), std::string::npos);
  EXPECT_NE(md.find("| AnB+_1 − baseB | +4.00 |"), std::string::npos);
  EXPECT_NE(md.find("None of E1–E5 applies"), std::string::npos);
  EXPECT_EQ(md.find("| | expectation |"), std::string::npos);  // no empty table
  const std::string html = read_text(tmp / "report.html");
  EXPECT_NE(html.find("Fig. 2 style"), std::string::npos);
  EXPECT_NE(html.find(">baseB</text>"), std::string::npos);
}

TEST(Report, GridAsksE5AtEachDepthOfAnBPlusAgainstBnBPlusAndBaseB) {
  testing::TempDir tmp("tl_boost_report_grid_e5");
  SyntheticSuite suite(tmp.path());
  const json a = {"airplane", "truck"}, b = {"horse", "cat"};
  const auto config = [&](const json& source, int n) {
    return json{{"source_classes", source}, {"target_classes", b}, {"transfer_layers", n}, {"freeze_transferred", false}};
  };
  const double noise[] = {0.000, 0.004, -0.003, 0.002};
  for (std::uint64_t s = 0; s < 4; ++s) {
    const double n = noise[s];
    suite.add("AnB+_1", s, 0.82, 0.1, 0.1, config(a, 1), 0.85 + n);
    suite.add("BnB+_1", s, 0.83, 0.1, 0.1, config(b, 1), 0.80 - n);
    suite.add("AnB+_2", s, 0.82, 0.1, 0.1, config(a, 2), 0.70 + n);  // below both: contradicted
    suite.add("BnB+_2", s, 0.83, 0.1, 0.1, config(b, 2), 0.80 + n / 2);
    suite.add("baseB", s, 0.78, 0.1, 0.1, json{{"source_classes", json::array()}, {"target_classes", b}}, 0.79 - n);
  }
  suite.finish();
  const json report = write_report(tmp.path()).json;
  const json& n1 = expectation(report, "E5 n=1");
  EXPECT_EQ(n1["verdict"], "supported");
  ASSERT_EQ(n1["comparisons"].size(), 2u);
  EXPECT_EQ(n1["comparisons"][0]["a"], "AnB+_1");
  EXPECT_EQ(n1["comparisons"][0]["b"], "BnB+_1");
  EXPECT_EQ(n1["comparisons"][1]["b"], "baseB");
  EXPECT_EQ(expectation(report, "E5 n=2")["verdict"], "contradicted");
  ASSERT_EQ(report["headline"].size(), 4u);  // AnB+ − BnB+ and AnB+ − baseB at n = 1 and 2
  EXPECT_NE(read_text(tmp / "report.md").find("| E5 n=1 | base-task probe: a linear classifier on AnB+_1's"),
            std::string::npos);
}

TEST(Report, MissingAndFailedRunsAreNamedAndTheRestPaired) {
  testing::TempDir tmp("tl_boost_report_absent");
  SyntheticSuite suite(tmp.path());
  const double noise[] = {0.000, 0.002, -0.001, 0.001, -0.002};
  for (std::uint64_t s = 0; s < 5; ++s) {
    const double n = noise[s];
    if (s != 3) suite.add("transferred", s, 0.80 + n, 0.05 + n, 0.100);
    if (s != 1) {
      suite.add("non_transferred", s, 0.78 + n, 0.10 - n, 0.101);
    } else {
      suite.add_failed("non_transferred", s);
    }
    suite.add("scratch", s, 0.70 + n, 0.12, 0.2);
  }
  // A summary lacking its figures (a null accuracy) is unreadable, not fatal.
  suite.add("scratch", 4, 0.70, 0.12, 0.2);
  const fs::path broken = SuiteLayout(tmp.path()).run("scratch", 4).summary();
  json summary = json::parse(read_text(broken));
  summary["stages"]["target"]["test_acc"] = nullptr;
  std::ofstream(broken) << summary.dump();
  suite.finish();
  const json report = write_report(tmp.path()).json;
  ASSERT_EQ(report["absent_runs"].size(), 3u);
  EXPECT_EQ(report["absent_runs"][0]["protocol"], "transferred");
  EXPECT_EQ(report["absent_runs"][0]["reason"], "missing");
  EXPECT_EQ(report["absent_runs"][1]["reason"], "failed: training diverged");
  EXPECT_NE(report["absent_runs"][2]["reason"].get<std::string>().find("unreadable"), std::string::npos);
  const json& e2 = expectation(report, "E2");
  EXPECT_EQ(e2["comparisons"][0]["test"], "paired t-test");
  EXPECT_EQ(e2["comparisons"][0]["df"], 2.0);  // seeds 0, 2, 4 pair
  EXPECT_EQ(e2["verdict"], "supported");
  EXPECT_EQ(report["protocols"]["scratch"]["seeds"], 4);
  const std::string md = read_text(tmp / "report.md");
  EXPECT_NE(md.find("transferred seed 3 (missing)"), std::string::npos) << md;
  EXPECT_NE(md.find("non_transferred seed 1 (failed: training diverged)"), std::string::npos) << md;
}

TEST(Report, ProtocolsWithDifferentSeedCountsPairTheCommonSeeds) {
  testing::TempDir tmp("tl_boost_report_counts");
  SyntheticSuite suite(tmp.path());
  const double noise[] = {0.000, 0.002, -0.001, 0.001, -0.002};
  for (std::uint64_t s = 0; s < 5; ++s) suite.add("transferred", s, 0.80 + noise[s], 0.05, 0.1);
  for (std::uint64_t s = 0; s < 3; ++s) suite.add("scratch", s, 0.70 + noise[s] / 2, 0.12, 0.2);
  suite.finish();
  const json report = write_report(tmp.path()).json;
  ASSERT_EQ(report["headline"].size(), 1u);
  const json& h = report["headline"][0];
  EXPECT_EQ(h["test"], "paired t-test");
  EXPECT_EQ(h["df"], 2.0);
  EXPECT_EQ(h["alternative"], "greater");
  EXPECT_EQ(h["unpaired"].size(), 2u);
  EXPECT_EQ(report["protocols"]["transferred"]["seeds"], 5);
}

TEST(Report, TheYosinskiGridAsksE1E2AndE5ByRoleAtEachDepth) {
  testing::TempDir tmp("tl_boost_report_grid_roles");
  SyntheticSuite suite(tmp.path());
  const SuiteConfig grid = load_suite_config(fs::path(tl_boost_test::source_dir()) / "configs/yosinski_grid.json");
  const std::vector<std::uint64_t> seeds = {0, 1, 2, 3, 4, 5};
  const auto configs = expand_suite(grid, seeds);
  const double noise[] = {0.000, 0.003, -0.002, 0.001, -0.002, 0.002};
  double scale = 1.0;  // each protocol its own share of the noise, so that no paired difference is constant
  for (const auto& protocol : configs) {
    scale += 0.25;
    for (std::size_t s = 0; s < seeds.size(); ++s) {
      const ExperimentConfig& c = protocol[s];
      const double n = noise[s];
      const bool self = c.source_classes == c.target_classes;
      // BnB+ overfits more than AnB+ at n = 1; the same at n = 2.
      const double gap = c.name == "BnB+_1" ? 0.12 + n : c.name == "AnB+_1" ? 0.10 - n
                         : c.name == "AnB+_2"                          ? 0.11 - n / 3
                                                                       : 0.11 + n / 3;
      suite.add(c.name, c.seed, 0.80 + scale * n, gap, 0.1 + scale * n / 100, to_json(c),
                self ? 0.6 + n : 0.7 - scale * n);
    }
  }
  suite.finish();
  const json report = write_report(tmp.path()).json;
  std::vector<std::string> ids;
  for (const auto& e : report["expectations"]) ids.push_back(e["id"]);
  EXPECT_EQ(ids, (std::vector<std::string>{"E1 n=1", "E1 n=2", "E2 n=1", "E2 n=2", "E5 n=1", "E5 n=2"}));
  const json& e2 = expectation(report, "E2 n=1");
  EXPECT_EQ(e2["comparisons"][0]["a"], "BnB+_1");
  EXPECT_EQ(e2["comparisons"][0]["b"], "AnB+_1");
  EXPECT_EQ(e2["verdict"], "supported");
  EXPECT_EQ(expectation(report, "E2 n=2")["verdict"], "inconclusive");
  EXPECT_EQ(expectation(report, "E1 n=1")["comparisons"][0]["b"], "BnB+_1");
  EXPECT_EQ(expectation(report, "E5 n=2")["comparisons"][1]["b"], "baseB");
  // One family: E2 and E5 at both depths and the four headline comparisons.
  EXPECT_EQ(report["multiple_comparisons"]["family_size"], 2 + 4 + 4);
  for (const auto& e : report["expectations"]) {
    for (const auto& c : e["comparisons"]) {
      if (c["alternative"] == "greater") EXPECT_GE(c["p_holm"].get<double>(), c["p"].get<double>());
    }
  }
}

TEST(Report, SeveralSplitsMakeTheSplitTheUnitOfReplication) {
  testing::TempDir tmp("tl_boost_report_splits");
  SyntheticSuite suite(tmp.path());
  const double shift[] = {0.03, 0.01, 0.02};  // the boost differs between splits
  const double noise[] = {0.000, 0.002, -0.002};
  for (int k = 0; k < 3; ++k) {
    suite.in_split("split-" + std::to_string(k));
    for (std::uint64_t s = 0; s < 3; ++s) {
      suite.add("transferred", s, 0.78 + shift[k] + noise[s], 0.05, 0.1);
      suite.add("scratch", s, 0.78 + noise[s] / 2, 0.12, 0.2);
    }
  }
  suite.finish();
  const json report = write_report(tmp.path()).json;
  EXPECT_EQ(report["splits"], json({"split-0", "split-1", "split-2"}));
  ASSERT_EQ(report["headline"].size(), 1u);
  const json& h = report["headline"][0];
  EXPECT_EQ(h["test"], "two-stage t-test over split means");
  EXPECT_EQ(h["df"], 2.0);
  EXPECT_NEAR(h["difference"].get<double>(), 0.02, 1e-9);
  EXPECT_EQ(h["two_stage"]["per_split"].size(), 3u);
  EXPECT_NEAR(h["two_stage"]["per_split"][0]["mean"].get<double>(), 0.03, 1e-9);
  EXPECT_NEAR(h["two_stage"]["sd_of_split_means"].get<double>(), 0.01, 1e-9);
  EXPECT_GT(h["two_stage"]["between_share"].get<double>(), 0.5);
  EXPECT_EQ(h["effect_size"], "d_z");
  EXPECT_EQ(report["protocols"]["transferred"]["seeds"], 9);
  // The protocol's figures weigh each split the same, with the interval over the split means.
  const json& transferred = report["protocols"]["transferred"];
  EXPECT_EQ(transferred["splits"], 3);
  EXPECT_EQ(transferred["test_acc"]["n"], 3);
  EXPECT_NEAR(transferred["test_acc"]["mean"].get<double>(), 0.80, 1e-9);
  EXPECT_NEAR(transferred["test_acc"]["sd"].get<double>(), 0.01, 1e-9);
  EXPECT_LT(transferred["test_acc"]["ci_high"].get<double>(), 0.80 + 4.303 * 0.01 / std::sqrt(3.0) + 1e-6);
  EXPECT_GT(transferred["test_acc"]["ci_high"].get<double>(), 0.80 + 4.302 * 0.01 / std::sqrt(3.0) - 1e-6);
  const std::string html = read_text(tmp / "report.html");
  EXPECT_NE(html.find("Boost: transferred − scratch by class split"), std::string::npos);
  EXPECT_NE(html.find(">pooled</text>"), std::string::npos);
  const std::string md = read_text(tmp / "report.md");
  EXPECT_NE(md.find("| Boost | transferred − scratch | split-1 | 3 |"), std::string::npos);
  EXPECT_NE(md.find("; sd of split means 1.00 points; between-split share"), std::string::npos);
  EXPECT_NE(md.find("## Protocols (target stage; mean ± sd of the split means"), std::string::npos);
  EXPECT_NE(md.find("| transferred | 3 (9) | 80.00 ± 1.00 |"), std::string::npos);
}

TEST(Report, ChartsAreSvgFilesBesideReportMdThatItLinks) {
  testing::TempDir tmp("tl_boost_report_svg");
  SyntheticSuite suite(tmp.path());
  write_verdicts_suite(suite);
  write_report(tmp.path()).json;
  const SuiteLayout layout(tmp.path());
  const std::string md = read_text(layout.report_markdown());
  const std::vector<Chart> charts = report_charts(analyse(read_suite_results(tmp.path())));
  std::set<std::string> names;
  for (const Chart& chart : charts) {
    names.insert(chart.name);
    ASSERT_TRUE(fs::exists(layout.report_chart(chart.name))) << chart.name;
    EXPECT_EQ(read_text(layout.report_chart(chart.name)), chart.svg + "\n");
    EXPECT_NE(md.find("](" + SuiteLayout::report_chart_name(chart.name) + ")"), std::string::npos) << md;
  }
  // A single-split suite gets the train/val curves, the gap, and the paired-difference forest plot.
  for (const std::string name :
       {"accuracy-curves", "gap-curves", "paired-differences", "loss-curves", "test-accuracy"}) {
    EXPECT_TRUE(names.count(name)) << name;
  }
}

TEST(Report, ProtocolsComeInTheSuiteFilesOrder) {
  testing::TempDir tmp("tl_boost_report_order");
  SyntheticSuite suite(tmp.path());
  write_verdicts_suite(suite);
  const json report = write_report(tmp.path()).json;
  EXPECT_EQ(report["protocol_order"],
            json({"transferred", "non_transferred", "transferred_diverse", "transferred_more_data", "scratch"}));
  const std::string md = read_text(tmp / "report.md");
  const std::size_t table = md.find("## Protocols");
  ASSERT_NE(table, std::string::npos);
  EXPECT_LT(md.find("| transferred |", table), md.find("| non_transferred |", table));
  EXPECT_LT(md.find("| non_transferred |", table), md.find("| scratch |", table));
}

TEST(Report, EveryExpectationRowShowsItsDecidingPAndItsOwnResult) {
  testing::TempDir tmp("tl_boost_report_rows");
  SyntheticSuite suite(tmp.path());
  write_verdicts_suite(suite);
  const json report = write_report(tmp.path()).json;
  const std::string md = read_text(tmp / "report.md");
  std::size_t rows = 0;
  for (const auto& e : report["expectations"]) {
    for (const auto& c : e["comparisons"]) {
      // The statement and the expectation's verdict on its first row only.
      const bool first = &c == &e["comparisons"].front();
      ++rows;
      const std::string id = e["id"];
      const std::string row_start = "| " + id + " |" + (first ? " " + e["statement"].get<std::string>() : "") +
                                    " | " + c["a"].get<std::string>() + " − " + c["b"].get<std::string>() + " |";
      const std::size_t at = md.find(row_start);
      ASSERT_NE(at, std::string::npos) << row_start << "\n" << md;
      const std::string row = md.substr(at, md.find('\n', at) - at);
      EXPECT_NE(row.find(id == "E1" ? "| TOST " : "| Holm "), std::string::npos) << row;
      EXPECT_NE(row.find(id == "E1" ? " loss |" : " points |"), std::string::npos) << row;
      // The row's own result, then the expectation's verdict.
      const std::string verdict = first ? " **" + e["verdict"].get<std::string>() + "**" : "";
      EXPECT_NE(row.find("| **" + c["verdict"].get<std::string>() + "** |" + verdict + " |"), std::string::npos)
          << row;
    }
  }
  EXPECT_GE(rows, 5u);
  // E4 is inconclusive overall, yet its row against scratch is supported on its own.
  const json& e4 = expectation(report, "E4");
  EXPECT_EQ(e4["verdict"], "inconclusive");
  bool a_row_supported = false;
  for (const auto& c : e4["comparisons"]) a_row_supported = a_row_supported || c["verdict"] == "supported";
  EXPECT_TRUE(a_row_supported);
}

TEST(Report, TheHeaderNamesTheCifarCopyAndWhetherItIsTheOfficialRelease) {
  testing::TempDir tmp("tl_boost_report_data");
  SyntheticSuite suite(tmp.path());
  suite.add("transferred", 0, 0.8, 0.05, 0.1);
  suite.add("transferred", 1, 0.81, 0.05, 0.1);
  suite.finish();
  write_report(tmp.path()).json;
  std::string md = read_text(tmp / "report.md");
  EXPECT_NE(md.find("CIFAR-10: copy ? (fingerprint of the loaded records), source tarball not recorded"),
            std::string::npos)
      << md;
  EXPECT_EQ(md.find("[\""), std::string::npos) << md;  // no JSON arrays
  EXPECT_EQ(md.find('`'), std::string::npos) << md;
  for (const std::uint64_t seed : {0, 1}) {
    const fs::path path = SuiteLayout(tmp.path()).run("transferred", seed).summary();
    json summary = json::parse(read_text(path));
    summary["environment"]["data_fingerprint"] = "89177ebbb4d2d0f6";
    summary["environment"]["data_source"] = {
        {"tarball_md5", "0123abcd"}, {"tarball_sha256", "ffee"}, {"official", false}};
    std::ofstream(path) << summary.dump();
  }
  const json report = write_report(tmp.path()).json;
  md = read_text(tmp / "report.md");
  EXPECT_NE(md.find("CIFAR-10: copy 89177ebbb4d2d0f6 (fingerprint of the loaded records), tarball md5 0123abcd, "
                    "sha256 ffee, not the official release"),
            std::string::npos)
      << md;
  EXPECT_EQ(report["provenance"]["data_sources"]["89177ebbb4d2d0f6"]["official"], false);
  EXPECT_NE(md.find("Runs on host testhost"), std::string::npos) << md;
}

// Runs of one suite on two machines: the provenance counts each machine's runs per protocol, so a
// reader sees which paired differences cross machines; one machine needs no such line.
TEST(Report, RunsOnSeveralMachinesAreCountedPerMachineAndProtocol) {
  testing::TempDir tmp("tl_boost_report_machines");
  SyntheticSuite suite(tmp.path());
  for (const std::uint64_t seed : {0, 1, 2}) {
    suite.add("transferred", seed, 0.8, 0.05, 0.1);
    suite.add("scratch", seed, 0.78, 0.05, 0.1);
  }
  suite.finish();
  write_report(tmp.path());
  EXPECT_EQ(read_text(tmp / "report.md").find("machines (runs per protocol)"), std::string::npos);
  for (const auto& [protocol, seed] : {std::pair{"transferred", 2}, std::pair{"scratch", 2}, std::pair{"scratch", 1}}) {
    const fs::path path = SuiteLayout(tmp.path()).run(protocol, seed).summary();
    json summary = json::parse(read_text(path));
    summary["environment"]["cpu"] = "Other CPU";
    std::ofstream(path) << summary.dump();
  }
  const json report = write_report(tmp.path()).json;
  EXPECT_NE(read_text(tmp / "report.md")
                .find("The runs ran on 2 machines (runs per protocol): cpu, CPU ?: scratch 1, transferred 2; "
                      "cpu, CPU Other CPU: scratch 2, transferred 1."),
            std::string::npos)
      << read_text(tmp / "report.md");
  EXPECT_EQ(report["provenance"]["runs_per_machine"]["cpu, CPU Other CPU"]["scratch"], 2);
  EXPECT_EQ(report["provenance"]["runs_per_machine"]["cpu, CPU ?"]["transferred"], 2);
}

// An interpolation CSV as the suite writes it, whose training loss rises `barrier` above its ends.
void write_interpolation(const fs::path& root, const std::string& a, const std::string& b, std::uint64_t seed_a,
                         std::uint64_t seed_b, double barrier) {
  const fs::path csv = SuiteLayout(root).interpolation("", a, b, seed_a, seed_b);
  fs::create_directories(csv.parent_path());
  std::ofstream(csv) << "alpha,train_loss,train_acc,test_loss,test_acc\n0,0.1,0.9,0.4,0.8\n0.5,"
                     << 0.1 + barrier << ",0.6,0.9,0.6\n1,0.1,0.9,0.4,0.8\n";
}

// The recorded config of `protocol`'s twin: its own, with target_seed_offset 1.
json twin_of(const std::string& protocol) {
  json config = testing::shipped_config(protocol);
  config["target_seed_offset"] = 1;
  return config;
}

// Neyshabur et al.'s basin test read from a suite directory: transferred and scratch each with a
// twin (target_seed_offset 1), the interpolations between each and its twin and between
// transferred and scratch at one seed. The barriers table shows all three pairs, and the
// same-source barrier is measured from the twins' CSVs alone; without them it is not measured.
TEST(Report, TheSameSourceBarrierIsReadFromTheInterpolationsBetweenAProtocolAndItsTwin) {
  testing::TempDir tmp("tl_boost_report_basin");
  SyntheticSuite suite(tmp.path());
  for (std::uint64_t s = 0; s < 4; ++s) {
    suite.add("transferred", s, 0.80, 0.05, 0.1);
    suite.add("scratch", s, 0.78, 0.05, 0.1);
    suite.add("transferred_twin", s, 0.80, 0.05, 0.1, twin_of("transferred"));
    suite.add("scratch_twin", s, 0.78, 0.05, 0.1, twin_of("scratch"));
    write_interpolation(tmp.path(), "transferred", "scratch", s, s, 0.5);
  }
  suite.finish();
  std::ofstream(SuiteLayout(tmp.path()).hypotheses()) << R"({"hypotheses": [{"id": "H1", "name": "one basin"}],
      "predictions": [{"id": "basin", "hypothesis": "H1", "measure": "same_source_barrier", "a": "transferred",
                       "b": "scratch", "kind": "less", "sesoi": 0.1}]})";
  json report = write_report(tmp.path()).json;
  EXPECT_EQ(report["hypotheses"]["rows"][0]["outcome"], "not tested: not measured in these runs");
  for (std::uint64_t s = 0; s < 4; ++s) {
    write_interpolation(tmp.path(), "transferred", "transferred_twin", s, s, 0.2 + 0.01 * static_cast<double>(s));
    write_interpolation(tmp.path(), "scratch", "scratch_twin", s, s, 0.9);
  }
  report = write_report(tmp.path()).json;
  const json& row = report["hypotheses"]["rows"][0];
  EXPECT_NEAR(row["measured"]["estimate"].get<double>(), 0.215 - 0.9, 1e-9) << row.dump();
  EXPECT_EQ(row["measured"]["over"], "4 pairs");
  EXPECT_EQ(row["outcome"], "held");
  const json& barriers = report["interpolation_barriers"];
  ASSERT_EQ(barriers.size(), 3u) << barriers.dump();
  EXPECT_EQ(barriers[0]["b"], "scratch");
  EXPECT_EQ(barriers[0]["between"], "two protocols at one split and seed");
  EXPECT_NEAR(barriers[0]["train_loss_barrier"]["mean"].get<double>(), 0.5, 1e-9);
  EXPECT_EQ(barriers[1]["b"], "transferred_twin");
  EXPECT_EQ(barriers[1]["interpolations"], 4);
  const std::string md = read_text(tmp / "report.md");
  EXPECT_NE(md.find("| transferred ↔ transferred_twin | a protocol and its twin at one split and seed"), std::string::npos)
      << md;
  EXPECT_NE(md.find("| transferred ↔ scratch | two protocols at one split and seed | 4 | 0.5000 ± 0.0000"),
            std::string::npos)
      << md;
}

}  // namespace
}  // namespace tl_boost
