#include "tl_boost/suite.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

#include "lock_probe.hpp"
#include "log_capture.hpp"
#include "synthetic_session.hpp"
#include "temp_dir.hpp"
#include "tl_boost/error.hpp"
#include "tl_boost/experiment_identity.hpp"
#include "tl_boost/file_lock.hpp"
#include "tl_boost/interrupt.hpp"
#include "tl_boost/run.hpp"
#include "tl_boost/run_output.hpp"
#include "tl_boost/source_cache.hpp"
#include "test_paths.hpp"

namespace tl_boost {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path kConfigs = fs::path(tl_boost_test::source_dir()) / "configs";

TEST(SuiteSchedule, OneUnitPerCoreWithOneThreadEach) {
  const SuiteSchedule s = choose_schedule(8, 25, std::nullopt, std::nullopt);
  EXPECT_EQ(s.jobs, 8);
  EXPECT_EQ(s.threads, 1);
}

TEST(SuiteSchedule, NeverMoreUnitsAtOnceThanTargetRunsAndTheCoresSharedAmongThem) {
  const SuiteSchedule s = choose_schedule(16, 5, std::nullopt, std::nullopt);
  EXPECT_EQ(s.jobs, 5);
  EXPECT_EQ(s.threads, 3);
}

TEST(SuiteSchedule, JobsAndThreadsGivenWin) {
  const SuiteSchedule s = choose_schedule(2, 25, 1, std::nullopt);
  EXPECT_EQ(s.jobs, 1);
  EXPECT_EQ(s.threads, 2);
  EXPECT_EQ(choose_schedule(2, 25, std::nullopt, 4).threads, 4);
  EXPECT_EQ(choose_schedule(0, 25, std::nullopt, std::nullopt).jobs, 1);  // an unknown core count
}

TEST(UnitCommand, RepeatsTheInvocationForOneUnitWithTheScheduledThreads) {
  const SuiteInvocation invocation{"/bin/tl-boost", "configs/suite.json", "0-2", "runs", std::string("cuda"),
                                   {"train.lr=0.02", "data.max_per_class=5"}, "tl-boost suite configs/suite.json"};
  EXPECT_EQ(unit_command(invocation, 3, 7),
            (std::vector<std::string>{"/bin/tl-boost", "suite", "configs/suite.json", "--seeds", "0-2", "--out", "runs",
                                      "--threads", "3", "--device", "cuda", "--set", "train.lr=0.02", "--set",
                                      "data.max_per_class=5", "--unit", "7"}));
}

TEST(UnitCommand, PassesDataDirOnSoEveryChildReadsTheDataTheSuiteChecked) {
  SuiteInvocation invocation{"/bin/tl-boost", "s.json", "0", "runs"};
  invocation.data_dir = "/scratch/cifar-10-batches-bin";
  EXPECT_EQ(unit_command(invocation, 1, 2),
            (std::vector<std::string>{"/bin/tl-boost", "suite", "s.json", "--seeds", "0", "--out", "runs", "--threads",
                                      "1", "--data-dir", "/scratch/cifar-10-batches-bin", "--unit", "2"}));
}

class SuiteTest : public ::testing::Test {
 protected:
  testing::TempDir tmp_{"tl_boost_suite"};
  int sessions_opened_ = 0;
  SessionSource session_{[](const ExperimentConfig&) {},
                         [this](const ExperimentConfig&) -> const Session& {
                           ++sessions_opened_;
                           return testing::synthetic_session();
                         }};

