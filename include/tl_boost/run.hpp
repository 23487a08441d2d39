#pragma once
// One run's life: enter its directory (new, replaced or resumed), train what is left through a
// RunRecorder, write the summary, and add a probe or landscape measures asked for after the run finished.
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "tl_boost/config.hpp"
#include "tl_boost/layout.hpp"
#include "tl_boost/run_output.hpp"
#include "tl_boost/session.hpp"

namespace tl_boost {

/// What a run directory holds, judged against the config that would run there.
enum class RunState {
  kEmpty,         // no checkpoint and no summary: nothing to continue
  kCheckpointed,  // interrupted after a saved epoch: continues from checkpoint.json
  kFailed,        // summary.json says "failed": starts over
  kOwesMeasures,  // finished training, but the config asks for a probe or landscape measure the summary lacks
  kComplete,      // finished with everything the config asks for
};

struct RunStatus {
  RunState state = RunState::kEmpty;
  std::optional<nlohmann::json> summary;  // the finished run's summary (kOwesMeasures, kComplete)
};

/// The one rule for "is this run done": a run and a suite's completeness check both use it.
RunStatus inspect_run(const RunLayout& run, const ExperimentConfig& config);

/// A new run (neither --resume nor --force) refuses a directory that holds files: IoError naming
/// what is there (inspect_run) and the next step: --resume (`resume_command`) for an interrupted
/// run or one owing measures, --force to replace it.
void check_new_run_directory(const RunLayout& run, const ExperimentConfig& config, const std::string& resume_command);

/// How a run directory is entered.
enum class RunEntry {
  kNew,      // refuse a directory that holds a run
  kReplace,  // --force: remove the previous run's files first
  kResume,   // --resume: continue from the checkpoint; a finished run is left as it is
};

struct RunTarget {
  RunLayout layout;
  RunEntry entry = RunEntry::kNew;
  std::string resume_command;              // what continues the run, for the "resume with" hint
  std::optional<RunLayout> cached_source;  // a suite's trained source stage to start from
  std::string split;                       // the suite's class split; "" outside a split suite
  std::optional<RunCommand> command;       // written to command.json when the directory is entered
};

enum class RunOutcome { kTrained, kMeasuresAdded, kAlreadyComplete };

/// Runs `config` into target.layout, or continues it. Throws ConfigError when a resumed run's
/// config differs from the interrupted one, RunFailedError (after writing a "failed" summary) when
/// training diverges, InterruptedError (with the resume command) on SIGINT/SIGTERM.
RunOutcome execute_run(const ExperimentConfig& config, const RunTarget& target, const Session& session);

}  // namespace tl_boost
