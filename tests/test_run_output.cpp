#include "tl_boost/run_output.hpp"

#include <fstream>
#include <sstream>

#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "epoch_metrics.hpp"

#include "temp_dir.hpp"

#include "tl_boost/error.hpp"
#include "tl_boost/layout.hpp"

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

class RunOutputTest : public ::testing::Test {
 protected:
  testing::TempDir tmp_{"tl_boost_output"};
  const fs::path& dir_ = tmp_.path();
};

const auto metrics = &testing::epoch_metrics;

TEST_F(RunOutputTest, MetricsRowsFollowTheHeader) {
  EXPECT_EQ(format_metrics_row(Stage::kSource, metrics(3, 0.75)),
            "source,3,0.500000,0.800000,0.700000,0.750000,0.01,1.250");
  {
    MetricsCsvWriter csv(dir_ / "metrics.csv");
    csv.append(Stage::kSource, metrics(1, 0.5));
    // Each line is on disk as soon as it is appended.
    EXPECT_EQ(read_text(dir_ / "metrics.csv"),
              std::string(MetricsCsvWriter::kHeader) + "\n" + format_metrics_row(Stage::kSource, metrics(1, 0.5)) +
                  "\n");
    csv.append(Stage::kTarget, metrics(1, 0.6));
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
  EXPECT_FALSE(fs::exists(atomic_temporary(dir_ / "summary.json")));
  EXPECT_THROW(write_file_atomic(dir_ / "missing" / "x.json", "x"), IoError);
}

// Two processes writing one file at once (two suite commands writing suite.json): each finishes
// every write, and the file is always one of theirs, whole.
TEST_F(RunOutputTest, TwoProcessesWritingOneFileAtOnceBothSucceed) {
  const fs::path path = dir_ / "suite.json";
  const std::string contents[] = {std::string(1 << 15, 'a') + "\n", std::string(1 << 14, 'b') + "\n"};
  std::vector<pid_t> writers;
  for (const std::string& content : contents) {
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      try {
        for (int i = 0; i < 300; ++i) write_file_atomic(path, content);
      } catch (const IoError&) {
        ::_exit(4);
      }
      ::_exit(0);
    }
    writers.push_back(pid);
  }
  for (const pid_t pid : writers) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "a writer failed: " << status;
  }
  const std::string left = read_text(path);
  EXPECT_TRUE(left == contents[0] || left == contents[1]) << left.size() << " bytes";
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 1) << "a temporary file was left";
}

TEST_F(RunOutputTest, FullDiskIsAnIoErrorAndLeavesNoFile) {
  // /dev/full answers every write with ENOSPC.
  fs::create_symlink("/dev/full", atomic_temporary(dir_ / "summary.json"));
  EXPECT_THROW(write_file_atomic(dir_ / "summary.json", std::string(1 << 16, 'x')), IoError);
  EXPECT_FALSE(fs::exists(dir_ / "summary.json"));
  EXPECT_THROW(MetricsCsvWriter("/dev/full"), IoError);
}

