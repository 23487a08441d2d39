#include "tl_boost/suite/schedule.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <thread>

#include <gtest/gtest.h>

#include "suite_fixture.hpp"
#include "tl_boost/error.hpp"
#include "tl_boost/interrupt.hpp"
#include "tl_boost/run_output.hpp"

namespace tl_boost {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path kConfigs = testing::configs_dir();

// A suite run by its schedule: in this process, or in child processes J at a time.
class SuiteScheduleTest : public testing::SuiteFixture {};

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

TEST_F(SuiteScheduleTest, RunsEveryUnitInThisProcessThenFindsThemAllComplete) {
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

TEST_F(SuiteScheduleTest, ADeviceOrDataProblemFailsTheSuiteOnceBeforeAnythingIsWritten) {
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
TEST_F(SuiteScheduleTest, ChildProcessesRunEverySourceUnitBeforeAnyTargetEachWithItsLog) {
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

TEST_F(SuiteScheduleTest, FailingChildrenAreCountedAndNoTargetStartsWithoutItsSources) {
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

TEST_F(SuiteScheduleTest, InterruptMessageNamesEveryUnitTheSignalReachedHoweverItEnded) {
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
