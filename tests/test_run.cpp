#include "tl_boost/run.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <memory>
#include <sstream>

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include "log_capture.hpp"
#include "synthetic_session.hpp"
#include "temp_dir.hpp"
#include "tl_boost/error.hpp"
#include "tl_boost/protocol.hpp"
#include "tl_boost/run_output.hpp"
#include "tl_boost/run_recorder.hpp"
#include "tl_boost/splits.hpp"
#include "test_paths.hpp"

namespace tl_boost {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path kConfigs = fs::path(tl_boost_test::source_dir()) / "configs";

ExperimentConfig tiny(const std::string& file, std::vector<std::string> extra = {}) {
  std::vector<std::string> overrides = testing::tiny_settings();
  overrides.insert(overrides.end(), extra.begin(), extra.end());
  return load_config(kConfigs / file, overrides);
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// metrics.csv without the seconds column, which is the only thing that differs between two runs.
std::string metrics_without_seconds(const fs::path& path) {
  std::ifstream in(path);
  std::string out;
  for (std::string line; std::getline(in, line);) out += line.substr(0, line.rfind(',')) + "\n";
  return out;
}

// A run directory with its config, as execute_run enters it, for a run_protocol the test drives.
void enter_directory(const RunTarget& t, const ExperimentConfig& config) {
  prepare_run_directory(t.layout.dir(), false);
  write_file_atomic(t.layout.config(), to_json(config).dump(2) + "\n");
}

class RunTest : public ::testing::Test {
 protected:
  testing::TempDir tmp_{"tl_boost_run"};
  const Session& session_ = testing::synthetic_session();
  RunTarget target(const std::string& name, RunEntry entry = RunEntry::kNew) const {
    return {RunLayout(tmp_ / name), entry, "tl-boost run x.json", std::nullopt};
  }
};

TEST_F(RunTest, FreshRunWritesConfigMetricsSummaryAndStageWeightsAndLeavesNoCheckpoint) {
  const ExperimentConfig config = tiny("transferred.json");
  const RunTarget t = target("fresh");
  EXPECT_EQ(execute_run(config, t, session_), RunOutcome::kTrained);
  const RunLayout& run = t.layout;
  EXPECT_EQ(read_json_file(run.config()), to_json(config));
  EXPECT_EQ(metrics_without_seconds(run.metrics()).find("stage,epoch"), 0u);
  std::ifstream csv(run.metrics());
  std::size_t lines = 0;
  for (std::string line; std::getline(csv, line);) ++lines;
  EXPECT_EQ(lines, 1u + 1 + 2);  // header, one source epoch, two target epochs
  const json summary = read_json_file(run.summary());
  EXPECT_EQ(summary["status"], "completed");
  EXPECT_EQ(summary["environment"]["data_fingerprint"], "synthetic");
  ASSERT_TRUE(summary.contains("probe"));
  EXPECT_EQ(summary["probe"]["standardized"], true);
  for (const char* reference : {"source_network", "random_network", "conv1_only"}) {
    ASSERT_TRUE(summary["probe"].contains(reference)) << reference;
    for (const char* field : {"test_acc", "test_loss", "train_acc", "val_acc"}) {
      EXPECT_TRUE(summary["probe"][reference][field].is_number()) << reference << " " << field;
    }
  }
  EXPECT_TRUE(fs::exists(run.stage_weights(Stage::kSource)));
  EXPECT_TRUE(fs::exists(run.stage_weights(Stage::kTarget)));
  EXPECT_FALSE(fs::exists(run.checkpoint()));
  for (const auto& entry : fs::directory_iterator(run.dir())) {
    EXPECT_EQ(entry.path().filename().string().rfind("checkpoint-", 0), std::string::npos) << entry.path();
  }
  EXPECT_EQ(inspect_run(run, config).state, RunState::kComplete);
}

TEST_F(RunTest, NewRunRefusesADirectoryHoldingARunAndReplaceStartsItOver) {
  const ExperimentConfig config = tiny("scratch.json");
  execute_run(config, target("again"), session_);
  EXPECT_THROW(execute_run(config, target("again"), session_), IoError);
  std::ofstream(tmp_ / "again" / "notes.txt") << "mine";
  EXPECT_EQ(execute_run(config, target("again", RunEntry::kReplace), session_), RunOutcome::kTrained);
  EXPECT_TRUE(fs::exists(tmp_ / "again" / "notes.txt"));  // only the run's own files are replaced
}

TEST_F(RunTest, ResumingACompleteRunChangesNothing) {
  const ExperimentConfig config = tiny("scratch.json");
  const RunTarget t = target("complete", RunEntry::kResume);
  execute_run(config, t, session_);
  const std::string summary = read_text(t.layout.summary());
  EXPECT_EQ(execute_run(config, t, session_), RunOutcome::kAlreadyComplete);
  EXPECT_EQ(read_text(t.layout.summary()), summary);
}

TEST_F(RunTest, ResumingAFinishedRunWhoseSummaryWasDeletedWarnsThatItStartsOver) {
  const ExperimentConfig config = tiny("scratch.json");
  const RunTarget t = target("lost-summary", RunEntry::kResume);
  execute_run(config, t, session_);
  const std::string metrics = metrics_without_seconds(t.layout.metrics());
  fs::remove(t.layout.summary());

  const testing::LogCapture log;
  EXPECT_EQ(execute_run(config, t, session_), RunOutcome::kTrained);
  EXPECT_NE(log.text().find(t.layout.summary().string() + " is missing"), std::string::npos) << log.text();
  EXPECT_NE(log.text().find("starts over from epoch 1"), std::string::npos) << log.text();
  EXPECT_EQ(read_json_file(t.layout.summary())["status"], "completed");
  EXPECT_EQ(metrics_without_seconds(t.layout.metrics()), metrics);  // trained again, not appended to
}

TEST_F(RunTest, ResumingARunInterruptedBeforeItsFirstEpochGivesNoWarning) {
  const ExperimentConfig config = tiny("scratch.json");
  const RunTarget t = target("empty", RunEntry::kResume);
  fs::create_directories(t.layout.dir());
  const testing::LogCapture log;
  EXPECT_EQ(execute_run(config, t, session_), RunOutcome::kTrained);
  EXPECT_EQ(log.text().find("is missing"), std::string::npos) << log.text();
}

TEST_F(RunTest, ProbeAskedForAfterTheRunFinishedIsAddedWithoutRetraining) {
  const ExperimentConfig without = tiny("non_transferred.json", {"probe.classes=[]"});
  const RunTarget t = target("late_probe", RunEntry::kResume);
  execute_run(without, t, session_);
  EXPECT_FALSE(read_json_file(t.layout.summary()).contains("probe"));
  const std::string metrics = read_text(t.layout.metrics());

  const ExperimentConfig with = tiny("non_transferred.json");
  EXPECT_EQ(inspect_run(t.layout, with).state, RunState::kOwesMeasures);
  EXPECT_EQ(execute_run(with, t, session_), RunOutcome::kMeasuresAdded);
  EXPECT_TRUE(read_json_file(t.layout.summary()).contains("probe"));
  EXPECT_TRUE(read_json_file(t.layout.summary())["probe"].contains("source_network"));  // from the saved source.pt
  EXPECT_EQ(read_text(t.layout.metrics()), metrics);
  EXPECT_EQ(inspect_run(t.layout, with).state, RunState::kComplete);
}

// The controls run through the one protocol: the compute-matched scratch trains its target stage
// for source + target epochs (1 + 2 here) and probes no source network, having none; the
// weight-statistics controls train like the transfer they control for.
TEST_F(RunTest, ControlProtocolsRunWithTheirStagePlans) {
  const RunTarget matched = target("compute_matched");
  ASSERT_EQ(execute_run(tiny("scratch_compute_matched.json"), matched, session_), RunOutcome::kTrained);
  const json summary = read_json_file(matched.layout.summary());
  EXPECT_EQ(summary["stages"]["target"]["epochs"], 3) << summary["stages"]["target"].dump();
  EXPECT_FALSE(summary["probe"].contains("source_network"));
  EXPECT_TRUE(summary["probe"].contains("random_network"));
  const RunTarget taps = target("taps");
  ASSERT_EQ(execute_run(tiny("transferred_permuted_taps.json", {"probe.references=false", "probe.conv1_only=false"}),
                        taps, session_),
            RunOutcome::kTrained);
  const json taps_summary = read_json_file(taps.layout.summary());
  EXPECT_EQ(taps_summary["config"]["transfer_init"], "permuted_taps");
  EXPECT_FALSE(taps_summary["probe"].contains("random_network"));
  EXPECT_FALSE(taps_summary["probe"].contains("conv1_only"));
}

// The same measures: distances exactly, the sharpness up to the rounding of its sums.
void expect_same_landscape(const json& a, const json& b) {
  EXPECT_EQ(a["distance"], b["distance"]);
  const double top = b["sharpness"]["top_eigenvalue"].get<double>();
  EXPECT_NEAR(a["sharpness"]["top_eigenvalue"].get<double>(), top, 1e-6 * std::abs(top));
  EXPECT_EQ(a["sharpness"]["subset_size"], b["sharpness"]["subset_size"]);
}

const std::vector<std::string> kLandscapeOn{"landscape.distance=true", "landscape.sharpness=true",
                                            "landscape.sharpness_subset=32", "landscape.sharpness_iterations=8"};

TEST_F(RunTest, LandscapeMeasuresChangeNoTrainingAndFollowTheSummaryContract) {
  const RunTarget plain = target("plain"), measured = target("measured");
  execute_run(tiny("transferred.json"), plain, session_);
  execute_run(tiny("transferred.json", kLandscapeOn), measured, session_);
  EXPECT_EQ(metrics_without_seconds(measured.layout.metrics()), metrics_without_seconds(plain.layout.metrics()));
  const json summary = read_json_file(measured.layout.summary());
  EXPECT_FALSE(read_json_file(plain.layout.summary()).contains("landscape"));
  const json& distance = summary["landscape"]["distance"];
  for (const char* layer : {"conv1", "conv2", "fc"}) {
    const json& d = distance[layer];
    EXPECT_GT(d["absolute"].get<double>(), 0.0) << layer;  // nothing frozen: every layer trained
    EXPECT_GT(d["initial_norm"].get<double>(), 0.0) << layer;
    EXPECT_DOUBLE_EQ(d["relative"].get<double>(), d["absolute"].get<double>() / d["initial_norm"].get<double>());
  }
  const json& sharpness = summary["landscape"]["sharpness"];
  EXPECT_GT(sharpness["top_eigenvalue"].get<double>(), 0.0);
  EXPECT_EQ(sharpness["estimates"].size(), sharpness["iterations"].get<std::size_t>());
  EXPECT_EQ(sharpness["estimates"].back(), sharpness["top_eigenvalue"]);
  EXPECT_EQ(sharpness["subset_size"], 32);
  EXPECT_TRUE(sharpness["converged"].is_boolean());
  EXPECT_TRUE(sharpness["relative_change"].is_number());
}

TEST_F(RunTest, FrozenLayersTravelNoDistance) {
  const RunTarget t = target("frozen");
  execute_run(tiny("transferred.json", {"freeze_transferred=true", "landscape.distance=true"}), t, session_);
  const json distance = read_json_file(t.layout.summary())["landscape"]["distance"];
  EXPECT_EQ(distance["conv1"]["absolute"], 0.0);
  EXPECT_GT(distance["conv2"]["absolute"].get<double>(), 0.0);
}

TEST_F(RunTest, LandscapeAskedForAfterTheRunFinishedIsAddedFromTheRebuiltStartWithoutRetraining) {
  const RunTarget from_start = target("from_start");
  execute_run(tiny("transferred.json", kLandscapeOn), from_start, session_);
  const json expected = read_json_file(from_start.layout.summary())["landscape"];

  const RunTarget t = target("late_landscape", RunEntry::kResume);
  execute_run(tiny("transferred.json"), t, session_);
  const std::string metrics = read_text(t.layout.metrics());
  const ExperimentConfig distance = tiny("transferred.json", {"landscape.distance=true"});
  EXPECT_EQ(inspect_run(t.layout, distance).state, RunState::kOwesMeasures);
  EXPECT_EQ(execute_run(distance, t, session_), RunOutcome::kMeasuresAdded);
  EXPECT_EQ(read_json_file(t.layout.summary())["landscape"]["distance"], expected["distance"]);
  EXPECT_EQ(inspect_run(t.layout, distance).state, RunState::kComplete);
  // Sharpness added later still: the distance already there stays.
  const ExperimentConfig both = tiny("transferred.json", kLandscapeOn);
  EXPECT_EQ(execute_run(both, t, session_), RunOutcome::kMeasuresAdded);
  expect_same_landscape(read_json_file(t.layout.summary())["landscape"], expected);
  EXPECT_EQ(read_text(t.layout.metrics()), metrics);
}

// Stops the run, as a signal would, after the first epoch of the target stage is checkpointed.
class StopsInTheTargetStage : public RunRecorder {
 public:
  using RunRecorder::RunRecorder;
  void on_epoch(const StagePlan& stage, const EpochMetrics& metrics, ConvNet& net,
                torch::optim::Optimizer& optimizer) override {
    RunRecorder::on_epoch(stage, metrics, net, optimizer);
    if (stage.stage == Stage::kTarget) throw InterruptedError("stopped for the test", 15);
  }
};

TEST_F(RunTest, RunResumedInItsTargetStageMeasuresTheDistanceFromTheSameStart) {
  const ExperimentConfig config = tiny("transferred.json", kLandscapeOn);
  const RunTarget whole = target("whole_landscape");
  execute_run(config, whole, session_);

  const RunTarget resumed = target("resumed_landscape", RunEntry::kResume);
  enter_directory(resumed, config);
  {
    StopsInTheTargetStage recorder(resumed.layout, {}, false);
    EXPECT_THROW(run_protocol(config, session_.data, torch::kCPU, recorder), InterruptedError);
  }
  EXPECT_EQ(inspect_run(resumed.layout, config).state, RunState::kCheckpointed);
  EXPECT_EQ(execute_run(config, resumed, session_), RunOutcome::kTrained);
  expect_same_landscape(read_json_file(resumed.layout.summary())["landscape"],
                        read_json_file(whole.layout.summary())["landscape"]);
}

// A run stopped after its source stage (checkpoint.json lists it as completed) continues with the
// target stage and ends exactly where an uninterrupted run ends.
TEST_F(RunTest, RunResumedAfterItsSourceStageMatchesAnUninterruptedRun) {
  const ExperimentConfig config = tiny("transferred.json");
  const RunTarget whole = target("whole");
  execute_run(config, whole, session_);

  const RunTarget resumed = target("resumed", RunEntry::kResume);
  enter_directory(resumed, config);
  {
    RunRecorder recorder(resumed.layout, {}, false);
    run_protocol(config, session_.data, torch::kCPU, recorder, {}, 1);
  }
  EXPECT_EQ(inspect_run(resumed.layout, config).state, RunState::kCheckpointed);
  EXPECT_EQ(execute_run(config, resumed, session_), RunOutcome::kTrained);

  EXPECT_EQ(metrics_without_seconds(resumed.layout.metrics()), metrics_without_seconds(whole.layout.metrics()));
  json a = read_json_file(resumed.layout.summary()), b = read_json_file(whole.layout.summary());
  for (const auto& stage : {"source", "target"}) {
    EXPECT_EQ(a["stages"][stage]["test_acc"], b["stages"][stage]["test_acc"]) << stage;
    EXPECT_EQ(a["stages"][stage]["final_train_loss"], b["stages"][stage]["final_train_loss"]) << stage;
  }
  EXPECT_EQ(a["probe"]["test_acc"], b["probe"]["test_acc"]);
  EXPECT_FALSE(fs::exists(resumed.layout.checkpoint()));
}

TEST_F(RunTest, ResumeRefusesAnotherExperimentButNotAnotherThreadCountOrProbe) {
  const ExperimentConfig config = tiny("transferred.json");
  const RunTarget t = target("identity", RunEntry::kResume);
  enter_directory(t, config);
  {
    RunRecorder recorder(t.layout, {}, false);
    run_protocol(config, session_.data, torch::kCPU, recorder, {}, 1);
  }
  EXPECT_THROW(execute_run(tiny("transferred.json", {"train.lr=0.02"}), t, session_), ConfigError);
  EXPECT_EQ(inspect_run(t.layout, config).state, RunState::kCheckpointed);  // the refusal changed nothing
  EXPECT_EQ(execute_run(tiny("transferred.json", {"threads=2", "probe.epochs=2"}), t, session_), RunOutcome::kTrained);
}

TEST_F(RunTest, DivergingRunLeavesAFailedSummaryThatTheNextRunStartsOver) {
  const RunTarget t = target("diverges", RunEntry::kResume);
  EXPECT_THROW(execute_run(tiny("scratch.json", {"train.lr=1e12"}), t, session_), RunFailedError);
  const json summary = read_json_file(t.layout.summary());
  EXPECT_EQ(summary["status"], "failed");
  EXPECT_NE(summary["error"].get<std::string>().find("target stage"), std::string::npos) << summary["error"];
  const ExperimentConfig sane = tiny("scratch.json");
  EXPECT_EQ(inspect_run(t.layout, sane).state, RunState::kFailed);
  EXPECT_EQ(execute_run(sane, t, session_), RunOutcome::kTrained);
  EXPECT_EQ(inspect_run(t.layout, sane).state, RunState::kComplete);
}

// Each class of the synthetic data has 40 training records; asking for 50 uses those 40 and says so
// once, though the source stage, the target stage and the probe all draw on the classes.
TEST_F(RunTest, AMaxPerClassAboveWhatAClassHasIsReportedOnce) {
  std::ostringstream log;
  const auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(log);
  spdlog::default_logger()->sinks().push_back(sink);
  const ExperimentConfig config = tiny("transferred.json", {"data.max_per_class=50"});
  execute_run(config, target("short"), session_);
  auto& sinks = spdlog::default_logger()->sinks();
  sinks.erase(std::find(sinks.begin(), sinks.end(), sink));
  const std::string text = log.str();
  const std::string warning = "data.max_per_class asks for 50 training records per class, but ";
  ASSERT_NE(text.find(warning), std::string::npos) << text;
  EXPECT_EQ(text.find(warning, text.find(warning) + 1), std::string::npos) << "warned more than once:\n" << text;
  EXPECT_NE(text.find(std::string(kCifar10ClassNames[0]) + " has 40"), std::string::npos) << text;
  EXPECT_NE(text.find("each uses every record it has"), std::string::npos) << text;
}

}  // namespace
}  // namespace tl_boost