  Suite smoke_suite(const std::vector<std::uint64_t>& seeds = {0}) const {
    return Suite(load_suite_config(kConfigs / "smoke_suite.json"), seeds, testing::tiny_settings(), tmp_.path());
  }
  SuiteInvocation invocation(const std::string& self = "unused") const {
    return {self, kConfigs / "smoke_suite.json", "0", tmp_.path(), std::nullopt, {}, ""};
  }
};

TEST_F(SuiteTest, RunsEveryUnitInThisProcessThenFindsThemAllComplete) {
  const Suite suite = smoke_suite();
  for (const auto& line : suite.plan()) EXPECT_FALSE(line["complete"].get<bool>()) << line;
  run_suite(suite, {1, 1}, invocation(), session_);
  EXPECT_EQ(read_manifest(suite.layout().manifest()), suite.manifest());
  EXPECT_EQ(suite.manifest().protocols,
            (std::vector<std::string>{"transferred", "non_transferred", "transferred_diverse", "transferred_more_data",
                                      "scratch"}));
  for (const auto& line : suite.plan()) EXPECT_TRUE(line["complete"].get<bool>()) << line;
  for (const auto& unit : suite.units()) {
    if (unit.kind != UnitKind::kTarget) continue;
    const json summary = read_json_file(suite.layout().run(unit.protocol, unit.seed).summary());
    EXPECT_EQ(summary["status"], "completed") << unit.protocol;
  }
  // A second run has nothing to do and never opens the dataset.
  sessions_opened_ = 0;
  run_suite(suite, {1, 1}, invocation(), session_);
  EXPECT_EQ(sessions_opened_, 0);
}

// Fields of a CSV line.
std::vector<double> csv_numbers(const std::string& line) {
  std::vector<double> numbers;
  std::stringstream in(line);
  for (std::string field; std::getline(in, field, ',');) numbers.push_back(std::stod(field));
  return numbers;
}

TEST_F(SuiteTest, InterpolationWritesACsvPerPairAndSeedPairAndARerunRecomputesNothing) {
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

TEST_F(SuiteTest, AnInterpolationThatCannotBeWrittenNamesItsPathAndTheRerunWritesIt) {
  const fs::path file = tmp_.path() / "interpolation.json";
  std::ofstream(file) << R"({"name": "interp", "protocols": [")" << (kConfigs / "scratch.json").string()
                      << R"(", {"config": ")" << (kConfigs / "scratch.json").string()
                      << R"(", "name": "scratch_lr", "set": ["train.lr=0.02"]}],
                            "interpolation": {"pairs": [["scratch", "scratch_lr"]], "points": 2, "subset": 8}})";
  const Suite suite(load_suite_config(file), {0}, testing::tiny_settings(), tmp_.path());
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

TEST_F(SuiteTest, ASecondProcessWaitsForTheInterpolationsOfTheFirstAndWritesNone) {
  const fs::path file = tmp_.path() / "interpolation.json";
  std::ofstream(file) << R"({"name": "interp", "protocols": [")" << (kConfigs / "scratch.json").string()
                      << R"(", {"config": ")" << (kConfigs / "scratch.json").string()
                      << R"(", "name": "scratch_lr", "set": ["train.lr=0.02"]}],
                            "interpolation": {"pairs": [["scratch", "scratch_lr"]], "points": 2, "subset": 8}})";
  const Suite suite(load_suite_config(file), {0}, testing::tiny_settings(), tmp_.path());
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

