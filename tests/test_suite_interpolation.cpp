#include "tl_boost/suite/interpolation.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "lock_probe.hpp"
#include "log_capture.hpp"
#include "suite_fixture.hpp"
#include "tl_boost/error.hpp"
#include "tl_boost/file_lock.hpp"
#include "tl_boost/protocol.hpp"
#include "tl_boost/report_reader.hpp"
#include "tl_boost/run_output.hpp"
#include "tl_boost/stage_data.hpp"

namespace tl_boost {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path kConfigs = testing::configs_dir();

// A suite's interpolations, written once both target runs have trained.
class SuiteInterpolationTest : public testing::SuiteFixture {
 protected:
  // Scratch against scratch at another learning rate, one seed, one interpolation.
  Suite scratch_pair_suite() const {
    const fs::path file = tmp_.path() / "interpolation.json";
    std::ofstream(file) << R"({"name": "interp", "protocols": [")" << (kConfigs / "scratch.json").string()
                        << R"(", {"config": ")" << (kConfigs / "scratch.json").string()
                        << R"(", "name": "scratch_lr", "set": ["train.lr=0.02"]}],
                              "interpolation": {"pairs": [["scratch", "scratch_lr"]], "points": 2, "subset": 8}})";
    return Suite(load_suite_config(file), {0}, testing::tiny_settings(), tmp_.path());
  }
};

// Fields of a CSV line.
std::vector<double> csv_numbers(const std::string& line) {
  std::vector<double> numbers;
  std::stringstream in(line);
  for (std::string field; std::getline(in, field, ',');) numbers.push_back(std::stod(field));
  return numbers;
}

TEST_F(SuiteInterpolationTest, InterpolationWritesACsvPerPairAndSeedPairAndARerunRecomputesNothing) {
  const fs::path file = tmp_.path() / "interpolation.json";
  std::ofstream(file) << R"({"name": "interp", "protocols": [")" << (kConfigs / "transferred.json").string() << R"(", ")"
                      << (kConfigs / "non_transferred.json").string()
                      << R"("], "interpolation": {"pairs": [["transferred", "non_transferred"]], "seeds": true,
                            "points": 3, "subset": 40}})";
  const Suite suite(load_suite_config(file), {0, 1}, testing::tiny_settings(), tmp_.path());
  ASSERT_EQ(suite.interpolations().size(), 4u);  // two seeds of the pair, one seed pair of each protocol
  run_suite(suite, {1, 1}, invocation(), session_);
  for (const InterpolationJob& job : suite.interpolations()) {
    std::ifstream in(suite.interpolation_csv(job));
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    ASSERT_EQ(lines.size(), 4u) << suite.interpolation_csv(job);
    EXPECT_EQ(lines[0], "alpha,train_loss,train_acc,test_loss,test_acc");
    const auto first = csv_numbers(lines[1]), middle = csv_numbers(lines[2]), last = csv_numbers(lines[3]);
    EXPECT_EQ(first[0], 0.0);
    EXPECT_EQ(middle[0], 0.5);
    EXPECT_EQ(last[0], 1.0);
    // The ends are the two final networks: on b's test split they score what b's summary says,
    // and so does a when both runs share a seed (the same data).
    const json b = read_json_file(suite.layout().run(job.protocol_b, job.seed_b).summary());
    EXPECT_NEAR(last[3], b["stages"]["target"]["test_loss"].get<double>(), 1e-5);
    EXPECT_NEAR(last[4], b["stages"]["target"]["test_acc"].get<double>(), 1e-6);
    if (job.seed_a == job.seed_b) {
      const json a = read_json_file(suite.layout().run(job.protocol_a, job.seed_a).summary());
      EXPECT_NEAR(first[3], a["stages"]["target"]["test_loss"].get<double>(), 1e-5);
    }
  }
  // A rerun finds every CSV written and neither opens the dataset nor rewrites one.
  const fs::path marked = suite.interpolation_csv(suite.interpolations().front());
  std::ofstream(marked) << "kept\n";
  sessions_opened_ = 0;
  run_suite(suite, {1, 1}, invocation(), session_);
  EXPECT_EQ(sessions_opened_, 0);
  std::ifstream in(marked);
  std::string kept;
  std::getline(in, kept);
  EXPECT_EQ(kept, "kept");
  // A deleted CSV is the one written again.
  fs::remove(suite.interpolation_csv(suite.interpolations().back()));
  EXPECT_EQ(run_interpolations(suite, session_.open), 1u);
}

