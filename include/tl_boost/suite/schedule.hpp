#pragma once
// Running a suite's pending units: in this process, or J child processes at a time, each running
// one unit of the same invocation; then the interpolations.
#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "tl_boost/progress.hpp"
#include "tl_boost/run_output.hpp"
#include "tl_boost/session.hpp"
#include "tl_boost/suite/suite.hpp"

namespace tl_boost {

/// How many units run at once and with how many threads each.
struct SuiteSchedule {
  int jobs = 1;
  int threads = 1;
};

/// By default one unit per core with one thread each, the fastest use of the cores in all (bench's
/// "suite parallelism"), and never more units at once than `target_runs`; `jobs` and `threads`
/// (when given, > 0) override.
SuiteSchedule choose_schedule(int cores, std::size_t target_runs, std::optional<int> jobs, std::optional<int> threads);

/// What the suite command was asked, so that a child process can repeat it for one unit.
struct SuiteInvocation {
  std::string self;                    // this program
  std::filesystem::path suite_file;
  std::string seeds;                   // the seed list as given (0-4, 0,2,5)
  std::filesystem::path out;
  std::optional<std::string> device;   // --device
  std::vector<std::string> overrides;  // --set, in order
  std::string command_line;            // as typed, for the "resume with" hint
  std::optional<std::string> splits;   // --splits as given (default,random-7-0 or 0-2)
  std::optional<RunCommand> command;   // each run's command.json
  std::optional<std::string> data_dir; // --data-dir, absolute (TL_BOOST_DATA reaches children by itself)
};

/// The command line of a child process that runs `unit` of the invocation alone, with `threads`
/// (the same seeds and splits, so that the unit indices agree).
std::vector<std::string> unit_command(const SuiteInvocation& invocation, int threads, std::size_t unit);

/// Where run_suite gets its sessions. `check` (check_session) is asked about every config before
/// anything is written; `open` gives the session for a unit run in this process, opened on first
/// use, so that a suite with nothing left to do never reads the dataset.
struct SessionSource {
  std::function<void(const ExperimentConfig&)> check;
  std::function<const Session&(const ExperimentConfig&)> open;
};

/// Checks the device and data of every config (DeviceError, DataError: the suite fails as `run`
/// does, writing nothing), writes the manifest and runs every unit not yet complete: all in this
/// process when schedule.jobs is 1, else in child processes (unit_command), every source unit
/// before the targets; then, in this process, the interpolations not yet written. Throws
/// RunFailedError naming how many units failed (their logs are in logs/), InterruptedError naming
/// the units a signal stopped. `plan` (each unit's planned seconds) gives the progress line an ETA
/// before the first unit finishes.
void run_suite(const Suite& suite, const SuiteSchedule& schedule, const SuiteInvocation& invocation,
               const SessionSource& session, const ProgressPlan& plan = {});

}  // namespace tl_boost