TEST_F(SuiteTest, AnInterpolationPairNamingNoProtocolNamesTheSuiteFileAndPointer) {
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

TEST_F(SuiteTest, SourceNetworkSharedByTwoProtocolsIsTrainedOnceAndCopiedIntoBoth) {
  const Suite suite = smoke_suite();
  run_suite(suite, {1, 1}, invocation(), session_);
  std::set<std::string> keys;
  for (const auto& unit : suite.units()) {
    if (unit.kind == UnitKind::kSource) keys.insert(unit.source_key);
  }
  std::set<std::string> cached;
  for (const auto& entry : fs::directory_iterator(suite.layout().sources())) {
    if (entry.is_directory()) cached.insert(entry.path().filename().string());
  }
  EXPECT_EQ(cached, keys);  // no .partial left behind
  // transferred and non_transferred both start from a network trained on their source classes;
  // every target run's source rows equal those of its cached source stage.
  for (const auto& unit : suite.units()) {
    if (unit.kind != UnitKind::kTarget || unit.source_key.empty()) continue;
    const json stage = read_json_file(suite.layout().source(unit.source_key).stage_record());
    const json summary = read_json_file(suite.layout().run(unit.protocol, unit.seed).summary());
    EXPECT_EQ(summary["stages"]["source"]["test_acc"], stage["completed"][0]["test"]["accuracy"]) << unit.protocol;
  }
}

TEST_F(SuiteTest, TargetUnitRunAloneTrainsItsMissingSourceFirst) {
  const Suite suite = smoke_suite();
  const SuiteUnit* target = nullptr;
  for (const auto& unit : suite.units()) {
    if (unit.kind == UnitKind::kTarget && unit.protocol == "transferred") target = &unit;
  }
  ASSERT_NE(target, nullptr);
  EXPECT_FALSE(source_cached(suite.layout(), target->source_key));
  suite.run_unit(*target, testing::synthetic_session(), "");
  EXPECT_TRUE(source_cached(suite.layout(), target->source_key));
  EXPECT_TRUE(suite.unit_complete(*target));
  EXPECT_TRUE(suite.unit_complete(suite.units()[*target->source_unit]));
}

TEST_F(SuiteTest, PlanMarksIncompleteExactlyARemovedSourceAndARunThatOwesItsProbe) {
  const Suite suite = smoke_suite();
  run_suite(suite, {1, 1}, invocation(), session_);
  const SuiteUnit& source = suite.units().front();
  ASSERT_EQ(source.kind, UnitKind::kSource);
  fs::remove_all(suite.layout().source(source.source_key).dir());
  const SuiteUnit& scratch = suite.units().back();
  ASSERT_EQ(scratch.protocol, "scratch");
  const RunLayout run = suite.layout().run(scratch.protocol, scratch.seed);
  json summary = read_json_file(run.summary());
  summary.erase("probe");
  write_file_atomic(run.summary(), summary.dump(2));

  std::set<std::size_t> incomplete;
  for (const auto& line : suite.plan()) {
    if (!line["complete"].get<bool>()) incomplete.insert(line["unit"].get<std::size_t>());
  }
  EXPECT_EQ(incomplete, (std::set<std::size_t>{source.index, scratch.index}));
  run_suite(suite, {1, 1}, invocation(), session_);
  for (const auto& line : suite.plan()) EXPECT_TRUE(line["complete"].get<bool>()) << line;
  EXPECT_TRUE(read_json_file(run.summary()).contains("probe"));
}

TEST_F(SuiteTest, TruncatedCachedSourceIsNamedAndTrainedAgainAndItsTargetCompletes) {
  const Suite suite = smoke_suite();
  run_suite(suite, {1, 1}, invocation(), session_);
  const SuiteUnit* target = nullptr;
  for (const auto& unit : suite.units()) {
    if (unit.kind == UnitKind::kTarget && unit.protocol == "transferred") target = &unit;
  }
  ASSERT_NE(target, nullptr);
  const RunLayout cached = suite.layout().source(target->source_key);
  const auto size = fs::file_size(cached.stage_weights("source"));
  fs::resize_file(cached.stage_weights("source"), size / 2);
  fs::remove(suite.layout().run(target->protocol, target->seed).summary());

  const testing::LogCapture log;
  run_suite(suite, {1, 1}, invocation(), session_);
  EXPECT_NE(log.text().find("cache entry " + cached.dir().string() + ": source.pt is unreadable ("), std::string::npos)
      << log.text();
  EXPECT_NE(log.text().find("rebuilding the entry"), std::string::npos) << log.text();
  EXPECT_EQ(fs::file_size(cached.stage_weights("source")), size);
  EXPECT_TRUE(suite.unit_complete(*target));
  EXPECT_EQ(read_json_file(suite.layout().run(target->protocol, target->seed).summary())["status"], "completed");
}

// The transferred target unit of the smoke suite, after the whole suite ran once.
const SuiteUnit& transferred_target(const Suite& suite) {
  for (const auto& unit : suite.units()) {
    if (unit.kind == UnitKind::kTarget && unit.protocol == "transferred") return unit;
  }
  throw std::logic_error("the smoke suite has a transferred target");
}

TEST_F(SuiteTest, CorruptStageRecordOfACachedSourceIsNamedAndTheEntryRebuiltExactly) {
  const Suite suite = smoke_suite();
  run_suite(suite, {1, 1}, invocation(), session_);
  const SuiteUnit& target = transferred_target(suite);
  const RunLayout cached = suite.layout().source(target.source_key);
  const std::string stage = read_json_file(cached.stage_record()).dump();
  // Each damage a broken disk or an editor leaves: cut short, emptied, or valid JSON that records
  // no finished stage.
  for (const std::string& damaged : {stage.substr(0, stage.size() / 2), std::string(),
                                     std::string(R"({"stage_index": 0, "history": [], "stage_seconds": 0,
                                                     "state_file": "", "completed": []})")}) {
    std::ofstream(cached.stage_record()) << damaged;
    fs::remove(suite.layout().run(target.protocol, target.seed).summary());
    const testing::LogCapture log;
    run_suite(suite, {1, 1}, invocation(), session_);
    EXPECT_NE(log.text().find("cache entry " + cached.dir().string() + ": stage.json is unreadable ("),
              std::string::npos)
        << damaged << "\n" << log.text();
    EXPECT_NE(log.text().find("rebuilding the entry"), std::string::npos) << log.text();
    // Trained again from the same seed: the same source stage, bar its wall seconds.
    json rebuilt = read_json_file(cached.stage_record()), original = json::parse(stage);
    for (json* record : {&rebuilt, &original}) {
      for (auto& completed : (*record)["completed"]) {
        completed.erase("seconds");
        for (auto& epoch : completed["epochs"]) epoch.erase("seconds");
      }
      record->erase("stage_seconds");
    }
    EXPECT_EQ(rebuilt, original);
    EXPECT_EQ(read_json_file(suite.layout().run(target.protocol, target.seed).summary())["status"], "completed");
  }
}

TEST_F(SuiteTest, CorruptCheckpointOfAnInterruptedSourceIsNamedAndTheSourceTrainedFromItsFirstEpoch) {
  const Suite suite = smoke_suite();
  const SuiteUnit& source = suite.units().front();
  ASSERT_EQ(source.kind, UnitKind::kSource);
  const RunLayout partial = suite.layout().source_partial(source.source_key);
  fs::create_directories(partial.dir());
  std::ofstream(partial.checkpoint()) << R"({"stage_index": 0, "hist)";
  const testing::LogCapture log;
  suite.run_unit(source, testing::synthetic_session(), "");
  EXPECT_NE(log.text().find("cache entry " + partial.dir().string() + ": checkpoint.json is unreadable ("),
            std::string::npos)
      << log.text();
  EXPECT_NE(log.text().find("trained again from its first epoch"), std::string::npos) << log.text();
  EXPECT_TRUE(suite.unit_complete(source));
  EXPECT_FALSE(fs::exists(partial.dir()));
}

