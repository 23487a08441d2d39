#include "tl_boost/suite/schedule.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <set>
#include <signal.h>
#include <unistd.h>

#include <spdlog/fmt/ranges.h>
#include <spdlog/spdlog.h>

#include "tl_boost/error.hpp"
#include "tl_boost/interrupt.hpp"
#include "tl_boost/progress.hpp"
#include "tl_boost/run_output.hpp"
#include "tl_boost/subprocess.hpp"
#include "tl_boost/suite/interpolation.hpp"

namespace tl_boost {

SuiteSchedule choose_schedule(int cores, std::size_t target_runs, std::optional<int> jobs, std::optional<int> threads) {
  SuiteSchedule schedule;
  cores = std::max(1, cores);
  schedule.jobs = jobs && *jobs > 0 ? *jobs : std::max(1, std::min(cores, static_cast<int>(target_runs)));
  schedule.threads = threads ? *threads : std::max(1, cores / schedule.jobs);
  return schedule;
}

std::vector<std::string> unit_command(const SuiteInvocation& invocation, int threads, std::size_t unit) {
  std::vector<std::string> args{invocation.self, "suite",     invocation.suite_file.string(),
                                "--seeds",       invocation.seeds, "--out",
                                invocation.out.string(), "--threads", std::to_string(threads)};
  if (invocation.device) args.insert(args.end(), {"--device", *invocation.device});
  for (const auto& o : invocation.overrides) args.insert(args.end(), {"--set", o});
  if (invocation.splits) args.insert(args.end(), {"--splits", *invocation.splits});
  if (invocation.data_dir) args.insert(args.end(), {"--data-dir", *invocation.data_dir});
  args.insert(args.end(), {"--unit", std::to_string(unit)});
  return args;
}

namespace {

// A missing device or data directory is the whole suite's problem: it fails once, as `run`
// fails, before anything is written or a unit starts.
void check_sessions(const Suite& suite, const SessionSource& session) {
  std::set<std::pair<int, std::string>> checked;
  for (const auto& unit : suite.units()) {
    const ExperimentConfig& config = suite.config_of(unit);
    if (checked.emplace(static_cast<int>(config.device), config.data.path().string()).second) session.check(config);
  }
}

// The suite's declared predictions beside its runs, as they stand when it starts: what its report judges.
void copy_hypotheses(const Suite& suite) {
  const auto& file = suite.config().hypotheses;
  if (!file) return;
  std::ifstream in(*file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) throw IoError(file->string() + ": cannot read");
  const std::filesystem::path copy = suite.layout().hypotheses();
  std::ifstream old(copy, std::ios::binary);
  std::ostringstream before;
  before << old.rdbuf();
  if (old && before.str() != text.str()) {
    spdlog::warn("suite {}: {} differs from {}; replacing it (the report judges the file as it is now)",
                 suite.config().name, copy.string(), file->string());
  }
  write_file_atomic(copy, text.str());
}

// The manifest, the hypotheses and the logs directory, then what this invocation is about to do.
void start_suite(const Suite& suite, const SuiteSchedule& schedule, std::size_t found_complete) {
  const SuiteLayout& layout = suite.layout();
  const std::size_t units = suite.units().size();
  std::error_code ec;
  std::filesystem::create_directories(layout.logs(), ec);
  if (ec) throw IoError(layout.logs().string() + ": cannot create: " + ec.message());
  write_manifest(layout.manifest(), suite.manifest());
  copy_hypotheses(suite);
  const SuiteManifest manifest = suite.manifest();
  spdlog::info("suite {}: {} protocols x {} seeds{} = {} units, {} at a time with {} thread(s) each -> {}", manifest.name,
               manifest.protocols.size(), manifest.seeds.size(),
               manifest.splits.empty() ? std::string() : fmt::format(" x {} splits", manifest.splits.size()), units,
               schedule.jobs, schedule.threads, layout.root().string());
  if (found_complete > 0) {
    spdlog::info("suite {}: {} of {} units already complete; running the other {}", manifest.name, found_complete,
                 units, units - found_complete);
  }
}

std::string unit_text(const SuiteUnit& unit) {
  return fmt::format("unit {} ({} {}{} seed {})", unit.index, unit.kind == UnitKind::kSource ? "source of" : "target",
                     unit.protocol, unit.split.empty() ? "" : " split " + unit.split, unit.seed);
}

// What one scheduling pass needs beside the suite: which units were complete and where progress goes.
struct Pass {
  const Suite& suite;
  const SuiteSchedule& schedule;
  const SuiteInvocation& invocation;
  const std::vector<bool>& complete;
  SuiteProgress& progress;

