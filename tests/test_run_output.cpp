#include "tl_boost/run_output.hpp"

#include <fstream>
#include <random>
#include <sstream>

#include <gtest/gtest.h>

#include "tl_boost/error.hpp"

namespace tl_boost {
namespace {

namespace fs = std::filesystem;

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class RunOutputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("tl_boost_output_" + std::to_string(std::random_device{}()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

EpochMetrics metrics(int epoch, double val_acc) {
  EpochMetrics m;
  m.epoch = epoch;
  m.train_loss = 0.5;
  m.train_acc = 0.8;
  m.val_loss = 0.7;
  m.val_acc = val_acc;
  m.lr = 0.01;
  m.seconds = 1.25;
  return m;
}

TEST_F(RunOutputTest, MetricsRowsFollowTheHeader) {
  EXPECT_EQ(format_metrics_row("source", metrics(3, 0.75)), "source,3,0.500000,0.800000,0.700000,0.750000,0.01,1.250");
  {
    MetricsCsvWriter csv(dir_ / "metrics.csv");
    csv.append("source", metrics(1, 0.5));
    // Each line is on disk as soon as it is appended.
    EXPECT_EQ(read_text(dir_ / "metrics.csv"),
              std::string(MetricsCsvWriter::kHeader) + "\n" + format_metrics_row("source", metrics(1, 0.5)) + "\n");
    csv.append("target", metrics(1, 0.6));
  }
  const auto text = read_text(dir_ / "metrics.csv");
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 3);
  EXPECT_EQ(text.find(MetricsCsvWriter::kHeader), 0u);
  EXPECT_EQ(text.rfind(MetricsCsvWriter::kHeader), 0u);
}

TEST_F(RunOutputTest, AtomicWriteLeavesOnlyTheFinishedFile) {
  write_file_atomic(dir_ / "summary.json", "{\"a\": 1}\n");
  write_file_atomic(dir_ / "summary.json", "{\"a\": 2}\n");
  EXPECT_EQ(read_text(dir_ / "summary.json"), "{\"a\": 2}\n");
  EXPECT_FALSE(fs::exists(dir_ / "summary.json.tmp"));
  EXPECT_THROW(write_file_atomic(dir_ / "missing" / "x.json", "x"), IoError);
}

TEST_F(RunOutputTest, ExistingRunIsRefusedUnlessForced) {
  const auto run = run_directory(dir_, "transferred", 3);
  EXPECT_EQ(run, dir_ / "transferred" / "seed-3");
  prepare_run_directory(run, false);
  EXPECT_TRUE(fs::is_directory(run));
  std::ofstream(run / "metrics.csv") << "old";
  EXPECT_THROW(prepare_run_directory(run, false), IoError);
  prepare_run_directory(run, true);
  EXPECT_FALSE(fs::exists(run / "metrics.csv"));
}

TEST_F(RunOutputTest, SummaryHoldsEveryStageFigure) {
  ExperimentConfig config;
  config.name = "transferred";
  config.seed = 4;
  config.target_classes = {"horse", "cat"};
  StageResult stage;
  stage.plan.name = "target";
  stage.plan.classes = config.target_classes;
  stage.plan.epochs = 3;
  stage.epochs = {metrics(1, 0.5), metrics(2, 0.7), metrics(3, 0.6)};
  stage.test = {0.9, 0.66, 2000};
  stage.seconds = 12.0;
  RunResult result{{stage}, 13.0};
  RunEnvironment env;
  env.device = "cpu";
  env.threads = 2;
  const auto s = make_summary(config, result, env);
  const auto& t = s["stages"]["target"];
  EXPECT_EQ(s["seed"], 4);
  EXPECT_EQ(s["status"], "completed");
  EXPECT_DOUBLE_EQ(t["final_val_acc"].get<double>(), 0.6);
  EXPECT_DOUBLE_EQ(t["best_val_acc"].get<double>(), 0.7);
  EXPECT_EQ(t["best_val_epoch"], 2);
  EXPECT_DOUBLE_EQ(t["test_acc"].get<double>(), 0.66);
  EXPECT_DOUBLE_EQ(t["test_loss"].get<double>(), 0.9);
  EXPECT_DOUBLE_EQ(t["train_val_gap"].get<double>(), 0.8 - 0.6);
  EXPECT_EQ(s["environment"]["threads"], 2);
  EXPECT_EQ(s["config"]["name"], "transferred");
}

}  // namespace
}  // namespace tl_boost