TEST_F(SuiteTest, ADeviceOrDataProblemFailsTheSuiteOnceBeforeAnythingIsWritten) {
  const Suite suite = smoke_suite();
  std::size_t checks = 0;
  session_.check = [&](const ExperimentConfig& config) {
    ++checks;
    throw DataError(config.data.dir + ": no such directory");
  };
  EXPECT_THROW(run_suite(suite, {2, 1}, invocation("/bin/false"), session_), DataError);
  EXPECT_EQ(checks, 1u);
  EXPECT_FALSE(fs::exists(suite.layout().root()));
}

// Child processes: a stand-in program records each command line, so the schedule is checked
// without the binary or the dataset.
TEST_F(SuiteTest, ChildProcessesRunEverySourceUnitBeforeAnyTargetEachWithItsLog) {
  const Suite suite = smoke_suite({0, 1});
  const fs::path recorder = tmp_ / "record.sh";
  std::ofstream(recorder) << "#!/bin/sh\necho \"$@\" >> " << (tmp_ / "calls.txt").string() << "\necho ran\n";
  fs::permissions(recorder, fs::perms::owner_all);
  run_suite(suite, {2, 1}, invocation(recorder.string()), session_);
  EXPECT_EQ(sessions_opened_, 0);
  std::ifstream calls(tmp_ / "calls.txt");
  std::vector<std::size_t> units;
  for (std::string line; std::getline(calls, line);) {
    EXPECT_EQ(line.rfind("suite " + (kConfigs / "smoke_suite.json").string() + " --seeds 0 --out", 0), 0u) << line;
    units.push_back(std::stoul(line.substr(line.rfind(' ') + 1)));
  }
  ASSERT_EQ(units.size(), suite.units().size());
  std::size_t sources = 0;
  for (const auto& unit : suite.units()) sources += unit.kind == UnitKind::kSource;
  for (std::size_t i = 0; i < units.size(); ++i) {
    EXPECT_EQ(suite.units()[units[i]].kind, i < sources ? UnitKind::kSource : UnitKind::kTarget) << i;
  }
  for (const auto& unit : suite.units()) EXPECT_TRUE(fs::exists(suite.layout().unit_log(unit.index)));
}