TEST_F(SuiteInterpolationTest, AnInterpolationThatCannotBeWrittenNamesItsPathAndTheRerunWritesIt) {
  const Suite suite = scratch_pair_suite();
  ASSERT_EQ(suite.interpolations().size(), 1u);
  const fs::path csv = suite.interpolation_csv(suite.interpolations().front());
  const auto io_error = [&] {
    try {
      run_suite(suite, {1, 1}, invocation(), session_);
    } catch (const IoError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  // A file where the interpolation directory goes, then a directory where the CSV goes.
  fs::create_directories(suite.layout().root());
  std::ofstream(suite.layout().interpolations()) << "in the way";
  EXPECT_EQ(io_error().rfind(suite.layout().interpolations().string() + ": cannot create: ", 0), 0u);
  fs::remove(suite.layout().interpolations());
  fs::create_directories(csv);
  EXPECT_EQ(io_error().rfind(csv.string() + ": cannot rename the finished file into place: ", 0), 0u);
  fs::remove(csv);
  // The runs were kept: the rerun only interpolates.
  const testing::LogCapture log;
  run_suite(suite, {1, 1}, invocation(), session_);
  EXPECT_TRUE(fs::is_regular_file(csv));
  EXPECT_EQ(log.text().find(" epoch "), std::string::npos) << log.text();
}

// A run copied from a results directory is complete without its weights: the suite would not
// train it again, so it stops before its first unit, naming the run and the fix.
TEST_F(SuiteInterpolationTest, ACompleteRunWithoutItsFinalWeightsStopsTheSuiteBeforeItsFirstUnit) {
  const Suite suite = scratch_pair_suite();
  run_suite(suite, {1, 1}, invocation(), session_);
  const RunLayout copied = suite.layout().run("scratch", 0), pending = suite.layout().run("scratch_lr", 0);
  fs::remove(suite.interpolation_csv(suite.interpolations().front()));
  ASSERT_TRUE(fs::remove(copied.stage_weights(Stage::kTarget)));
  fs::remove_all(pending.dir());
  try {
    run_suite(suite, {1, 1}, invocation(), session_);
    FAIL() << "no error for a complete run without its weights";
  } catch (const ConfigError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(copied.dir().string() + " is complete but keeps no final weights (expected " +
                        copied.stage_weights(Stage::kTarget).string() + ")"),
              std::string::npos)
        << what;
    EXPECT_NE(what.find("or delete " + copied.dir().string() + " to train it again"), std::string::npos) << what;
  }
  EXPECT_FALSE(fs::exists(pending.summary())) << "a unit trained before the check";
  // Deleting the run, as the message says, trains it again and writes the interpolation.
  fs::remove_all(copied.dir());
  run_suite(suite, {1, 1}, invocation(), session_);
  EXPECT_TRUE(fs::is_regular_file(suite.interpolation_csv(suite.interpolations().front())));
}

TEST_F(SuiteInterpolationTest, ASecondProcessWaitsForTheInterpolationsOfTheFirstAndWritesNone) {
  const Suite suite = scratch_pair_suite();
  for (const auto& unit : suite.units()) suite.run_unit(unit, testing::synthetic_session(), "");
  const fs::path csv = suite.interpolation_csv(suite.interpolations().front());
  // The other process holds the lock, and writes the CSV only once this one waits for it.
  const testing::Pipe held;
  const pid_t other = ::fork();
  ASSERT_GE(other, 0);
  if (other == 0) {
    const FileLock lock(suite.layout().interpolation_lock());
    held.send();
    const bool blocked = testing::wait_until_blocked(suite.layout().interpolation_lock());
    fs::create_directories(csv.parent_path());
    std::ofstream(csv) << "written by the other process\n";
    ::_exit(blocked ? 0 : 1);
  }
  ASSERT_TRUE(held.receive());
  EXPECT_EQ(run_interpolations(suite, session_.open), 0u);
  int status = 0;
  ::waitpid(other, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "this process never waited for the lock";
  std::ifstream in(csv);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "written by the other process");
  EXPECT_EQ(sessions_opened_, 0);
}

TEST_F(SuiteInterpolationTest, AnInterpolationPairNamingNoProtocolNamesTheSuiteFileAndPointer) {
  const fs::path file = tmp_.path() / "pairs.json";
  std::ofstream(file) << R"({"protocols": [")" << (kConfigs / "scratch.json").string()
                      << R"("], "interpolation": {"pairs": [["scratch", "scratch_lr"]]}})";
  try {
    const Suite suite(load_suite_config(file), {0}, testing::tiny_settings(), tmp_.path());
    FAIL() << "no error for a pair naming no protocol";
  } catch (const ConfigError& e) {
    EXPECT_EQ(std::string(e.what()).rfind(file.string() + ": /interpolation/pairs/0/1: no protocol named 'scratch_lr'", 0), 0u)
        << e.what();
  }
}

