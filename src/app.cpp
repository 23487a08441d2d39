#include "tl_boost/app.hpp"

#include <iostream>
#include <optional>
#include <set>
#include <thread>

#include <spdlog/spdlog.h>

#include "tl_boost/collect.hpp"
#include "tl_boost/config.hpp"
#include "tl_boost/error.hpp"
#include "tl_boost/report/export_csv.hpp"
#include "tl_boost/report/words.hpp"
#include "tl_boost/report/write_report.hpp"
#include "tl_boost/run.hpp"
#include "tl_boost/runtime.hpp"
#include "tl_boost/seeds.hpp"
#include "tl_boost/session.hpp"
#include "tl_boost/suite.hpp"

namespace tl_boost {

namespace {

// The CLI flags are overrides like any --set, applied last, so every path through the config
// validation is the same.
std::vector<std::string> run_overrides(const RunOptions& options) {
  std::vector<std::string> overrides = options.overrides;
  if (options.seed) overrides.push_back("seed=" + std::to_string(*options.seed));
  if (options.device) overrides.push_back("device=\"" + *options.device + "\"");
  if (options.threads) overrides.push_back("threads=" + std::to_string(*options.threads));
  return overrides;
}

RunCommand run_command_record(const std::vector<std::string>& argv, const std::vector<std::string>& overrides) {
  std::error_code ec;
  return {argv, overrides, std::filesystem::current_path(ec).string()};
}

}  // namespace

int run_command(const RunOptions& options) {
  if (options.resume && options.force) throw ConfigError("--resume and --force exclude each other");
  const std::vector<std::string> overrides = run_overrides(options);
  const ExperimentConfig config = load_config(options.config, overrides, options.data);
  const RunLayout layout = RunLayout::under(options.out, config.name, config.seed);
  const std::string resume_command = options.command_line + " --resume";
  const RunEntry entry = options.resume ? RunEntry::kResume : options.force ? RunEntry::kReplace : RunEntry::kNew;
  // An existing run is refused before the dataset is read, which takes seconds.
  if (entry == RunEntry::kNew) check_new_run_directory(layout, config, resume_command);
  // The dataset is read before anything is created, so a bad one leaves no empty run directory.
  const Session session = open_session(config);
  execute_run(config, {layout, entry, resume_command, std::nullopt, "", run_command_record(options.argv, overrides)},
              session);
  return 0;
}

namespace {

// The ETA's prices from this machine's recorded throughputs (`suite --plan` records them); without
// a record the ETA waits for the first unit, as the log says.
ProgressPlan recorded_plan(const Suite& suite, const SuiteSchedule& schedule) {
  CostEstimateOptions options;
  options.record_file = throughput_record_file();
  options.measure = false;
  try {
    const SuiteCostEstimate estimate = estimate_suite_cost(suite, schedule, options);
    if (estimate.units == 0 && estimate.interpolations == 0) return {};
    spdlog::info("{}", describe(estimate, suite.config().name));
    if (estimate.origin == RatesOrigin::kNone) {
      spdlog::info("suite {}: the ETA waits for the first unit; `suite --plan` records this machine's throughputs "
                   "for an ETA from the start", suite.config().name);
    }
    return {estimate.unit_estimates, schedule.jobs, estimate.interpolation_seconds};
  } catch (const InterruptedError&) {
    throw;
  } catch (const Error& e) {
    spdlog::warn("suite {}: no planned ETA: {}", suite.config().name, e.what());
    return {};
  }
}

}  // namespace

namespace {

// `suite --plan`: one JSON object per unit on stdout (the Slurm script's input), the cost on stderr.
void print_plan(const Suite& suite, const SuiteSchedule& schedule) {
  for (const auto& line : suite.plan()) std::cout << line.dump() << "\n";
  std::cout.flush();
  try {
    CostEstimateOptions estimate;
    estimate.record_file = throughput_record_file();
    spdlog::info("{}", describe(estimate_suite_cost(suite, schedule, estimate), suite.config().name));
  } catch (const InterruptedError&) {
    throw;  // a signal stops the plan as it stops a run: exit 128 + signal
  } catch (const Error& e) {
    spdlog::warn("suite {}: no time estimate: {}", suite.config().name, e.what());
  }
}

// `suite --unit N`: one unit, as a scheduler's worker runs it.
void run_one_unit(const Suite& suite, std::size_t index, const SessionSource& sessions, const std::string& command_line,
                  const RunCommand& command_record) {
  if (index >= suite.units().size()) {
    throw ConfigError("--unit " + std::to_string(index) + ": the suite has units 0.." +
                      std::to_string(suite.units().size() - 1));
  }
  const SuiteUnit& unit = suite.units()[index];
  suite.run_unit(unit, sessions.open(suite.config_of(unit)), command_line, command_record);
}

}  // namespace

int suite_command(const SuiteOptions& options) {
  SuiteConfig suite_config = load_suite_config(options.suite);
  const std::string seed_list = options.seeds.value_or(suite_config.seeds);
  std::vector<std::uint64_t> seeds = parse_seed_list(seed_list);
  if (options.splits) suite_config.splits = select_splits(suite_config.splits, *options.splits);
  const std::size_t target_runs =
      suite_config.protocols.size() * seeds.size() * std::max<std::size_t>(1, suite_config.splits.size());
  const SuiteSchedule schedule =
      choose_schedule(static_cast<int>(std::thread::hardware_concurrency()), target_runs,
                      options.jobs > 0 ? std::optional<int>(options.jobs) : std::nullopt, options.threads);
  std::vector<std::string> overrides = options.overrides;
  if (options.device) overrides.push_back("device=\"" + *options.device + "\"");
  overrides.push_back("threads=" + std::to_string(schedule.threads));
  const Suite suite(std::move(suite_config), std::move(seeds), overrides, options.out, options.data);

  if (options.plan) {
    print_plan(suite, schedule);
    return 0;
  }
  std::optional<Session> session;
  const SessionSource sessions{check_session, [&](const ExperimentConfig& config) -> const Session& {
                                 if (!session) session = open_session(config);
                                 return *session;
                               }};
  if (options.unit) {
    run_one_unit(suite, *options.unit, sessions, options.command_line, run_command_record(options.argv, overrides));
    return 0;
  }
  SuiteInvocation invocation{options.self,         options.suite,   seed_list,
                             options.out,          options.device,  options.overrides,
                             options.command_line, options.splits,  run_command_record(options.argv, overrides)};
  // Absolute, as this process resolved it (locate_data).
  if (options.data.flag) invocation.data_dir = std::filesystem::absolute(*options.data.flag).lexically_normal().string();
  run_suite(suite, schedule, invocation, sessions, recorded_plan(suite, schedule));
  return report_command({suite.layout().root(), {}});
}

int report_command(const ReportCommandOptions& options) {
  const WrittenReport written = write_report(options.suite_dir, options.report);
  const Report& report = written.report;
  // The findings, as the report opens with them: the headline boost, then each hypothesis' verdict.
  for (const auto& h : report.headline) spdlog::info("{}", headline_finding(h));
  if (report.hypotheses) {
    for (const auto& f : report.findings) spdlog::info("{}", hypothesis_finding(f, *report.hypotheses));
  }
  for (const auto& e : report.expectations) {
    spdlog::info("{}: {} — {}", expectation_label(e), expectation_statement(e), to_string(e.verdict));
  }
  spdlog::info("wrote {}, {} and {} (with its charts)", written.markdown.string(), written.html.string(),
               written.json_file.string());
  return 0;
}

int export_command(const ExportOptions& options) {
  const ExportedCsv exported = export_csv(options.suite_dir, options.out);
  spdlog::info("runs: {} ({} rows of {} runs)", exported.runs.string(), exported.epoch_rows, exported.run_count);
  spdlog::info("comparisons: {} ({} rows)", exported.comparisons.string(), exported.comparison_rows);
  return 0;
}

int collect_command(const CollectOptions& options) {
  const SuiteLayout from(options.from), into(options.into);
  const CollectedRuns c =
      collect_runs(from, into, std::set<std::string>(options.protocols.begin(), options.protocols.end()));
  spdlog::info("collected from {} into {}: finished runs {}, interpolation curves {}; unfinished runs left {}",
               from.root().string(), into.root().string(), c.copied.size(), c.interpolations_copied,
               c.unfinished.size());
  if (!c.kept.empty() || c.interpolations_kept > 0) {
    spdlog::info("kept as they were: finished runs {} (with the same curves, every metrics.csv column but the "
                 "seconds: {}), interpolation curves {} (identical)",
                 c.kept.size(), c.kept.size() - c.other_curves.size(), c.interpolations_kept);
  }
  for (const auto& run : c.other_curves) {
    spdlog::warn("{}: the run in {} has other curves than the one kept; compare their metrics.csv", run.string(),
                 from.root().string());
  }
  for (const auto& protocol : c.joined) {
    spdlog::info("{} joined {}: every run of its splits and seeds is in", protocol, into.manifest().string());
  }
  for (const auto& w : c.waiting) {
    spdlog::info("{} joins {} (and the report) once every run is in: {} of {}", w.protocol,
                 into.manifest().string(), w.finished, w.needed);
  }
  return 0;
}

std::string version_text() {
  return "tl-boost " + tl_boost_version() + " (git " + git_sha() + ")\nLibTorch " + libtorch_version() +
         "\nCUDA available: " + (cuda_available() ? "yes" : "no") + "\n";
}

}  // namespace tl_boost
