// End-to-end runs of the tl-boost binary on the real CIFAR-10 files (a small subset), as a user
// runs it. Needs the dataset in TL_BOOST_DATA_DIR (CMake's cache): scripts/fetch-data.sh puts it there.
#include <algorithm>
#include <cstdlib>
#include <set>
#include <tuple>

#include "binary_harness.hpp"

namespace {

using namespace binary_harness;

class EndToEnd : public BinaryTest {
 protected:
  void expect_a_stop_in_the_phase_and_an_exact_resume(const std::vector<std::string>& phase_settings,
                                                      const std::string& marker, const std::string& where);

  void SetUp() override {
    ASSERT_TRUE(fs::exists(kData / "data_batch_1.bin"))
        << "CIFAR-10 not found in " << kData << ": run scripts/fetch-data.sh (see README)";
    BinaryTest::SetUp();
  }
};

TEST_F(EndToEnd, EveryProtocolRunsAndLearns) {
  const std::vector<std::pair<std::string, bool>> protocols{{"transferred", true},
                                                            {"non_transferred", true},
                                                            {"transferred_diverse", true},
                                                            {"transferred_more_data", true},
                                                            {"scratch", false}};
  const json smoke = json::parse(read_text(kSource / "configs/smoke.json"));
  const int source_epochs = smoke["train"]["source_epochs"];
  const int target_epochs = smoke["train"]["target_epochs"];
  for (const auto& [protocol, has_source] : protocols) {
    SCOPED_TRACE(protocol);
    ASSERT_EQ(run(run_args(protocol + ".json", out_)), 0) << output_;
    const fs::path dir = out_ / protocol / "seed-0";

    const auto rows = lines_of(dir / "metrics.csv");
    const std::size_t expected_rows = 1 + (has_source ? source_epochs : 0) + target_epochs;
    ASSERT_EQ(rows.size(), expected_rows);
    EXPECT_EQ(rows[0], "stage,epoch,train_loss,train_acc,val_loss,val_acc,lr,seconds");
    EXPECT_EQ(rows[1].rfind(has_source ? "source,1," : "target,1,", 0), 0u) << rows[1];
    EXPECT_EQ(rows.back().rfind("target," + std::to_string(target_epochs) + ",", 0), 0u) << rows.back();
    for (std::size_t i = 1; i < rows.size(); ++i) {
      EXPECT_EQ(std::count(rows[i].begin(), rows[i].end(), ','), 7) << rows[i];
    }

    const json summary = json::parse(read_text(dir / "summary.json"));
    EXPECT_EQ(summary["status"], "completed");
    EXPECT_EQ(summary["stages"].contains("source"), has_source);
    const json& target = summary["stages"]["target"];
    EXPECT_EQ(target["test_size"], 400);  // the first 100 test images of each class of B
    EXPECT_EQ(target["train_size"].get<int>() + target["validation_size"].get<int>(), 400);
    // Four classes: chance is 0.25; 400 test images put its noise near 0.022 (0.30 is 2.3 of those).
    EXPECT_GT(target["test_acc"].get<double>(), 0.30) << summary.dump(2);
    EXPECT_EQ(target["transferred_layers"], has_source ? 1 : 0);
    EXPECT_EQ(summary["config"]["name"], protocol);
    EXPECT_TRUE(fs::exists(dir / "config.json"));
    EXPECT_TRUE(fs::exists(dir / "target.pt"));
    EXPECT_EQ(fs::exists(dir / "source.pt"), has_source);
  }
}

// The mechanism study's protocols on the smoke settings: the shuffled-label source, the PCA patch
// filters, the 1-epoch source (a protocol's "set" in the study's suite) and a titrated target
// (50 of the smoke settings' 100 records per class, so the cap shows).
TEST_F(EndToEnd, TheMechanismProtocolsRunOnTheSmokeSettings) {
  const std::vector<std::tuple<std::string, std::string, std::vector<std::string>>> runs{
      {"transferred_shuffled_labels.json", "transferred_shuffled_labels", {}},
      {"pca_filters.json", "pca_filters", {}},
      {"transferred.json", "transferred_source_1epoch",
       {"--set", "name=\"transferred_source_1epoch\"", "--set", "train.source_epochs=1"}},
      {"transferred_1000.json", "transferred_1000", {"--set", "data.target_max_per_class=50"}}};
  for (const auto& [config, name, extra] : runs) {
    SCOPED_TRACE(name);
    auto args = run_args(config, out_);
    args.insert(args.end(), extra.begin(), extra.end());
    ASSERT_EQ(run(args), 0) << output_;
    const json summary = json::parse(read_text(out_ / name / "seed-0" / "summary.json"));
    EXPECT_EQ(summary["status"], "completed");
    const json& target = summary["stages"]["target"];
    EXPECT_EQ(target["test_size"], 400);
    EXPECT_EQ(target["train_size"].get<int>() + target["validation_size"].get<int>(), name == "transferred_1000" ? 200 : 400);
    EXPECT_GT(target["test_acc"].get<double>(), 0.25) << summary.dump(2);
    EXPECT_EQ(summary["stages"].contains("source"), name != "pca_filters");
  }
  const auto config_of = [&](const std::string& name) {
    return json::parse(read_text(out_ / name / "seed-0" / "config.json"));
  };
  EXPECT_EQ(config_of("transferred_shuffled_labels")["source_labels"], "shuffled");
  EXPECT_EQ(config_of("pca_filters")["conv1_init"], "pca_patches");
  EXPECT_EQ(lines_of(out_ / "transferred_source_1epoch" / "seed-0" / "metrics.csv").size(), 1u + 1u + 2u);
  const json titrated = json::parse(read_text(out_ / "transferred_1000" / "seed-0" / "summary.json"));
  EXPECT_EQ(titrated["stages"]["source"]["train_size"].get<int>() + titrated["stages"]["source"]["validation_size"].get<int>(),
            400);  // the source keeps the smoke settings' 100 per class
}

TEST_F(EndToEnd, SameSeedAndThreadsGiveIdenticalMetrics) {
  std::vector<std::string> rows[2];
  for (int i = 0; i < 2; ++i) {
    const fs::path out = out_ / ("repeat" + std::to_string(i));
    auto args = run_args("smoke.json", out);
    args.insert(args.end(), {"--threads", "1", "--seed", "3"});
    ASSERT_EQ(run(args), 0) << output_;
    // Every column but the last (wall seconds) must match exactly.
    for (const auto& line : lines_of(out / "smoke" / "seed-3" / "metrics.csv")) {
      rows[i].push_back(line.substr(0, line.rfind(',')));
    }
  }
  EXPECT_EQ(rows[0], rows[1]);
  EXPECT_GT(rows[0].size(), 1u);
}

TEST_F(EndToEnd, ErrorsExitWithTheirCodeAndWriteNothing) {
  // Data error: 3, and no run directory.
  auto args = run_args("scratch.json", out_ / "missing-data");
  args.insert(args.end(), {"--set", "data.dir=\"/nonexistent/cifar\""});
  EXPECT_EQ(run(args), 3) << output_;
  EXPECT_NE(output_.find("/nonexistent/cifar"), std::string::npos) << output_;
  EXPECT_FALSE(fs::exists(out_ / "missing-data"));

  // Config error: 2, naming the key.
  args = run_args("scratch.json", out_ / "bad-config");
  args.insert(args.end(), {"--set", "train.lr=-1"});
  EXPECT_EQ(run(args), 2) << output_;
  EXPECT_NE(output_.find("/train/lr"), std::string::npos) << output_;
  EXPECT_FALSE(fs::exists(out_ / "bad-config"));

  // Unknown flag: usage error 2.
  EXPECT_EQ(run({"run", (kSource / "configs/scratch.json").string(), "--no-such-flag"}), 2) << output_;

  // An existing run is refused without --force: 4.
  args = run_args("scratch.json", out_ / "twice");
  args.insert(args.end(), {"--set", "train.target_epochs=1"});
  ASSERT_EQ(run(args), 0) << output_;
  EXPECT_EQ(run(args), 4) << output_;
  EXPECT_NE(output_.find("--force"), std::string::npos) << output_;
  args.push_back("--force");
  EXPECT_EQ(run(args), 0) << output_;
}

TEST_F(EndToEnd, CudaRequestFailsClearlyWithoutCuda) {
  ASSERT_EQ(run({"--version"}), 0);
  EXPECT_NE(output_.find("LibTorch "), std::string::npos) << output_;
  const bool has_cuda = output_.find("CUDA available: yes") != std::string::npos;
  auto args = run_args("scratch.json", out_);
  args.insert(args.end(), {"--device", "cuda", "--set", "train.target_epochs=1"});
  if (has_cuda) {
    EXPECT_EQ(run(args), 0) << output_;
  } else {
    EXPECT_EQ(run(args), 5) << output_;
    EXPECT_NE(output_.find("CUDA"), std::string::npos) << output_;
    // auto falls back to the CPU and says so.
    args = run_args("scratch.json", out_);
    args.insert(args.end(), {"--device", "auto", "--set", "train.target_epochs=1"});
    EXPECT_EQ(run(args), 0) << output_;
    EXPECT_NE(output_.find("running on the CPU"), std::string::npos) << output_;
  }
}

// Every column of metrics.csv but the wall seconds.
std::vector<std::string> metrics_without_seconds(const fs::path& csv) {
  std::vector<std::string> rows;
  for (const auto& line : lines_of(csv)) rows.push_back(line.substr(0, line.rfind(',')));
  return rows;
}

// summary.json without what legitimately differs between two runs: times and host.
json summary_without_times(const fs::path& path) {
  json s = json::parse(read_text(path));
  s.erase("seconds");
  s["environment"].erase("started_at");
  s["environment"].erase("hostname");
  s["environment"].erase("git_sha");
  for (auto& [name, stage] : s["stages"].items()) stage.erase("seconds");
  if (s.contains("probe")) s["probe"].erase("seconds");
  if (s.contains("landscape")) s["landscape"].erase("seconds");
  return s;
}

TEST_F(EndToEnd, KilledRunResumesToIdenticalResults) {
  // 3 + 3 epochs; SIGKILL once the target stage has finished its first epoch, i.e. mid-stage.
  auto args = run_args("smoke.json", out_ / "killed");
  args.insert(args.end(), {"--threads", "1", "--set", "train.source_epochs=3", "--set", "train.target_epochs=3"});
  auto reference = args;
  reference[3] = (out_ / "reference").string();
  ASSERT_EQ(run(reference), 0) << output_;

  const fs::path dir = out_ / "killed" / "smoke" / "seed-0";
  const pid_t pid = start(args, out_ / "killed.log");
  ASSERT_TRUE(wait_for_lines(dir / "metrics.csv", 1 + 3 + 1)) << read_text(out_ / "killed.log");
  kill(pid, SIGKILL);
  int signal = 0;
  wait_exit(pid, &signal);
  ASSERT_EQ(signal, SIGKILL) << "the run ended before it could be killed";
  EXPECT_FALSE(fs::exists(dir / "summary.json"));
  EXPECT_TRUE(fs::exists(dir / "checkpoint.json"));

  args.push_back("--resume");
  ASSERT_EQ(run(args), 0) << output_;
  EXPECT_NE(output_.find("resuming smoke seed 0 at the target stage"), std::string::npos) << output_;
  const fs::path ref_dir = out_ / "reference" / "smoke" / "seed-0";
  EXPECT_EQ(metrics_without_seconds(dir / "metrics.csv"), metrics_without_seconds(ref_dir / "metrics.csv"));
  EXPECT_EQ(summary_without_times(dir / "summary.json"), summary_without_times(ref_dir / "summary.json"));
  EXPECT_FALSE(fs::exists(dir / "checkpoint.json"));  // a finished run keeps no checkpoint

  // Resuming a finished run does nothing and succeeds.
  EXPECT_EQ(run(args), 0) << output_;
  EXPECT_NE(output_.find("already complete"), std::string::npos) << output_;
}

TEST_F(EndToEnd, SigtermCheckpointsAndSaysHowToResume) {
  auto args = run_args("smoke.json", out_);
  args.insert(args.end(), {"--threads", "1", "--set", "train.source_epochs=20"});
  const fs::path dir = out_ / "smoke" / "seed-0";
  const pid_t pid = start(args, out_ / "term.log");
  ASSERT_TRUE(wait_for_lines(dir / "metrics.csv", 1 + 2)) << read_text(out_ / "term.log");
  kill(pid, SIGTERM);
  EXPECT_EQ(wait_exit(pid), 143) << read_text(out_ / "term.log");
  const std::string log = read_text(out_ / "term.log");
  EXPECT_NE(log.find("Resume with: "), std::string::npos) << log;
  EXPECT_NE(log.find("--resume"), std::string::npos) << log;
  EXPECT_TRUE(fs::exists(dir / "checkpoint.json"));

  // A changed config is refused; the same one resumes.
  auto changed = args;
  changed.insert(changed.end(), {"--set", "train.lr=0.02", "--resume"});
  EXPECT_EQ(run(changed), 2) << output_;
  EXPECT_NE(output_.find("differs"), std::string::npos) << output_;
  args.insert(args.end(), {"--set", "train.source_epochs=3", "--resume"});
  EXPECT_EQ(run(args), 2) << output_;  // fewer epochs is a different config too
  args.erase(args.end() - 3, args.end());
  args.push_back("--resume");
  EXPECT_EQ(run(args), 0) << output_;
  EXPECT_EQ(lines_of(dir / "metrics.csv").size(), 1u + 20 + 2);
  auto both = args;
  both.push_back("--force");
  EXPECT_EQ(run(both), 2) << output_;
}

// SIGTERM as soon as `marker` appears in the log of a run whose next phase is made long by
// `phase_settings`: the run must stop inside that phase within 5 s (exit 143, naming it), and
// --resume must end with exactly the files of the same run left alone.
void EndToEnd::expect_a_stop_in_the_phase_and_an_exact_resume(const std::vector<std::string>& phase_settings,
                                                              const std::string& marker, const std::string& where) {
  auto args = run_args("smoke.json", out_ / "stopped");
  args.insert(args.end(), phase_settings.begin(), phase_settings.end());
  auto reference = args;
  reference[3] = (out_ / "reference").string();
  ASSERT_EQ(run(reference), 0) << output_;

  const fs::path log = out_ / "stopped.log";
  const pid_t pid = start(args, log);
  ASSERT_TRUE(wait_for_text(log, marker)) << read_text(log);
  kill(pid, SIGTERM);
  const auto signalled = std::chrono::steady_clock::now();
  EXPECT_EQ(wait_exit(pid), 143) << read_text(log);
  EXPECT_LT(std::chrono::steady_clock::now() - signalled, std::chrono::seconds(5)) << read_text(log);
  EXPECT_NE(read_text(log).find("interrupted by signal 15 in " + where), std::string::npos) << read_text(log);

  args.push_back("--resume");
  ASSERT_EQ(run(args), 0) << output_;
  const fs::path dir = out_ / "stopped" / "smoke" / "seed-0";
  const fs::path ref_dir = out_ / "reference" / "smoke" / "seed-0";
  EXPECT_EQ(metrics_without_seconds(dir / "metrics.csv"), metrics_without_seconds(ref_dir / "metrics.csv"));
  EXPECT_EQ(summary_without_times(dir / "summary.json"), summary_without_times(ref_dir / "summary.json"));
}

TEST_F(EndToEnd, SigtermInTrainingStopsItAndTheRunResumesExactly) {
  // One image a batch: the source stage's second epoch trains for seconds.
  expect_a_stop_in_the_phase_and_an_exact_resume({"--set", "train.batch_size=1"}, "source epoch   1/2",
                                                 "epoch 2; the last complete epoch is checkpointed");
}

TEST_F(EndToEnd, SigtermInATestEvaluationStopsItAndTheRunResumesExactly) {
  // One image a batch: the source stage's 4,000 test images take seconds.
  expect_a_stop_in_the_phase_and_an_exact_resume({"--set", "train.eval_batch_size=1"}, "source epoch   2/2",
                                                 "an evaluation pass");
}

TEST_F(EndToEnd, SigtermInTheProbeStopsItAndTheRunResumesExactly) {
  expect_a_stop_in_the_phase_and_an_exact_resume({"--set", "probe.epochs=400", "--set", "probe.references=false"},
                                                 "target stage done", "the probe's");
}

TEST_F(EndToEnd, SigtermInTheSharpnessStopsItAndTheRunResumesExactly) {
  expect_a_stop_in_the_phase_and_an_exact_resume(
      {"--set", "probe.classes=[]", "--set", "landscape.sharpness=true", "--set", "landscape.sharpness_subset=64",
       "--set", "landscape.sharpness_iterations=40", "--set", "landscape.sharpness_tolerance=1e-12"},
      "target stage done", "a Hessian-vector product");
}

// A suite of two scratch protocols whose interpolation is long enough to be stopped in: its
// settings are the smoke settings with one target epoch and no probe.
fs::path write_interpolation_suite(const fs::path& dir) {
  const std::string scratch = (kSource / "configs/scratch.json").string();
  const json suite = {
      {"name", "interp"},
      {"protocols", json::array({scratch, {{"config", scratch}, {"name", "scratch_lr"},
                                           {"set", json::array({"train.lr=0.02"})}}})},
      {"interpolation", {{"pairs", json::array({json::array({"scratch", "scratch_lr"})})}, {"points", 21}, {"subset", 64}}},
      {"overrides", json::array({"data.dir=" + json(kData.string()).dump(), "data.max_per_class=100", "data.max_test_per_class=100",
                                 "train.batch_size=16", "train.target_epochs=1", "probe.classes=[]"})}};
  std::ofstream(dir / "interp.json") << suite.dump(2);
  return dir / "interp.json";
}

// SIGTERM once the suite logs that it starts interpolating: exit 143 within 5 s, no CSV left, and
// the same command then writes exactly the CSV of a suite left alone.
TEST_F(EndToEnd, SigtermInAnInterpolationStopsTheSuiteAndTheRerunWritesTheSameCsv) {
  const fs::path file = write_interpolation_suite(out_);
  const auto suite_args = [&](const fs::path& out) {
    return std::vector<std::string>{"suite", file.string(), "--seeds", "0", "--jobs", "1", "--threads", "1",
                                    "--out", out.string()};
  };
  ASSERT_EQ(run(suite_args(out_ / "reference")), 0) << output_;
  const fs::path csv = "interp/interpolation/scratch-seed-0--scratch_lr-seed-0.csv";
  ASSERT_TRUE(fs::exists(out_ / "reference" / csv)) << output_;

  const fs::path log = out_ / "stopped.log";
  const pid_t pid = start(suite_args(out_ / "stopped"), log);
  ASSERT_TRUE(wait_for_text(log, "interpolating scratch seed 0 -> scratch_lr seed 0")) << read_text(log);
  kill(pid, SIGTERM);
  const auto signalled = std::chrono::steady_clock::now();
  EXPECT_EQ(wait_exit(pid), 143) << read_text(log);
  EXPECT_LT(std::chrono::steady_clock::now() - signalled, std::chrono::seconds(5)) << read_text(log);
  EXPECT_NE(read_text(log).find("interrupted by signal 15 in an interpolation"), std::string::npos) << read_text(log);
  EXPECT_NE(read_text(log).find("Continue with: "), std::string::npos) << read_text(log);
  EXPECT_FALSE(fs::exists(out_ / "stopped" / csv));

  ASSERT_EQ(run(suite_args(out_ / "stopped")), 0) << output_;
  EXPECT_EQ(output_.find(" epoch "), std::string::npos) << "the rerun trains nothing\n" << output_;
  EXPECT_EQ(read_text(out_ / "stopped" / csv), read_text(out_ / "reference" / csv));
}

// `suite --plan` prints the units, then measures throughputs for its estimate: SIGTERM then stops
// it as it stops a run.
TEST_F(EndToEnd, SigtermInThePlansCostEstimateStopsItWithExit143) {
  const fs::path log = out_ / "plan.log";
  const pid_t pid = start({"suite", (kSource / "configs/smoke_suite.json").string(), "--seeds", "0", "--plan",
                           "--threads", "1", "--out", out_.string(), "--set", "data.dir=" + json(kData.string()).dump()},
                          log);
  ASSERT_TRUE(wait_for_text(log, "\"unit\":8}")) << read_text(log);  // the last unit's line: the estimate starts
  kill(pid, SIGTERM);
  const auto signalled = std::chrono::steady_clock::now();
  EXPECT_EQ(wait_exit(pid), 143) << read_text(log);
  EXPECT_LT(std::chrono::steady_clock::now() - signalled, std::chrono::seconds(5)) << read_text(log);
  EXPECT_NE(read_text(log).find("interrupted by signal 15 in "), std::string::npos) << read_text(log);
  EXPECT_EQ(read_text(log).find("no time estimate"), std::string::npos) << read_text(log);
}

// The plan's throughputs are recorded on the first plan and reused by the next, which measures
// nothing; a record that does not read is named, measured again and rewritten.
TEST_F(EndToEnd, ThePlanRecordsItsThroughputsAndTheNextPlanReusesThem) {
  const std::vector<std::string> plan = {"suite", (kSource / "configs/smoke_suite.json").string(), "--seeds", "0",
                                         "--plan", "--threads", "1", "--out", out_.string(),
                                         "--set", "data.dir=" + json(kData.string()).dump()};
  const fs::path record = out_ / "cache" / "tl-boost" / "throughputs.json";
  ASSERT_EQ(run(plan), 0) << output_;
  EXPECT_NE(stderr_.find("measured now, recorded in " + record.string()), std::string::npos) << stderr_;
  ASSERT_TRUE(fs::exists(record));
  ASSERT_EQ(run(plan), 0) << output_;
  EXPECT_NE(stderr_.find("recorded at "), std::string::npos) << stderr_;
  EXPECT_NE(stderr_.find("in " + record.string() + "; delete the file to measure again"), std::string::npos) << stderr_;
  EXPECT_EQ(stderr_.find("measured now"), std::string::npos) << stderr_;
  std::ofstream(record) << "{\"entries\": [";
  ASSERT_EQ(run(plan), 0) << output_;
  EXPECT_NE(stderr_.find(record.string() + ":1:"), std::string::npos) << stderr_;  // where it stops reading
  EXPECT_NE(stderr_.find("measuring the throughputs again and rewriting it"), std::string::npos) << stderr_;
  EXPECT_NE(stderr_.find("measured now, recorded in"), std::string::npos) << stderr_;
}

TEST_F(EndToEnd, DivergingRunFailsWithASummary) {
  auto args = run_args("scratch.json", out_);
  args.insert(args.end(), {"--set", "train.lr=1e8"});
  EXPECT_EQ(run(args), 6) << output_;
  EXPECT_NE(output_.find("target stage, epoch 1, batch "), std::string::npos) << output_;
  EXPECT_NE(output_.find("lower learning rate"), std::string::npos) << output_;
  const json summary = json::parse(read_text(out_ / "scratch" / "seed-0" / "summary.json"));
  EXPECT_EQ(summary["status"], "failed");
  EXPECT_NE(summary["error"].get<std::string>().find("epoch 1"), std::string::npos);
}

TEST_F(EndToEnd, UnwritableOutputIsAnIoError) {
  std::ofstream(out_ / "a-file") << "x";
  auto args = run_args("scratch.json", out_ / "a-file" / "runs");
  EXPECT_EQ(run(args), 4) << output_;
  EXPECT_NE(output_.find("cannot create the run directory"), std::string::npos) << output_;
}

TEST_F(EndToEnd, SuiteRunsEveryProtocolAndTrainsEachSourceOnce) {
  const std::string suite = (kSource / "configs/smoke_suite.json").string();
  const std::string data_dir = "data.dir=" + json(kData.string()).dump();
  const std::vector<std::string> args{"suite", suite,   "--seeds", "0-1",     "--jobs",
                                      "2",     "--out", out_.string(), "--set", data_dir};
  ASSERT_EQ(run(args), 0) << output_;
  const fs::path root = out_ / "smoke_suite";
  std::size_t sources = 0;
  fs::path a_source;
  for (const auto& entry : fs::directory_iterator(root / "sources")) {
    if (!entry.is_directory()) continue;  // <key>.lock files sit beside the source directories
    EXPECT_TRUE(fs::exists(entry.path() / "source.pt")) << entry.path();
    a_source = entry.path() / "source.pt";
    ++sources;
  }
  EXPECT_EQ(sources, 2u * 4);  // A, B, C+2, A∪C for each seed
  for (const char* protocol : {"transferred", "non_transferred", "transferred_diverse", "transferred_more_data",
                               "scratch"}) {
    for (const char* seed : {"seed-0", "seed-1"}) {
      const json summary = json::parse(read_text(root / protocol / seed / "summary.json"));
      EXPECT_EQ(summary["status"], "completed") << protocol << " " << seed;
    }
  }

  // The suite ends with its report; `tl-boost report` regenerates the same report.json.
  const std::string report = read_text(root / "report.json");
  EXPECT_TRUE(fs::exists(root / "report.md"));
  EXPECT_TRUE(fs::exists(root / "report.html"));
  // E1-E4, and E5 from the base-task probe every run of the smoke settings makes (probe on A).
  const json expectations = json::parse(report)["expectations"];
  ASSERT_EQ(expectations.size(), 5u);
  EXPECT_EQ(expectations[4]["id"], "E5");
  const json probed = json::parse(read_text(root / "scratch/seed-0/summary.json"));
  EXPECT_EQ(probed["probe"]["classes"], json({"airplane", "truck", "ship", "deer"}));
  EXPECT_GT(probed["probe"]["test_acc"].get<double>(), 0.25);  // above chance on A's 4 classes
  ASSERT_EQ(run({"report", root.string()}), 0) << output_;
  EXPECT_EQ(read_text(root / "report.json"), report);

  // A target run on a cached source equals a standalone run (same threads: 2 jobs, 1 each).
  auto standalone = run_args("transferred.json", out_ / "standalone");
  standalone.insert(standalone.end(), {"--threads", "1"});
  ASSERT_EQ(run(standalone), 0) << output_;
  EXPECT_EQ(metrics_without_seconds(root / "transferred/seed-0/metrics.csv"),
            metrics_without_seconds(out_ / "standalone/transferred/seed-0/metrics.csv"));

  // Run again: nothing is trained, every unit is found done.
  const auto before = fs::last_write_time(a_source);
  const std::vector<std::string> rerun{"suite", suite,          "--seeds", "0-1",   "--jobs",
                                       "1",     "--out", out_.string(), "--set", data_dir};
  ASSERT_EQ(run(rerun), 0) << output_;
  EXPECT_EQ(output_.find("training source network"), std::string::npos) << output_;
  EXPECT_EQ(output_.find(" epoch "), std::string::npos) << output_;
  EXPECT_NE(output_.find("18 of 18 units already complete; running the other 0"), std::string::npos) << output_;
  EXPECT_EQ(before, fs::last_write_time(a_source));

  // --plan says which units are complete: not a run whose summary lacks the probe its config asks
  // for, nor the source that run needs once it is gone from the cache; a source whose targets are
  // all complete is no work, cached or not (a committed suite has no cache).
  const auto incomplete_units = [&] {
    auto plan_args = rerun;
    plan_args.push_back("--plan");
    EXPECT_EQ(run(plan_args), 0) << output_;
    std::istringstream lines(stdout_);  // the units; the cost line goes to stderr
    std::vector<std::string> incomplete;
    for (std::string line; std::getline(lines, line);) {
      const json unit = json::parse(line);
      if (!unit.at("complete").get<bool>()) {
        incomplete.push_back(unit["kind"].get<std::string>() + " " + unit["protocol"].get<std::string>() + " " +
                             std::to_string(unit["seed"].get<int>()));
      }
    }
    return incomplete;
  };
  EXPECT_TRUE(incomplete_units().empty()) << output_;
  fs::remove_all(root / "sources");
  EXPECT_TRUE(incomplete_units().empty()) << output_;
  const fs::path probed_run = root / "transferred/seed-1/summary.json";
  json without_probe = json::parse(read_text(probed_run));
  without_probe.erase("probe");
  std::ofstream(probed_run) << without_probe.dump(2);
  const std::vector<std::string> incomplete = incomplete_units();
  ASSERT_EQ(incomplete.size(), 2u) << output_;
  EXPECT_EQ(incomplete[0].rfind("source ", 0), 0u) << incomplete[0];
  EXPECT_EQ(incomplete[1], "target transferred 1");

  // The next run does only those two: trains the source again and adds the probe.
  ASSERT_EQ(run(rerun), 0) << output_;
  EXPECT_NE(output_.find("16 of 18 units already complete; running the other 2"), std::string::npos) << output_;
  EXPECT_NE(output_.find("training source network"), std::string::npos) << output_;
  EXPECT_NE(output_.find("probe on airplane,truck,ship,deer added"), std::string::npos) << output_;
  EXPECT_TRUE(incomplete_units().empty()) << output_;

  // The plan lists source units before the targets that need them.
  ASSERT_EQ(run({"suite", suite, "--seeds", "0-1", "--plan"}), 0) << output_;
  std::istringstream plan(stdout_);
  std::string line;
  std::size_t units = 0;
  while (std::getline(plan, line)) {
    const json unit = json::parse(line);
    EXPECT_EQ(unit["unit"], units);
    if (!unit["source_unit"].is_null()) EXPECT_LT(unit["source_unit"].get<std::size_t>(), units);
    ++units;
  }
  EXPECT_EQ(units, 18u);
}

// The study's protocols and measures through the binary: the controls, the landscape measures,
// the reference probes and the interpolations end in the report's hypothesis table, each
// prediction measured (three seeds give two seed pairs per protocol for the barrier).
TEST_F(EndToEnd, TheStudysControlsAndMeasuresRunEndToEndIntoTheHypothesisTable) {
  const std::string data_dir = "data.dir=" + json(kData.string()).dump();
  const std::vector<std::string> args{"suite", (kSource / "configs/smoke_study.json").string(), "--seeds", "0-2",
                                      "--jobs", "2", "--out", out_.string(), "--set", data_dir};
  auto plan = args;
  plan.push_back("--plan");
  // The plan prices every part: the probes, the sharpness and the 7 interpolations (per seed
  // transferred with non_transferred, and each of them between seeds 0-1 and 1-2).
  ASSERT_EQ(run(plan), 0) << output_;
  EXPECT_NE(output_.find("then 7 interpolation(s) in "), std::string::npos) << output_;
  EXPECT_NE(output_.find(", probes "), std::string::npos) << output_;
  EXPECT_NE(output_.find(", sharpness at most "), std::string::npos) << output_;
  EXPECT_NE(output_.find("images/s of Hessian-vector products"), std::string::npos) << output_;
  ASSERT_EQ(run(args), 0) << output_;
  ASSERT_EQ(run(plan), 0) << output_;
  EXPECT_NE(output_.find("every unit is complete and every interpolation written; nothing to run"), std::string::npos) << output_;
  const fs::path root = out_ / "smoke_study";
  const auto summary = [&](const std::string& protocol, int seed) {
    return json::parse(read_text(root / protocol / ("seed-" + std::to_string(seed)) / "summary.json"));
  };
  for (const char* protocol : {"transferred", "non_transferred", "scratch", "scratch_compute_matched",
                               "transferred_matched_statistics", "transferred_permuted_taps"}) {
    const json s = summary(protocol, 0);
    ASSERT_EQ(s["status"], "completed") << protocol;
    EXPECT_GT(s["landscape"]["distance"]["conv1"]["absolute"].get<double>(), 0.0) << protocol;
    EXPECT_GT(s["landscape"]["sharpness"]["top_eigenvalue"].get<double>(), 0.0) << protocol;
    EXPECT_EQ(s["landscape"]["sharpness"]["subset_size"], 64) << protocol;
    EXPECT_EQ(s["probe"]["standardized"], true) << protocol;
    EXPECT_TRUE(s["probe"].contains("random_network")) << protocol;
    EXPECT_TRUE(s["probe"].contains("conv1_only")) << protocol;
    EXPECT_EQ(s["probe"].contains("source_network"), s["config"]["source_classes"].size() > 0) << protocol;
  }
  EXPECT_EQ(summary("scratch_compute_matched", 0)["stages"]["target"]["epochs"], 4);  // 2 source + 2 target
  EXPECT_EQ(summary("transferred_matched_statistics", 0)["config"]["transfer_init"], "matched_statistics");
  EXPECT_EQ(summary("transferred_permuted_taps", 0)["config"]["transfer_init"], "permuted_taps");

  // transferred ↔ non_transferred at each seed, and consecutive seeds of each: 3 + 2 + 2 files.
  std::size_t files = 0;
  for (const auto& e : fs::directory_iterator(root / "interpolation")) {
    std::istringstream lines(read_text(e.path()));
    std::string header;
    std::getline(lines, header);
    EXPECT_EQ(header, "alpha,train_loss,train_acc,test_loss,test_acc") << e.path();
    std::size_t points = 0;
    for (std::string line; std::getline(lines, line);) ++points;
    EXPECT_EQ(points, 3u) << e.path();
    ++files;
  }
  EXPECT_EQ(files, 7u);

  const json report = json::parse(read_text(root / "report.json"));
  // The suite file's hypotheses file, copied beside the runs, is what the report judged.
  EXPECT_EQ(json::parse(read_text(root / "hypotheses.json")), json::parse(read_text(kSource / "configs/study_hypotheses.json")));
  const json& rows = report["hypotheses"]["rows"];
  ASSERT_EQ(rows.size(), json::parse(read_text(root / "hypotheses.json"))["predictions"].size());
  const auto row_of = [&](const std::string& id) {
    const auto row = std::find_if(rows.begin(), rows.end(), [&](const json& r) { return r["id"] == id; });
    EXPECT_NE(row, rows.end()) << id;
    return row == rows.end() ? json() : *row;
  };
  for (const char* id : {"H0.compute_matched", "H1.distance", "H2.matched_statistics", "H2.permuted_taps"}) {
    EXPECT_EQ(row_of(id)["outcome"].get<std::string>().rfind("not tested", 0), std::string::npos) << row_of(id).dump();
  }
  // Sharpness counts only converged estimates: the smoke study's few power iterations may converge or not.
  bool any_converged = false;
  for (const char* protocol : {"transferred", "non_transferred", "scratch", "scratch_compute_matched",
                               "transferred_matched_statistics", "transferred_permuted_taps"}) {
    for (int seed = 0; seed < 3; ++seed) any_converged |= summary(protocol, seed)["landscape"]["sharpness"]["converged"].get<bool>();
  }
  EXPECT_EQ(row_of("H1.sharpness")["outcome"] == "not tested: no Hessian estimate converged in these runs", !any_converged)
      << row_of("H1.sharpness").dump();
  EXPECT_FALSE(report["hypotheses"]["paragraph"].get<std::string>().empty());
  const std::string markdown = read_text(root / "report.md");
  EXPECT_NE(markdown.find("## Where the boost comes from"), std::string::npos);
  EXPECT_NE(markdown.find("Along the curves"), std::string::npos);
  // The reference probes each run made, a column each (scratch has no source network to probe).
  EXPECT_NE(markdown.find("| protocol | test acc (%) | 95% CI (%) | source network before fine-tuning | random network | "
                          "conv1 alone |"),
            std::string::npos)
      << markdown;
  EXPECT_TRUE(report["protocols"]["transferred"]["probe_references_test_acc"].contains("source_network"));
  EXPECT_FALSE(report["protocols"]["scratch"]["probe_references_test_acc"].contains("source_network"));
}

TEST_F(EndToEnd, ASuiteOfTwoClassSplitsRunsEachUnderItsOwnDirectoryAndReportsOverSplits) {
  const std::string suite = (kSource / "configs/smoke_splits.json").string();
  const std::string data_dir = "data.dir=" + json(kData.string()).dump();
  const std::vector<std::string> common{"--seeds", "0-1", "--jobs", "2", "--out", out_.string(), "--set", data_dir};
  std::vector<std::string> plan_args{"suite", suite, "--plan", "--splits", "0-1"};
  plan_args.insert(plan_args.end(), common.begin(), common.end());
  ASSERT_EQ(run(plan_args), 0) << output_;
  // Per seed and split: a source of A and of B, then two targets; stderr adds the cost line.
  std::size_t units = 0;
  std::set<std::string> splits;
  std::istringstream plan_lines(stdout_);  // the units on stdout; the cost line goes to stderr
  for (std::string line; std::getline(plan_lines, line);) {
    const json unit = json::parse(line);
    splits.insert(unit.at("split").get<std::string>());
    ++units;
  }
  EXPECT_EQ(units, 2u * 2 * 2 + 2u * 2 * 2);
  EXPECT_EQ(splits, (std::set<std::string>{"default", "random-7-0"}));
  EXPECT_NE(output_.find("16 units to run"), std::string::npos) << output_;
  EXPECT_NE(output_.find("wall time at 2 job(s)"), std::string::npos) << output_;

  std::vector<std::string> args{"suite", suite};
  args.insert(args.end(), common.begin(), common.end());
  ASSERT_EQ(run(args), 0) << output_;
  const fs::path root = out_ / "smoke_splits";
  for (const char* split : {"default", "random-7-0"}) {
    for (const char* protocol : {"transferred", "non_transferred"}) {
      for (const char* seed : {"seed-0", "seed-1"}) {
        const json summary = json::parse(read_text(root / split / protocol / seed / "summary.json"));
        EXPECT_EQ(summary["status"], "completed") << split << " " << protocol << " " << seed;
        EXPECT_EQ(summary["split"]["name"], split);
        EXPECT_EQ(summary["split"]["groups"], summary["config"]["groups"]);
      }
    }
  }
  const json manifest = json::parse(read_text(root / "suite.json"));
  ASSERT_EQ(manifest["splits"].size(), 2u);
  const json report = json::parse(read_text(root / "report.json"));
  EXPECT_EQ(report["splits"], json({"default", "random-7-0"}));
  const json& e2 = report["expectations"][1];
  EXPECT_EQ(e2["id"], "E2");
  EXPECT_EQ(e2["comparisons"][0]["test"], "two-stage t-test over split means");
  EXPECT_EQ(e2["comparisons"][0]["alternative"], "greater");
  EXPECT_EQ(e2["comparisons"][0]["two_stage"]["splits"], 2);
  EXPECT_TRUE(e2["comparisons"][0].contains("p_holm"));
  EXPECT_NE(read_text(root / "report.html").find("by class split"), std::string::npos);
  EXPECT_NE(read_text(root / "report.md").find("## Between class splits"), std::string::npos);

  // Resumed: nothing left to run.
  plan_args.erase(plan_args.begin() + 3, plan_args.begin() + 5);  // all splits, as the suite ran
  ASSERT_EQ(run(plan_args), 0) << output_;
  EXPECT_EQ(output_.find("\"complete\":false"), std::string::npos) << output_;
  EXPECT_NE(output_.find("every unit is complete"), std::string::npos) << output_;
}

TEST_F(EndToEnd, FailedSuiteUnitsAreReportedAsFailedAndStopTheSuite) {
  const std::string suite = (kSource / "configs/smoke_suite.json").string();
  // A data directory without the files: the suite's own check (the directory exists) passes, and
  // every unit fails reading it. (A missing directory fails the suite before any unit starts.)
  fs::create_directories(out_ / "no-such-data");
  const std::string missing = "data.dir=" + json((out_ / "no-such-data").string()).dump();
  const std::vector<std::string> args{"suite", suite, "--seeds", "0", "--jobs", "2", "--out", out_.string(),
                                      "--set", missing};
  EXPECT_NE(run(args), 0) << output_;
  EXPECT_NE(output_.find("unit 0 (source of transferred seed 0) failed; "), std::string::npos) << output_;
  EXPECT_EQ(output_.find(") done; "), std::string::npos) << output_;
  EXPECT_NE(output_.find("rerun the suite to continue"), std::string::npos) << output_;
  EXPECT_FALSE(fs::exists(out_ / "smoke_suite" / "transferred")) << "targets must not start without their sources";
}

// The processes whose parent is `parent` (from /proc).
std::vector<pid_t> children_of(pid_t parent) {
  std::vector<pid_t> children;
  for (const auto& entry : fs::directory_iterator("/proc")) {
    const std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    const std::string stat = read_text(entry.path() / "stat");  // pid (comm) state ppid ...
    const auto close = stat.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream rest(stat.substr(close + 1));
    std::string state;
    pid_t ppid = 0;
    rest >> state >> ppid;
    if (ppid == parent) children.push_back(static_cast<pid_t>(std::stoi(name)));
  }
  return children;
}

TEST_F(EndToEnd, SigtermToASuiteStopsEveryRunningUnitAtACheckpointAndTheRerunCompletes) {
  const std::string suite = (kSource / "configs/smoke_suite.json").string();
  const std::vector<std::string> args{"suite", suite, "--seeds", "0", "--jobs", "2", "--out", out_.string(),
                                      "--set", "data.dir=" + json(kData.string()).dump(),
                                      "--set", "train.source_epochs=10"};
  const pid_t pid = start(args, out_ / "suite.log");
  // Wait until two source units are training: two partial directories with an epoch's row each.
  const fs::path sources = out_ / "smoke_suite/sources";
  std::vector<fs::path> partials;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (partials.size() < 2 && std::chrono::steady_clock::now() < deadline) {
    partials.clear();
    if (fs::exists(sources)) {
      for (const auto& e : fs::directory_iterator(sources)) {
        if (e.path().extension() == ".partial" && lines_of(e.path() / "metrics.csv").size() >= 2) {
          partials.push_back(e.path());
        }
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_EQ(partials.size(), 2u) << read_text(out_ / "suite.log");
  const std::vector<pid_t> units = children_of(pid);
  ASSERT_EQ(units.size(), 2u) << read_text(out_ / "suite.log");

  kill(pid, SIGTERM);  // the suite alone, as kill, timeout, systemd or Slurm do
  // Every unit ends within seconds, long before its 10 epochs, and the suite after them.
  int status = 0;
  pid_t ended = 0;
  const auto stop_deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while ((ended = waitpid(pid, &status, WNOHANG)) == 0 && std::chrono::steady_clock::now() < stop_deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (ended == 0) {
    for (const pid_t unit : units) kill(unit, SIGKILL);
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    FAIL() << "the suite did not stop within 30 s\n" << read_text(out_ / "suite.log");
  }
  for (const pid_t unit : units) EXPECT_NE(kill(unit, 0), 0) << "unit process " << unit << " still runs";
  const std::string log = read_text(out_ / "suite.log");
  ASSERT_TRUE(WIFEXITED(status)) << log;
  EXPECT_EQ(WEXITSTATUS(status), 143) << log;
  EXPECT_NE(log.find("passed it on to 2 running unit(s): unit "), std::string::npos) << log;
  EXPECT_NE(log.find(") stopped at its last complete epoch"), std::string::npos) << log;
  EXPECT_EQ(log.find("no unit was running"), std::string::npos) << log;
  for (const auto& partial : partials) {
    EXPECT_TRUE(fs::exists(partial / "checkpoint.json")) << partial;
    EXPECT_FALSE(fs::exists(partial / "stage.json")) << partial;
    EXPECT_LT(lines_of(partial / "metrics.csv").size(), 1u + 10) << partial;
  }

  // The same command continues the stopped units and completes the suite.
  ASSERT_EQ(run(args), 0) << output_;
  for (const char* protocol : {"transferred", "non_transferred", "transferred_diverse", "transferred_more_data",
                               "scratch"}) {
    const json summary = json::parse(read_text(out_ / "smoke_suite" / protocol / "seed-0/summary.json"));
    EXPECT_EQ(summary["status"], "completed") << protocol;
  }
  std::string unit_logs;
  for (const auto& e : fs::directory_iterator(out_ / "smoke_suite/logs")) unit_logs += read_text(e.path());
  EXPECT_NE(unit_logs.find("resuming the source network"), std::string::npos) << unit_logs;
  for (const auto& partial : partials) EXPECT_FALSE(fs::exists(partial)) << partial;
}

TEST_F(EndToEnd, TwoProcessesRunningOneTargetUnitTrainItOnce) {
  const std::string suite = (kSource / "configs/smoke_suite.json").string();
  const std::vector<std::string> common{"suite", suite, "--seeds", "0", "--out", out_.string(), "--threads", "1",
                                        "--set", "data.dir=" + json(kData.string()).dump(),
                                        "--set", "train.target_epochs=6"};
  ASSERT_EQ(run([&] { auto a = common; a.push_back("--plan"); return a; }()), 0) << output_;
  std::string scratch;  // the scratch target: no source, so its run is all either process does
  std::istringstream plan(stdout_);
  for (std::string line; std::getline(plan, line);) {
    const json unit = json::parse(line);
    if (unit["kind"] == "target" && unit["protocol"] == "scratch") scratch = std::to_string(unit["unit"].get<int>());
  }
  ASSERT_FALSE(scratch.empty()) << output_;
  std::vector<pid_t> pids;
  for (const char* name : {"first.log", "second.log"}) {
    auto args = common;
    args.insert(args.end(), {"--unit", scratch});
    pids.push_back(start(args, out_ / name));
  }
  for (const pid_t pid : pids) EXPECT_EQ(wait_exit(pid), 0);
  const std::string first = read_text(out_ / "first.log");
  const std::string second = read_text(out_ / "second.log");
  // One trained the run; the other found it complete, having waited for it.
  const bool first_trained = first.find(" epoch ") != std::string::npos;
  const bool second_trained = second.find(" epoch ") != std::string::npos;
  EXPECT_NE(first_trained, second_trained) << first << "\n----\n" << second;
  EXPECT_NE((first_trained ? second : first).find("already complete"), std::string::npos) << first << "\n----\n"
                                                                                           << second;
  const fs::path run = out_ / "smoke_suite/scratch/seed-0";
  EXPECT_EQ(lines_of(run / "metrics.csv").size(), 1u + 6);  // scratch: the target stage only
  EXPECT_EQ(json::parse(read_text(run / "summary.json"))["status"], "completed");
}

TEST_F(EndToEnd, SuiteFailsLikeRunOnAMissingDataDirectoryOrDeviceAndWritesNothing) {
  const std::string suite = (kSource / "configs/smoke_suite.json").string();
  const std::vector<std::string> common{"suite", suite, "--seeds", "0", "--jobs", "2", "--out", out_.string()};
  auto missing = common;
  missing.insert(missing.end(), {"--set", "data.dir=\"/nonexistent/cifar\""});
  EXPECT_EQ(run(missing), 3) << output_;
  EXPECT_NE(output_.find("/nonexistent/cifar: no such directory"), std::string::npos) << output_;
  EXPECT_EQ(output_.find("unit(s) failed"), std::string::npos) << output_;
  EXPECT_FALSE(fs::exists(out_ / "smoke_suite"));

  ASSERT_EQ(run({"--version"}), 0);
  if (output_.find("CUDA available: yes") != std::string::npos) return;  // the device half needs a machine without
  auto cuda = common;
  cuda.insert(cuda.end(), {"--device", "cuda", "--set", "data.dir=" + json(kData.string()).dump()});
  EXPECT_EQ(run(cuda), 5) << output_;
  EXPECT_NE(output_.find("device 'cuda' requested"), std::string::npos) << output_;
  EXPECT_EQ(output_.find("unit(s) failed"), std::string::npos) << output_;
  EXPECT_FALSE(fs::exists(out_ / "smoke_suite"));
}

TEST_F(EndToEnd, AKilledSourceUnitResumesToTheSameNetwork) {
  const std::string suite = (kSource / "configs/smoke_suite.json").string();
  const auto unit0 = [&](const fs::path& out) {
    return std::vector<std::string>{"suite", suite, "--seeds", "0", "--out", out.string(), "--threads", "1",
                                    "--unit", "0", "--set", "data.dir=" + json(kData.string()).dump(),
                                    "--set", "train.source_epochs=4"};
  };
  ASSERT_EQ(run(unit0(out_ / "reference")), 0) << output_;
  const pid_t pid = start(unit0(out_ / "killed"), out_ / "killed.log");
  // Find the partial directory once it exists, then kill after its second epoch's checkpoint.
  fs::path partial;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (partial.empty() && std::chrono::steady_clock::now() < deadline) {
    if (fs::exists(out_ / "killed/smoke_suite/sources")) {
      for (const auto& e : fs::directory_iterator(out_ / "killed/smoke_suite/sources")) {
        if (e.path().extension() == ".partial") partial = e.path();
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_FALSE(partial.empty()) << read_text(out_ / "killed.log");
  ASSERT_TRUE(wait_for_lines(partial / "metrics.csv", 1 + 2)) << read_text(out_ / "killed.log");
  kill(pid, SIGKILL);
  int signal = 0;
  wait_exit(pid, &signal);
  ASSERT_EQ(signal, SIGKILL) << "the unit ended before it could be killed";
  ASSERT_EQ(run(unit0(out_ / "killed")), 0) << output_;
  EXPECT_NE(output_.find("resuming the source network"), std::string::npos) << output_;
  const fs::path key = partial.filename().replace_extension("");
  const auto stage_of = [&](const fs::path& root) {
    json stage = json::parse(read_text(root / "smoke_suite/sources" / key / "stage.json"));
    for (auto& completed : stage["completed"]) {
      completed.erase("seconds");
      for (auto& epoch : completed["epochs"]) epoch.erase("seconds");
    }
    return stage;
  };
  EXPECT_EQ(stage_of(out_ / "killed"), stage_of(out_ / "reference"));
  EXPECT_EQ(read_text(out_ / "killed/smoke_suite/sources" / key / "source.pt").size(),
            read_text(out_ / "reference/smoke_suite/sources" / key / "source.pt").size());
  EXPECT_FALSE(fs::exists(partial));
}

TEST_F(EndToEnd, TwoTargetUnitsSharingAMissingSourceTrainItOnce) {
  // AnB_1 and AnB+_1 of the grid both need the source network on A; start both target units at
  // once, before any source unit ran: one trains it under the lock, the other waits and reuses it.
  const std::string grid = (kSource / "configs/yosinski_grid.json").string();
  std::vector<std::string> common{"suite", grid, "--seeds", "0", "--out", out_.string(), "--threads", "1",
                                  "--set", "data.dir=" + json(kData.string()).dump()};
  for (const auto& a : smoke_settings()) common.push_back(a);
  ASSERT_EQ(run([&] { auto a = common; a.push_back("--plan"); return a; }()), 0) << output_;
  std::vector<std::string> targets;  // unit indices of AnB_1 and AnB+_1
  std::istringstream plan(stdout_);
  for (std::string line; std::getline(plan, line);) {
    const json unit = json::parse(line);
    if (unit["kind"] == "target" && (unit["protocol"] == "AnB_1" || unit["protocol"] == "AnB+_1")) {
      EXPECT_FALSE(unit["source_unit"].is_null());
      targets.push_back(std::to_string(unit["unit"].get<std::size_t>()));
    }
  }
  ASSERT_EQ(targets.size(), 2u);
  std::vector<pid_t> pids;
  for (std::size_t i = 0; i < targets.size(); ++i) {
    auto args = common;
    args.insert(args.end(), {"--unit", targets[i]});
    pids.push_back(start(args, out_ / ("unit-" + targets[i] + ".log")));
  }
  for (const pid_t pid : pids) EXPECT_EQ(wait_exit(pid), 0);
  std::string logs;
  for (const auto& t : targets) logs += read_text(out_ / ("unit-" + t + ".log"));
  std::size_t trained = 0;
  for (auto at = logs.find("training source network"); at != std::string::npos;
       at = logs.find("training source network", at + 1)) {
    ++trained;
  }
  EXPECT_EQ(trained, 1u) << logs;
  EXPECT_NE(logs.find("already trained"), std::string::npos) << logs;
  for (const char* protocol : {"AnB_1", "AnB+_1"}) {
    const json summary = json::parse(read_text(out_ / "yosinski_grid" / protocol / "seed-0" / "summary.json"));
    EXPECT_EQ(summary["status"], "completed") << protocol;
  }
  const json frozen = json::parse(read_text(out_ / "yosinski_grid/AnB_1/seed-0/summary.json"));
  EXPECT_TRUE(frozen["stages"]["target"]["frozen"].get<bool>());
}

TEST_F(EndToEnd, AProbeAskedForAfterARunFinishedIsAddedToItsSummary) {
  auto args = run_args("non_transferred.json", out_);
  auto without = args;
  without.insert(without.end(), {"--set", "probe.classes=[]"});
  ASSERT_EQ(run(without), 0) << output_;
  const fs::path dir = out_ / "non_transferred/seed-0";
  EXPECT_FALSE(json::parse(read_text(dir / "summary.json")).contains("probe"));
  const std::string metrics = read_text(dir / "metrics.csv");
  // The same config with its probe (on A, from base.json): resuming trains nothing, probes the saved network.
  args.push_back("--resume");
  ASSERT_EQ(run(args), 0) << output_;
  EXPECT_NE(output_.find("probe on airplane,truck,ship,deer added"), std::string::npos) << output_;
  EXPECT_EQ(output_.find(" epoch "), std::string::npos) << output_;
  const json summary = json::parse(read_text(dir / "summary.json"));
  ASSERT_TRUE(summary.contains("probe"));
  EXPECT_EQ(summary["probe"]["epochs"], 10);
  EXPECT_EQ(read_text(dir / "metrics.csv"), metrics);
  // A fresh run with the probe from the start gets the same probe figures.
  ASSERT_EQ(run(run_args("non_transferred.json", out_ / "fresh")), 0) << output_;
  const json fresh = json::parse(read_text(out_ / "fresh/non_transferred/seed-0/summary.json"));
  EXPECT_DOUBLE_EQ(fresh["probe"]["test_acc"].get<double>(), summary["probe"]["test_acc"].get<double>());
}

TEST_F(EndToEnd, BenchMeasuresEveryPartAndWritesItsFigures) {
  // A cache-size hint for OpenBLAS (harmless anywhere) makes the bench measure the matrix product
  // again in a child process without it.
  const char* l2 = std::getenv("OPENBLAS_L2_SIZE");
  const std::string pin = "OPENBLAS_L2_SIZE=" + std::string(l2 != nullptr ? l2 : "1048576");
  const fs::path figures = out_ / "bench.json";
  std::vector<std::string> args{"bench", (kSource / "configs/smoke.json").string(), "--set",
                                "data.dir=" + json(kData.string()).dump(), "--threads", "2", "--seconds", "0.05",
                                "--pairs", "1", "--batch-sizes", "16,32", "--eval-batch-sizes", "100",
                                "--protocol-epochs", "1", "--json", figures.string()};
  std::string command = "env " + quote(pin) + " " + quote(kBinary.string());
  for (const auto& a : args) command += " " + quote(a);
  const fs::path log = out_ / "bench.log";
  ASSERT_EQ(std::system((command + " > " + quote(log.string()) + " 2>&1").c_str()), 0) << read_text(log);
  const std::string text = read_text(log);
  for (const char* heading : {"## Loading all 60,000 images", "## fp32 matrix product", "## Training step throughput",
                              "## Evaluation throughput", "## Levers", "## Suite parallelism",
                              "## One protocol end to end"}) {
    EXPECT_NE(text.find(heading), std::string::npos) << heading << "\n" << text;
  }
  const json f = json::parse(read_text(figures));
  EXPECT_EQ(f["flops_per_image"]["train_step"], 88'571'904);  // the 4-class target network
  EXPECT_EQ(f["load_seconds"].size(), 5u);
  EXPECT_GT(f["matmul_gflops"].get<double>(), 0.0);
  EXPECT_GT(f["matmul_gflops_unpinned"].get<double>(), 0.0);
  ASSERT_EQ(f["train"].size(), 2u);
  EXPECT_EQ(f["train"][1]["batch"], 32);
  EXPECT_GT(f["train"][1]["fp32_images_per_second"].get<double>(), 0.0);
  EXPECT_GT(f["eval"][0]["images_per_second"].get<double>(), 0.0);
  std::set<std::string> levers;
  for (const auto& lever : f["levers"]) {
    levers.insert(lever["lever"].get<std::string>() + "/" + lever["step"].get<std::string>());
    EXPECT_GT(lever["ratio"].get<double>(), 0.0);
  }
  for (const char* lever : {"memory format/train", "memory format/eval", "batch input/train", "normalisation/train",
                            "precision/train", "precision/eval", "threads/train", "freed memory/train",
                            "freed memory/eval"}) {
    EXPECT_EQ(levers.count(lever), 1u) << lever;
  }
  EXPECT_GT(f["jobs"]["train_ratio"].get<double>(), 0.0);
  EXPECT_GT(f["protocol"]["target_test_accuracy"].get<double>(), 0.3);  // 4 classes, 1 + 1 smoke epochs

  // One part alone prints its table too (only the bench's own children stay silent).
  const std::string matmul_only = "env " + quote(pin) + " " + quote(kBinary.string()) + " bench " +
                                  quote((kSource / "configs/smoke.json").string()) + " --part matmul";
  ASSERT_EQ(std::system((matmul_only + " > " + quote(log.string()) + " 2>&1").c_str()), 0) << read_text(log);
  EXPECT_NE(read_text(log).find("## fp32 matrix product"), std::string::npos) << read_text(log);
  EXPECT_NE(read_text(log).find("child process with"), std::string::npos) << read_text(log);
}

TEST_F(EndToEnd, AFullDiskIsAnIoErrorThatLeavesNoTemporaryFile) {
  const fs::path disk = out_ / "disk";
  fs::create_directories(disk);
  const std::string mount = "mount -t tmpfs -o size=64k tmpfs " + quote(disk.string());
  // A private mount namespace: the tmpfs goes with the command, and nothing outside sees it.
  if (std::system(("unshare -m " + mount + " > /dev/null 2>&1").c_str()) != 0) {
    GTEST_SKIP() << "cannot mount a tmpfs here (needs root or CAP_SYS_ADMIN)";
  }
  std::string run_command = quote(kBinary.string());
  for (const auto& a : run_args("smoke.json", disk)) run_command += " " + quote(a);
  const fs::path listing = out_ / "left.txt";
  const std::string script = mount + " && { " + run_command + "; status=$?; find " + quote(disk.string()) +
                             " -name '*.tmp' > " + quote(listing.string()) + "; exit $status; }";
  const fs::path log = out_ / "full.log";
  const int status =
      std::system(("unshare -m sh -c " + quote(script) + " > " + quote(log.string()) + " 2>&1").c_str());
  output_ = read_text(log);
  ASSERT_TRUE(WIFEXITED(status)) << output_;
  EXPECT_EQ(WEXITSTATUS(status), 4) << output_;
  EXPECT_NE(output_.find((disk / "smoke" / "seed-0").string()), std::string::npos) << output_;
  EXPECT_NE(output_.find("No space left on device"), std::string::npos) << output_;
  EXPECT_EQ(output_.find("terminate"), std::string::npos) << output_;
  EXPECT_TRUE(fs::exists(listing));
  EXPECT_EQ(read_text(listing), "") << "temporary files left behind";
}

TEST_F(EndToEnd, ValidateWarnsOnStderrWhenTheDataDirIsMissingAndStillPrintsTheConfig) {
  const std::string config = (kSource / "configs/scratch.json").string();
  ASSERT_EQ(run({"validate", config, "--set", "data.dir=/nonexistent/cifar"}), 0) << output_;
  EXPECT_EQ(json::parse(stdout_)["data"]["dir"], "/nonexistent/cifar");
  EXPECT_NE(stderr_.find("/nonexistent/cifar: no such directory (data.dir '/nonexistent/cifar' set by --set "
                         "'data.dir=/nonexistent/cifar'); expected CIFAR-10's cifar-10-batches-bin there. Name the "
                         "directory with --data-dir DIR or TL_BOOST_DATA=DIR, or fetch it with scripts/fetch-data.sh"),
            std::string::npos)
      << stderr_;
  // A relative data.dir from --set is taken from the working directory, which the warning names.
  ASSERT_EQ(run({"validate", config, "--set", "data.dir=no/such/dir"}), 0) << output_;
  const std::string cwd = fs::current_path().string();
  EXPECT_NE(stderr_.find(cwd + "/no/such/dir: no such directory (data.dir 'no/such/dir' set by --set "
                               "'data.dir=no/such/dir', taken from the working directory " + cwd + ")"),
            std::string::npos)
      << stderr_;
  ASSERT_EQ(run({"validate", config, "--set", "data.dir=" + kData.string()}), 0) << output_;
  EXPECT_EQ(stderr_, "");
}

TEST_F(EndToEnd, ARunRecordsItsCommandLineAndOverridesBesideItsConfig) {
  auto args = run_args("scratch.json", out_);
  args.insert(args.end(), {"--set", "train.target_epochs=1", "--seed", "2", "--threads", "1"});
  ASSERT_EQ(run(args), 0) << output_;
  const json command = json::parse(read_text(out_ / "scratch/seed-2/command.json"));
  std::vector<std::string> argv{kBinary.string()};
  argv.insert(argv.end(), args.begin(), args.end());
  EXPECT_EQ(command["argv"], json(argv));
  std::vector<std::string> overrides;
  for (std::size_t i = 0; i + 1 < args.size(); ++i) {
    if (args[i] == "--set") overrides.push_back(args[i + 1]);
  }
  overrides.insert(overrides.end(), {"seed=2", "threads=1"});
  EXPECT_EQ(command["overrides"], json(overrides));
  EXPECT_EQ(command["cwd"], fs::current_path().string());

  // --force replaces it with the new command's.
  args.insert(args.end(), {"--force", "--set", "train.lr=0.02"});
  ASSERT_EQ(run(args), 0) << output_;
  EXPECT_EQ(json::parse(read_text(out_ / "scratch/seed-2/command.json"))["overrides"].back(), "threads=1");
  EXPECT_EQ(json::parse(read_text(out_ / "scratch/seed-2/command.json"))["argv"].back(), "train.lr=0.02");
}

TEST_F(EndToEnd, ASuiteUnitRecordsTheCommandLineOfItsProcess) {
  const std::string suite = (kSource / "configs/smoke_suite.json").string();
  std::vector<std::string> args{"suite", suite, "--seeds", "0", "--out", out_.string(), "--threads", "1",
                                "--set", "data.dir=" + json(kData.string()).dump()};
  auto plan = args;
  plan.push_back("--plan");
  ASSERT_EQ(run(plan), 0) << output_;
  std::string scratch_unit;
  std::istringstream lines(stdout_);
  for (std::string line; std::getline(lines, line);) {
    const json unit = json::parse(line);
    if (unit["protocol"] == "scratch") scratch_unit = std::to_string(unit["unit"].get<int>());
  }
  ASSERT_FALSE(scratch_unit.empty()) << stdout_;
  // What a child process of `suite --jobs J` runs, and what a Slurm array task runs.
  args.insert(args.end(), {"--unit", scratch_unit});
  ASSERT_EQ(run(args), 0) << output_;
  const json command = json::parse(read_text(out_ / "smoke_suite/scratch/seed-0/command.json"));
  std::vector<std::string> argv{kBinary.string()};
  argv.insert(argv.end(), args.begin(), args.end());
  EXPECT_EQ(command["argv"], json(argv));
  EXPECT_EQ(command["overrides"], json({"data.dir=" + json(kData.string()).dump(), "threads=1"}));
}

}  // namespace