// Neyshabur et al. 2020's twin: transferred_twin shares transferred's source unit and data split,
// but fine-tunes from another initialisation and batch order, and the suite interpolates the two.
TEST_F(SuiteInterpolationTest, ATwinFineTunesTheSameSourceNetworkOnTheSameSplitFromAnotherTargetStage) {
  const fs::path file = tmp_.path() / "twin.json";
  std::ofstream(file) << R"({"name": "twin", "protocols": [")" << (kConfigs / "transferred.json").string() << R"(", ")"
                      << (kConfigs / "transferred_twin.json").string()
                      << R"("], "interpolation": {"pairs": [["transferred", "transferred_twin"]], "points": 3,
                            "subset": 40}})";
  const Suite suite(load_suite_config(file), {0}, testing::tiny_settings(), tmp_.path());
  std::set<std::string> source_keys;
  for (const auto& unit : suite.units()) source_keys.insert(unit.source_key);
  source_keys.erase("");
  EXPECT_EQ(source_keys.size(), 1u);
  ASSERT_EQ(suite.interpolations().size(), 1u);
  run_suite(suite, {1, 1}, invocation(), session_);

  const ExperimentConfig& original = suite.config_of("", 0, 0);
  const ExperimentConfig& twin = suite.config_of("", 1, 0);
  const Cifar10& data = testing::synthetic_session().data;
  const StageData a =
      make_stage_data(data, original.target_classes, stage_data_options(original, Stage::kTarget), torch::kCPU);
  const StageData b =
      make_stage_data(data, twin.target_classes, stage_data_options(twin, Stage::kTarget), torch::kCPU);
  EXPECT_TRUE(torch::equal(a.validation.images, b.validation.images));  // the same hold-out
  EXPECT_TRUE(torch::equal(a.train.images, b.train.images));

  const auto rows = [&](const std::string& protocol, Stage stage) {
    std::vector<MetricsRow> out;
    for (const auto& row : read_metrics_rows(suite.layout().run(protocol, 0).metrics())) {
      if (row.stage == stage) out.push_back(row);
    }
    return out;
  };
  const auto source = rows("transferred", Stage::kSource), twin_source = rows("transferred_twin", Stage::kSource);
  ASSERT_EQ(source.size(), twin_source.size());
  for (std::size_t i = 0; i < source.size(); ++i) EXPECT_EQ(source[i].train_loss, twin_source[i].train_loss);
  EXPECT_NE(rows("transferred", Stage::kTarget).front().train_loss,
            rows("transferred_twin", Stage::kTarget).front().train_loss);  // another target stage
  std::ifstream in(suite.interpolation_csv(suite.interpolations().front()));
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_NE(csv_numbers(lines[1])[1], csv_numbers(lines[3])[1]);  // two different final networks
}

}  // namespace
}  // namespace tl_boost