  void report(const SuiteUnit& unit, const char* outcome) const {
    progress.unit_done(unit.index, fmt::format("{} {}", unit_text(unit), outcome));
  }
};

void run_in_this_process(const Pass& pass, const SessionSource& session) {
  for (const auto& unit : pass.suite.units()) {
    if (pass.complete[unit.index]) continue;
    pass.progress.unit_started(unit.index);
    pass.suite.run_unit(unit, session.open(pass.suite.config_of(unit)), pass.invocation.command_line,
                        pass.invocation.command);
    pass.report(unit, "done");
  }
}

// How a unit that ended after this process was interrupted ended: every unit running then got the
// signal, and each may stop at a checkpoint, finish or fail.
std::string ending_after_signal(const SuiteLayout& layout, const SuiteUnit& unit, int exit_code) {
  const bool by_signal = exit_code == 128 + SIGINT || exit_code == 128 + SIGTERM;
  if (by_signal) return unit_text(unit) + " stopped at its last complete epoch";
  if (exit_code == 0) return unit_text(unit) + " finished";
  return fmt::format("{} failed with exit {} (see {})", unit_text(unit), exit_code, layout.unit_log(unit.index).string());
}

// One phase's pending units, J child processes at a time; returns how many failed. Once this
// process is interrupted (Ctrl-C reaches the children too, and this process passes either on as
// SIGTERM), every unit that ends goes to `signalled` with how it ended; one ended by the signal
// stopped at a checkpoint and is not counted as failed.
std::size_t run_phase(const Pass& pass, UnitKind phase, std::vector<std::string>& signalled) {
  const SuiteLayout& layout = pass.suite.layout();
  std::vector<const SuiteUnit*> pending;
  for (const auto& unit : pass.suite.units()) {
    if (unit.kind == phase && !pass.complete[unit.index]) pending.push_back(&unit);
  }
  return run_in_processes(
      pending.size(), pass.schedule.jobs,
      [&](std::size_t i) {
        pass.progress.unit_started(pending[i]->index);
        return ChildSpec{unit_command(pass.invocation, pass.schedule.threads, pending[i]->index),
                         layout.unit_log(pending[i]->index), {}};
      },
      [&](std::size_t i, int exit_code) {
        const SuiteUnit& unit = *pending[i];
        const bool by_signal = exit_code == 128 + SIGINT || exit_code == 128 + SIGTERM;
        if (pending_interrupt() != 0) signalled.push_back(ending_after_signal(layout, unit, exit_code));
        if (pending_interrupt() != 0 && by_signal) {
          pass.report(unit, "stopped");
          return;
        }
        if (exit_code != 0) {
          spdlog::error("unit {} ({} seed {}) failed with exit {}; see {}", unit.index, unit.protocol, unit.seed,
                        exit_code, layout.unit_log(unit.index).string());
        }
        pass.report(unit, exit_code == 0 ? "done" : "failed");
      });
}

// Every source unit finishes before the targets start; returns how many units failed.
std::size_t run_in_children(const Pass& pass) {
  std::size_t failed = 0;
  std::vector<std::string> signalled;  // the units running when a signal came, and how each ended
  try {
    for (const UnitKind phase : {UnitKind::kSource, UnitKind::kTarget}) {
      failed += run_phase(pass, phase, signalled);
      if (failed > 0 && phase == UnitKind::kSource) break;  // targets would miss their sources
    }
  } catch (const InterruptedError& e) {
    // Name every unit the signal reached, however it ended: each stopped one continues from its
    // checkpoint when the suite reruns.
    const std::string which =
        signalled.empty() ? "no unit was running"
                          : fmt::format("passed it on to {} running unit(s): {}", signalled.size(),
                                        fmt::join(signalled, "; "));
    throw InterruptedError(fmt::format("interrupted by signal {}: {}.\nContinue with: {}", e.signal(), which,
                                       pass.invocation.command_line),
                           e.signal());
  }
  return failed;
}

}  // namespace

void run_suite(const Suite& suite, const SuiteSchedule& schedule, const SuiteInvocation& invocation,
               const SessionSource& session, const ProgressPlan& plan) {
  check_sessions(suite, session);
  check_interpolation_weights(suite);
  const std::vector<bool> complete = suite.completion();
  const auto found_complete = static_cast<std::size_t>(std::count(complete.begin(), complete.end(), true));
  start_suite(suite, schedule, found_complete);

  // Live on a terminal only when units run in child processes: a unit in this process logs its epochs.
  SuiteProgress progress(complete, schedule.jobs > 1 && ::isatty(STDERR_FILENO) == 1, plan);
  const Pass pass{suite, schedule, invocation, complete, progress};
  if (schedule.jobs == 1) {
    run_in_this_process(pass, session);
  } else if (const std::size_t failed = run_in_children(pass); failed > 0) {
    throw RunFailedError(std::to_string(failed) + " suite unit(s) failed; rerun the suite to continue");
  }
  try {
    run_interpolations(suite, session.open);
  } catch (const InterruptedError& e) {
    throw InterruptedError(fmt::format("{}; the interpolations written are kept.\nContinue with: {}", e.what(),
                                       invocation.command_line),
                           e.signal());
  }
}

}  // namespace tl_boost
