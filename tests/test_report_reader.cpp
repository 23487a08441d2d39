#include "tl_boost/report_reader.hpp"

#include <cmath>
#include <fstream>

#include <gtest/gtest.h>

#include "temp_dir.hpp"
#include "tl_boost/error.hpp"
#include "tl_boost/layout.hpp"

namespace tl_boost {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

void write_text(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

bool same_row(const MetricsRow& a, const MetricsRow& b) {
  return a.stage == b.stage && a.epoch == b.epoch && a.train_loss == b.train_loss && a.train_acc == b.train_acc &&
         a.val_acc == b.val_acc && a.val_loss == b.val_loss && a.lr == b.lr && a.seconds == b.seconds;
}

TEST(ReportReader, ReadsMetricsColumnsByNameWhateverTheirOrder) {
  testing::TempDir tmp("tl_boost_report_reader");
  write_text(tmp / "written.csv",
             std::string(MetricsCsvWriter::kHeader) +
                 "\nsource,1,0.90,0.60,0.95,0.55,0.01,1.0\ntarget,2,0.40,0.85,0.50,0.80,0.01,2.0\n");
  // The same rows with the columns reordered and a column added later (grad_norm).
  write_text(tmp / "reordered.csv",
             "val_acc,grad_norm,epoch,stage,seconds,lr,train_acc,val_loss,train_loss\n"
             "0.55,3.5,1,source,1.0,0.01,0.60,0.95,0.90\n0.80,2.5,2,target,2.0,0.01,0.85,0.50,0.40\n");
  const std::vector<MetricsRow> written = read_metrics_rows(tmp / "written.csv");
  ASSERT_EQ(written.size(), 2u);
  EXPECT_EQ(written[1].stage, Stage::kTarget);
  EXPECT_EQ(written[1].epoch, 2);
  EXPECT_DOUBLE_EQ(written[1].train_loss, 0.40);
  EXPECT_DOUBLE_EQ(written[1].train_acc, 0.85);
  EXPECT_DOUBLE_EQ(written[1].val_acc, 0.80);
  EXPECT_EQ(written[1].val_loss, 0.50);
  EXPECT_EQ(written[1].lr, 0.01);
  EXPECT_EQ(written[1].seconds, 2.0);
  write_text(tmp / "old.csv", "stage,epoch,train_loss,train_acc,val_acc\ntarget,1,0.4,0.8,0.7\n");
  const MetricsRow old = read_metrics_rows(tmp / "old.csv")[0];
  EXPECT_FALSE(old.val_loss || old.lr || old.seconds);  // written before those columns were
  const std::vector<MetricsRow> reordered = read_metrics_rows(tmp / "reordered.csv");
  ASSERT_EQ(reordered.size(), written.size());
  for (std::size_t i = 0; i < written.size(); ++i) EXPECT_TRUE(same_row(reordered[i], written[i])) << "row " << i;
}

TEST(ReportReader, MissingMetricsColumnIsAnIoErrorNamingTheFileAndTheColumn) {
  testing::TempDir tmp("tl_boost_report_reader");
  const fs::path path = tmp / "metrics.csv";
  write_text(path, "stage,epoch,train_loss,train_acc,val_loss,lr,seconds\ntarget,1,0.4,0.8,0.5,0.01,1.0\n");
  try {
    read_metrics_rows(path);
    FAIL() << "no error for a missing val_acc column";
  } catch (const IoError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find(path.string()), std::string::npos) << message;
    EXPECT_NE(message.find("expected a column 'val_acc'"), std::string::npos) << message;
    EXPECT_NE(message.find("found 'stage,epoch,train_loss,train_acc,val_loss,lr,seconds'"), std::string::npos)
        << message;
  }
}

TEST(ReportReader, StageCellThatNamesNoStageIsAnIoErrorNamingTheLine) {
  testing::TempDir tmp("tl_boost_report_reader");
  const fs::path path = tmp / "metrics.csv";
  write_text(path, std::string(MetricsCsvWriter::kHeader) +
                       "\ntarget,1,0.4,0.8,0.5,0.8,0.01,1.0\nprobe,1,0.4,0.8,0.5,0.8,0.01,1.0\n");
  try {
    read_metrics_rows(path);
    FAIL() << "no error for a stage 'probe'";
  } catch (const IoError& e) {
    EXPECT_EQ(std::string(e.what()), path.string() + ":3: expected source or target in column 'stage', found 'probe'");
  }
}

TEST(ReportReader, CellThatIsNoNumberIsAnIoErrorNamingTheLineAndTheColumn) {
  testing::TempDir tmp("tl_boost_report_reader");
  const fs::path path = tmp / "metrics.csv";
  write_text(path, std::string(MetricsCsvWriter::kHeader) + "\ntarget,1,0.4,high,0.5,0.8,0.01,1.0\n");
  try {
    read_metrics_rows(path);
    FAIL() << "no error for a train_acc of 'high'";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find(path.string() + ":2: expected a number in column 'train_acc', found 'high'"),
              std::string::npos)
        << e.what();
  }
}