TEST_F(SuiteTest, FailingChildrenAreCountedAndNoTargetStartsWithoutItsSources) {
  const Suite suite = smoke_suite();
  try {
    run_suite(suite, {2, 1}, invocation("/bin/false"), session_);
    FAIL() << "expected RunFailedError";
  } catch (const RunFailedError& e) {
    std::size_t sources = 0;
    for (const auto& unit : suite.units()) sources += unit.kind == UnitKind::kSource;
    EXPECT_EQ(std::string(e.what()).find(std::to_string(sources) + " suite unit(s) failed"), 0u) << e.what();
  }
}

// A stand-in unit: it says it started once it answers SIGTERM, then waits; on SIGTERM unit 0 stops
// as a unit at a checkpoint does (143), unit 1 finishes (0) and any other fails (3).
void write_unit_answering_sigterm(const fs::path& script, const fs::path& started_prefix) {
  std::ofstream(script) << "#!/bin/sh\n"
                           "for unit; do :; done\n"  // the last argument: the unit's index
                           "case $unit in 0) code=143 ;; 1) code=0 ;; *) code=3 ;; esac\n"
                           "sleep 60 & trap 'kill $! 2>/dev/null; exit $code' TERM\n"
                           "touch "
                        << started_prefix.string() << "$unit\nwait $!\n";
  fs::permissions(script, fs::perms::owner_all);
}

TEST_F(SuiteTest, InterruptMessageNamesEveryUnitTheSignalReachedHoweverItEnded) {
  const Suite suite = smoke_suite();
  write_unit_answering_sigterm(tmp_ / "unit.sh", tmp_ / "started-");
  const pid_t suite_process = ::fork();
  ASSERT_GE(suite_process, 0);
  if (suite_process == 0) {  // handlers in a child: the flag would stay set in the test process
    install_interrupt_handlers();
    try {
      run_suite(suite, {3, 1}, invocation((tmp_ / "unit.sh").string()), session_);
    } catch (const InterruptedError& e) {
      std::ofstream(tmp_ / "message.txt") << e.what();
      ::_exit(e.exit_code());
    } catch (...) {
    }
    ::_exit(1);
  }
  // Signalled once the three units at a time are all running and answer SIGTERM.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  const auto all_started = [&] {
    return fs::exists(tmp_ / "started-0") && fs::exists(tmp_ / "started-1") && fs::exists(tmp_ / "started-2");
  };
  while (!all_started() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ::kill(suite_process, SIGTERM);
  int status = 0;
  ::waitpid(suite_process, &status, 0);
  ASSERT_TRUE(all_started()) << "the units did not start within 60 s";
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 143) << status;
  std::ifstream in(tmp_ / "message.txt");
  const std::string message((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto unit = [&](std::size_t i) {
    const SuiteUnit& u = suite.units()[i];
    return "unit " + std::to_string(i) + " (source of " + u.protocol + " seed 0) ";
  };
  EXPECT_NE(message.find("passed it on to 3 running unit(s)"), std::string::npos) << message;
  EXPECT_NE(message.find(unit(0) + "stopped at its last complete epoch"), std::string::npos) << message;
  EXPECT_NE(message.find(unit(1) + "finished"), std::string::npos) << message;
  EXPECT_NE(message.find(unit(2) + "failed with exit 3 (see " + suite.layout().unit_log(2).string() + ")"),
            std::string::npos)
      << message;
  EXPECT_EQ(message.find("no unit was running"), std::string::npos) << message;
  EXPECT_NE(message.find("Continue with: "), std::string::npos) << message;
}

}  // namespace
}  // namespace tl_boost