TEST_F(RunOutputTest, JsonFilesAreReadOrRefusedWithTheirPath) {
  write_file_atomic(dir_ / "good.json", R"({"a": [1, 2]})");
  EXPECT_EQ(read_json_file(dir_ / "good.json"), json({{"a", {1, 2}}}));
  const auto message_of = [](const fs::path& path) {
    try {
      read_json_file(path);
    } catch (const IoError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  const std::string missing = message_of(dir_ / "missing.json");
  EXPECT_NE(missing.find((dir_ / "missing.json").string() + ": cannot read"), std::string::npos) << missing;
  write_file_atomic(dir_ / "torn.json", R"({"a": [1, )");
  const std::string torn = message_of(dir_ / "torn.json");
  EXPECT_NE(torn.find((dir_ / "torn.json").string() + ": expected JSON"), std::string::npos) << torn;
}

TEST_F(RunOutputTest, ExistingRunIsRefusedUnlessForced) {
  const auto run = RunLayout::under(dir_, "transferred", 3).dir();
  EXPECT_EQ(run, dir_ / "transferred" / "seed-3");
  prepare_run_directory(run, false);
  EXPECT_TRUE(fs::is_directory(run));
  std::ofstream(run / "metrics.csv") << "old";
  EXPECT_THROW(prepare_run_directory(run, false), IoError);
  prepare_run_directory(run, true);
  EXPECT_FALSE(fs::exists(run / "metrics.csv"));
}

TEST_F(RunOutputTest, CommandJsonKeepsTheArgumentsAndOverridesInOrder) {
  const RunCommand command{{"tl-boost", "run", "configs/scratch.json", "--set", "train.lr=0.05", "--seed", "3"},
                           {"train.lr=0.05", "seed=3"},
                           "/home/me/tl-boost"};
  EXPECT_EQ(command_json(command), json::parse(R"({
    "argv": ["tl-boost", "run", "configs/scratch.json", "--set", "train.lr=0.05", "--seed", "3"],
    "overrides": ["train.lr=0.05", "seed=3"],
    "cwd": "/home/me/tl-boost"})"));
}

TEST_F(RunOutputTest, SummaryHoldsEveryStageFigure) {
  ExperimentConfig config;
  config.name = "transferred";
  config.seed = 4;
  config.target_classes = {"horse", "cat"};
  StageResult stage;
  stage.plan.stage = Stage::kTarget;
  stage.plan.classes = config.target_classes;
  stage.plan.epochs = 3;
  stage.epochs = {metrics(1, 0.5), metrics(2, 0.7), metrics(3, 0.6)};
  stage.test = {0.9, 0.66, 2000};
  stage.seconds = 12.0;
  RunResult result;
  result.stages = {stage};
  result.seconds = 13.0;
  RunEnvironment env;
  env.device = "cpu";
  env.threads = 2;
  env.data_fingerprint = "0123456789abcdef";
  EXPECT_FALSE(make_summary(config, result, env).contains("probe"));
  ProbeResult probe;
  probe.classes = {"airplane", "ship"};
  probe.epochs = 10;
  probe.test = {0.4, 0.875, 2000};
  probe.standardized = true;
  probe.references["random_network"] = {{0.9, 0.5, 100}, {1.0, 0.45, 20}, {1.1, 0.4, 2000}};
  result.probe = probe;
  const auto s = make_summary(config, result, env);
  EXPECT_DOUBLE_EQ(s["probe"]["test_acc"].get<double>(), 0.875);
  EXPECT_EQ(s["probe"]["classes"], nlohmann::json({"airplane", "ship"}));
  EXPECT_EQ(s["probe"]["standardized"], true);
  EXPECT_EQ(s["probe"]["random_network"],
            nlohmann::json({{"test_acc", 0.4}, {"test_loss", 1.1}, {"train_acc", 0.5}, {"val_acc", 0.45}}));
  EXPECT_FALSE(s["probe"].contains("source_network"));
  EXPECT_EQ(s["environment"]["data_fingerprint"], "0123456789abcdef");
  EXPECT_FALSE(s["environment"].contains("data_source"));  // not recorded: no key
  env.data_source = DataSource{"c32a", "ab12", true};
  const auto recorded = make_summary(config, result, env)["environment"]["data_source"];
  EXPECT_EQ(recorded["tarball_md5"], "c32a");
  EXPECT_EQ(recorded["tarball_sha256"], "ab12");
  EXPECT_EQ(recorded["official"], true);
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

TEST_F(RunOutputTest, CsvOfAResumedRunKeepsOnlyCheckpointedRows) {
  {
    MetricsCsvWriter csv(dir_ / "metrics.csv");
    csv.append(Stage::kSource, metrics(1, 0.5));
    csv.append(Stage::kSource, metrics(2, 0.6));
  }
  // A crash after row 2 was written but before its checkpoint: resume from 1 row.
  {
    MetricsCsvWriter csv(dir_ / "metrics.csv", 1);
    csv.append(Stage::kSource, metrics(2, 0.65));
  }
  const auto text = read_text(dir_ / "metrics.csv");
  EXPECT_EQ(text, std::string(MetricsCsvWriter::kHeader) + "\n" + format_metrics_row(Stage::kSource, metrics(1, 0.5)) +
                      "\n" + format_metrics_row(Stage::kSource, metrics(2, 0.65)) + "\n");
  EXPECT_THROW(MetricsCsvWriter(dir_ / "metrics.csv", 5), IoError);
  EXPECT_THROW(MetricsCsvWriter(dir_ / "absent.csv", 0), IoError);
}

TEST_F(RunOutputTest, DataSourceIsReadFromTheDataDirectoryOrAbsent) {
  const auto dir = dir_ / "cifar";
  std::filesystem::create_directories(dir);
  EXPECT_FALSE(read_data_source(dir).has_value());
  write_file_atomic(data_source_file(dir),
                    R"({"tarball_md5": "c32a1d4ab5d03f1284b67883e8d87530", "tarball_sha256": "ff", "official": true})");
  const auto source = read_data_source(dir);
  ASSERT_TRUE(source.has_value());
  EXPECT_EQ(*source, (DataSource{"c32a1d4ab5d03f1284b67883e8d87530", "ff", true}));
  write_file_atomic(data_source_file(dir), R"({"tarball_md5": "c32a"})");
  try {
    read_data_source(dir);
    FAIL() << "a SOURCE.json without its fields was accepted";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find("SOURCE.json"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace tl_boost