TEST(ReportReader, ReadsCompletedRunsOfTheManifestIntoTypedRuns) {
  testing::TempDir tmp("tl_boost_report_reader");
  const SuiteLayout layout(tmp.path());
  write_manifest(layout.manifest(), {"typed", {1, 2}, 0.05, 0.02, {"AnB+_1"}});
  const std::string metrics = std::string(MetricsCsvWriter::kHeader) + "\ntarget,1,0.4,0.8,0.5,0.7,0.01,1.0\n";
  write_text(layout.run("AnB+_1", 1).metrics(), metrics);
  write_text(layout.run("AnB+_1", 1).summary(), json({{"status", "completed"},
                                                      {"environment", {{"hostname", "h"}, {"threads", 4}}},
                                                      {"config",
                                                       {{"data", {{"dir", "data/x"}}},
                                                        {"source_classes", {"airplane"}},
                                                        {"target_classes", {"cat"}},
                                                        {"transfer_layers", 2}}},
                                                      {"probe", {{"test_acc", 0.6}}},
                                                      {"stages",
                                                       {{"target",
                                                         {{"test_acc", 0.7},
                                                          {"best_val_acc", 0.71},
                                                          {"final_val_acc", 0.69},
                                                          {"final_train_acc", 0.9},
                                                          {"train_val_gap", 0.21},
                                                          {"final_train_loss", 0.3}}}}}})
                                                    .dump());
  write_text(layout.run("AnB+_1", 2).metrics(), metrics);
  write_text(layout.run("AnB+_1", 2).summary(), json({{"status", "failed"}}).dump());  // left out
  SuiteResults results = read_suite_results(tmp.path());
  EXPECT_FALSE(results.runs.at(0).environment.data_source.has_value());  // an old run: not recorded
  json recorded = read_json_file(layout.run("AnB+_1", 1).summary());
  recorded["environment"]["data_source"] = {{"tarball_md5", "c32a"}, {"tarball_sha256", "ff"}, {"official", false}};
  write_text(layout.run("AnB+_1", 1).summary(), recorded.dump());
  results = read_suite_results(tmp.path());
  EXPECT_EQ(results.runs.at(0).environment.data_source, (DataSource{"c32a", "ff", false}));
  EXPECT_EQ(results.manifest.name, "typed");
  ASSERT_EQ(results.runs.size(), 1u);
  const SuiteRun& run = results.runs[0];
  EXPECT_EQ(run.protocol, "AnB+_1");
  EXPECT_EQ(run.seed, 1u);
  EXPECT_EQ(run.environment.hostname, "h");
  EXPECT_EQ(run.environment.threads, 4);
  EXPECT_EQ(run.environment.cpu, "?");  // not in this summary
  EXPECT_EQ(run.data_dir, "data/x");
  EXPECT_EQ(run.transfer.source_classes, std::vector<std::string>{"airplane"});
  EXPECT_EQ(run.transfer.transfer_layers, 2);
  EXPECT_FALSE(run.transfer.freeze_transferred);
  EXPECT_DOUBLE_EQ(run.target.train_val_gap, 0.21);
  ASSERT_TRUE(run.probe.has_value());
  EXPECT_DOUBLE_EQ(run.probe->final_network, 0.6);
  EXPECT_FALSE(run.probe->source_network || run.probe->random_network || run.probe->conv1_only);  // none probed
  ASSERT_EQ(run.metrics.size(), 1u);
  EXPECT_DOUBLE_EQ(run.metrics[0].val_acc, 0.7);
  EXPECT_EQ(run.metrics[0].val_loss, 0.5);
  EXPECT_EQ(run.transfer.transfer_init, TransferInit::kCopy);  // absent: a plain copy
  EXPECT_FALSE(run.transfer.compute_matched);
  EXPECT_FALSE(run.landscape.top_eigenvalue.has_value());
  EXPECT_FALSE(run.landscape.relative_distance.has_value());
}

TEST(ReportReader, ReadsTheTransferControlsTheLandscapeAndTheProbeReferencesOfARun) {
  testing::TempDir tmp("tl_boost_report_reader");
  const SuiteLayout layout(tmp.path());
  write_manifest(layout.manifest(), {"typed", {1}, 0.05, 0.02, {"ms"}});
  // A file of a run written before val_loss was a column: it reads as nan.
  write_text(layout.run("ms", 1).metrics(), "stage,epoch,train_loss,train_acc,val_acc\ntarget,1,0.4,0.8,0.7\n");
  const json target = {{"test_acc", 0.7},        {"best_val_acc", 0.71},   {"final_val_acc", 0.69},
                       {"final_train_acc", 0.9}, {"train_val_gap", 0.21}, {"final_train_loss", 0.3}};
  // Two layers moved 3 and 4 from norms 6 and 8: the network moved 5 from 10.
  const json landscape = {
      {"distance",
       {{"conv1", {{"absolute", 3.0}, {"relative", 0.5}, {"initial_norm", 6.0}}},
        {"fc", {{"absolute", 4.0}, {"relative", 0.5}, {"initial_norm", 8.0}}}}},
      {"sharpness", {{"top_eigenvalue", 12.5}, {"iterations", 20}, {"converged", true}}}};
  write_text(layout.run("ms", 1).summary(),
             json({{"status", "completed"},
                   {"config", {{"data", {{"dir", "d"}}}, {"transfer_init", "matched_statistics"}, {"compute_matched", true}}},
                   {"landscape", landscape},
                   {"probe",
                    {{"test_acc", 0.6},
                     {"source_network", {{"test_acc", 0.7}, {"test_loss", 0.9}}},
                     {"random_network", {{"test_acc", 0.3}, {"test_loss", 1.6}}}}},
                   {"stages", {{"target", target}}}})
                 .dump());
  const SuiteResults results = read_suite_results(tmp.path());
  ASSERT_EQ(results.runs.size(), 1u);
  const SuiteRun& run = results.runs[0];
  EXPECT_EQ(run.transfer.transfer_init, TransferInit::kMatchedStatistics);
  EXPECT_TRUE(run.transfer.compute_matched);
  ASSERT_TRUE(run.landscape.top_eigenvalue.has_value());
  EXPECT_DOUBLE_EQ(*run.landscape.top_eigenvalue, 12.5);
  ASSERT_TRUE(run.landscape.relative_distance.has_value());
  EXPECT_DOUBLE_EQ(*run.landscape.relative_distance, 0.5);
  EXPECT_FALSE(run.metrics[0].val_loss.has_value());
  ASSERT_TRUE(run.probe.has_value());
  EXPECT_EQ(run.probe->source_network, 0.7);
  EXPECT_EQ(run.probe->random_network, 0.3);
  EXPECT_FALSE(run.probe->conv1_only.has_value());  // not probed by this run
}

TEST(ReportReader, SummaryWithoutTargetFiguresIsAnIoErrorNamingTheFile) {
  testing::TempDir tmp("tl_boost_report_reader");
  const SuiteLayout layout(tmp.path());
  write_manifest(layout.manifest(), {"broken", {0}, 0.05, 0.02, {"scratch"}});
  write_text(
      layout.run("scratch", 0).summary(),
      json({{"status", "completed"}, {"config", {{"data", json::object()}}}, {"stages", json::object()}}).dump());
  try {
    read_suite_results(tmp.path());
    FAIL() << "no error for a summary without a target stage";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find(layout.run("scratch", 0).summary().string()), std::string::npos) << e.what();
  }
}

TEST(ReportReader, ReadsAnInterpolationByColumnName) {
  testing::TempDir tmp("tl_boost_report_reader");
  write_text(tmp / "i.csv", "alpha,test_acc,train_loss,train_acc,test_loss\n0,0.8,0.1,0.99,0.6\n0.5,0.5,1.5,0.6,1.7\n1,0.81,0.2,0.98,0.5\n");
  const InterpolationCurve c = read_interpolation_csv(tmp / "i.csv");
  EXPECT_EQ(c.alpha, (std::vector<double>{0, 0.5, 1}));
  EXPECT_EQ(c.train_loss, (std::vector<double>{0.1, 1.5, 0.2}));
  EXPECT_EQ(c.test_acc, (std::vector<double>{0.8, 0.5, 0.81}));
  write_text(tmp / "short.csv", "alpha,train_loss,train_acc,test_loss,test_acc\n0,0.1,0.9\n");
  EXPECT_THROW(read_interpolation_csv(tmp / "short.csv"), IoError);
  EXPECT_THROW(read_interpolation_csv(tmp / "none.csv"), IoError);
}

TEST(ReportReader, ATruncatedInterpolationIsRefusedNamingTheFileAndHowToWriteItAgain) {
  testing::TempDir tmp("tl_boost_report_reader");
  const std::string whole = "alpha,train_loss,train_acc,test_loss,test_acc\n0,0.1,0.99,0.6,0.8\n"
                            "0.5,1.5,0.6,1.7,0.5\n1,0.2,0.98,0.5,0.81\n";
  const std::string header = whole.substr(0, whole.find('\n') + 1);
  const std::vector<std::pair<std::string, std::string>> cuts{
      {whole.substr(0, whole.size() - 3), "the last one cut short"},            // inside the last number
      {whole.substr(0, whole.rfind("1,0.2")), "found 2 point(s) ending at alpha 0.5"},  // at a row's end
      {whole.substr(0, whole.find("0.5,1.5") + 9), ":3: expected 5 columns, found 3"},  // inside a row
      {header, "found 0 point(s)"},
      {"", "expected a column 'alpha'"},
  };
  for (const auto& [text, expected] : cuts) {
    write_text(tmp / "cut.csv", text);
    try {
      read_interpolation_csv(tmp / "cut.csv");
      ADD_FAILURE() << "no error for\n" << text;
    } catch (const IoError& e) {
      EXPECT_EQ(std::string(e.what()).rfind((tmp / "cut.csv").string() + ":", 0), 0u) << e.what();
      EXPECT_NE(std::string(e.what()).find(expected), std::string::npos) << e.what();
    }
  }
}

TEST(ReportReader, ReadsTheInterpolationsTheSuiteWroteBetweenProtocolsAndBetweenSeeds) {
  testing::TempDir tmp("tl_boost_report_reader");
  const SuiteLayout layout(tmp.path());
  write_manifest(layout.manifest(), {"interpolated", {0, 1}, 0.05, 0.02, {"t", "n"}});
  const std::string csv = "alpha,train_loss,train_acc,test_loss,test_acc\n0,0.1,0.99,0.6,0.8\n1,0.2,0.98,0.5,0.81\n";
  write_text(layout.interpolation("", "t", "n", 1, 1), csv);  // two protocols, one seed
  write_text(layout.interpolation("", "n", "n", 0, 1), csv);  // two seeds, one protocol
  write_text(layout.interpolation("", "t", "n", 0, 1), csv);  // not a pair the suite writes: ignored
  const SuiteResults results = read_suite_results(tmp.path());
  ASSERT_EQ(results.interpolations.size(), 2u);
  EXPECT_EQ(results.interpolations[0].a, "t");
  EXPECT_EQ(results.interpolations[0].b, "n");
  EXPECT_EQ(results.interpolations[0].seed_a, 1u);
  EXPECT_EQ(results.interpolations[1].a, "n");
  EXPECT_EQ(results.interpolations[1].seed_b, 1u);
  EXPECT_EQ(results.interpolations[1].curve.train_loss, (std::vector<double>{0.1, 0.2}));
}

}  // namespace
}  // namespace tl_boost
