#include "tl_boost/cli.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "tl_boost/app.hpp"
#include "tl_boost/cli_usage.hpp"
#include "tl_boost/config.hpp"
#include "tl_boost/error.hpp"
#include "tl_boost/interrupt.hpp"
#include "tl_boost/suggest.hpp"

namespace tl_boost {

namespace {

void setup_logging(bool quiet, bool verbose) {
  // Logs go to stderr: stdout carries only command output (validate's JSON, --version).
  auto logger = spdlog::stderr_color_mt("tl-boost");
  logger->set_pattern("[%H:%M:%S] %^%l%$ %v");
  spdlog::set_default_logger(logger);
  spdlog::set_level(quiet ? spdlog::level::warn : verbose ? spdlog::level::debug : spdlog::level::info);
}

std::string shell_quote(const std::string& arg) {
  const bool plain = !arg.empty() && arg.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                           "0123456789_-./=:,+@") == std::string::npos;
  if (plain) return arg;
  std::string quoted = "'";
  for (char c : arg) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

std::string shortest(double value) {
  std::ostringstream out;
  out << value;  // %g: 6 significant digits at most
  return out.str();
}

// A number from `low` (excluded when `open`) up to `high` (included), stated as a person writes
// it. CLI11's own ranges print their bounds with std::to_string: DBL_MAX in 309 digits.
CLI::Validator number_range(double low, bool open, std::optional<double> high = std::nullopt) {
  const std::string rule = high ? std::string(open ? "(" : "[") + shortest(low) + ", " + shortest(*high) + "]"
                                : std::string(open ? "> " : ">= ") + shortest(low);
  return CLI::Validator(
      [=](std::string& input) {
        double value = 0;
        if (!CLI::detail::lexical_cast(input, value)) return "expected a number, found '" + input + "'";
        const bool ok = (open ? value > low : value >= low) && (!high || value <= *high);
        return ok ? std::string() : (high ? "must lie in " : "must be ") + rule + ", found " + input;
      },
      high ? "in " + rule : rule);
}

// This program's own path, for starting copies of it.
std::string self_path(const char* argv0) {
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string(argv0) : exe.string();
}

// Every command's help ends the same way: an example, what its exit codes mean, where to read on.
std::string footer(const std::string& example, const std::string& exit_codes) {
  return "Example:\n  " + example + "\n\nExit codes: " + exit_codes +
         "\n\ndocs/CLI.md documents every command and output file, docs/CONFIG.md every config key.";
}

// --data-dir, on every command that reads data.
void add_data_dir(CLI::App& cmd, std::optional<std::string>& flag) {
  cmd.add_option("--data-dir", flag,
                 "the CIFAR-10 directory (cifar-10-batches-bin), relative to the working directory; beats "
                 "TL_BOOST_DATA, which beats the config's data.dir (relative to the config's checkout)");
}

// The flags every command takes, before or after the command word.
struct GlobalFlags {
  bool show_version = false;
  bool quiet = false;
  bool verbose = false;
};

void add_global_flags(CLI::App& app, GlobalFlags& flags) {
  app.footer("Run 'tl-boost help <command>' for a command's options, an example and its exit codes.\n"
             "TL_BOOST_DATA=DIR names the CIFAR-10 directory for every command (--data-dir beats it).\n"
             "docs/CLI.md documents every command and output file, docs/CONFIG.md every config key.");
  app.require_subcommand(0, 1);
  app.fallthrough();  // --quiet and --verbose work after the subcommand too
  app.add_flag("--version", flags.show_version, "print tl-boost and LibTorch versions and whether CUDA is available");
  app.add_flag("-q,--quiet", flags.quiet, "only warnings and errors");
  app.add_flag("-v,--verbose", flags.verbose, "debug output");
}

CLI::App* add_run_command(CLI::App& app, RunOptions& run) {
  auto* cmd = app.add_subcommand("run", "run one experiment config");
  cmd->add_option("config", run.config, "experiment config (JSON)")->required()->check(CLI::ExistingFile);
  cmd->add_option("--seed", run.seed, "seed (overrides the config)");
  cmd->add_option("--device", run.device, "cpu, cuda or auto (overrides the config)")
      ->check(CLI::IsMember({"cpu", "cuda", "auto"}));
  cmd->add_option("--threads", run.threads, "intra-op threads, 0 = every core (overrides the config)")
      ->check(number_range(0, false, kMaxThreads));
  cmd->add_option("--out", run.out, "output root; the run goes to OUT/<name>/seed-<N>/")->capture_default_str();
  cmd->add_option("--set", run.overrides, "override a config key: key.path=value (repeatable)")
      ->allow_extra_args(false);
  cmd->add_flag("--force", run.force, "replace an existing run directory");
  cmd->add_flag("--resume", run.resume,
                "continue an interrupted run from its last complete epoch (or add the measures a finished "
                "run lacks); an existing run is refused without --resume or --force");
  add_data_dir(*cmd, run.data.flag);
  cmd->footer(footer("tl-boost run configs/transferred.json --seed 1 --set train.lr=0.05",
                     "0 done; 2 bad command line or config; 3 dataset missing or malformed; 4 a file not "
                     "readable or writable, or the run exists (--force, --resume); 5 device unavailable; "
                     "6 training diverged; 130/143 interrupted (--resume continues)."));
  return cmd;
}

// Checked as text: an unsigned conversion would turn -1 into 18446744073709551615.
CLI::Validator unit_number() {
  return CLI::Validator(
      [](std::string& value) {
        const bool number = !value.empty() && value.find_first_not_of("0123456789") == std::string::npos;
        return number ? std::string() : "expected a unit number from 0 to the suite's last (see --plan), found " + value;
      },
      "UNIT>=0");
}

CLI::App* add_suite_command(CLI::App& app, SuiteOptions& suite) {
  auto* cmd = app.add_subcommand("suite", "run every protocol of a suite for every seed");
  cmd->add_option("suite", suite.suite, "suite file (JSON)")->required()->check(CLI::ExistingFile);
  cmd->add_option("--seeds", suite.seeds, "seeds: 0-4, 0,2,5 (default: the suite file's \"seeds\", else 0-4)");
  cmd->add_option("--splits", suite.splits,
                  "class splits of the suite file's \"splits\", by name or index: default,random-7-0 or 0-2 "
                  "(default: all)");
  cmd->add_option("--jobs", suite.jobs, "units at once, each in its own process (default: one per core)")
      ->check(number_range(1, false));
  cmd->add_option("--threads", suite.threads, "threads per unit (default: every core / jobs)")
      ->check(number_range(1, false, kMaxThreads));
  cmd->add_option("--device", suite.device, "cpu, cuda or auto")->check(CLI::IsMember({"cpu", "cuda", "auto"}));
  cmd->add_option("--out", suite.out, "output root; the suite goes to OUT/<suite name>/")->capture_default_str();
  cmd->add_option("--set", suite.overrides, "override a key of every protocol config (repeatable)")
      ->allow_extra_args(false);
  cmd->add_option("--unit", suite.unit, "run only this unit (see --plan)")->check(unit_number());
  add_data_dir(*cmd, suite.data.flag);
  cmd->add_flag("--plan", suite.plan,
                "print the work units as JSON lines and stop; the cost (units, unit-epochs, estimated wall "
                "time from a short measurement) goes to stderr");
  cmd->footer(footer("tl-boost suite configs/suite.json --seeds 0-4 --jobs 4",
                     "0 every unit done and the report written; 2 bad command line, suite or config; "
                     "3 dataset missing or malformed; 4 a file not readable or writable; 5 device "
                     "unavailable; 6 a unit failed (rerun to continue); 130/143 interrupted (rerun to "
                     "continue)."));
  return cmd;
}

// The suite directory that report and export read.
void add_suite_dir(CLI::App& cmd, std::filesystem::path& dir) {
  cmd.add_option("suite_dir", dir, "the suite's directory (OUT/<suite name>)")->required()->check(CLI::ExistingDirectory);
}

CLI::App* add_report_command(CLI::App& app, ReportCommandOptions& o) {
  auto* cmd = app.add_subcommand(
      "report", "write report.md, report.json, report.html and the report-*.svg charts of a suite directory");
  add_suite_dir(*cmd, o.suite_dir);
  cmd->add_option("--hypotheses", o.report.hypotheses,
                  "judge the predictions of this hypotheses file instead of the suite's own (needs --out)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--set", o.report.sets,
                  "another smallest effect of interest: sesoi=X (test accuracy, points) or sesoi.<measure>=X; "
                  "repeatable (needs --out)");
  cmd->add_option("--out", o.report.out, "write the report into this directory instead of the suite's");
  cmd->footer(footer("tl-boost report runs/suite\n  tl-boost report runs/suite --set sesoi=0.5 --out /tmp/sesoi-0.5",
                     "0 report written; 2 bad command line; 4 a file of the suite not readable or the "
                     "report not writable."));
  return cmd;
}

CLI::App* add_export_command(CLI::App& app, ExportOptions& o) {
  auto* cmd = app.add_subcommand(
      "export", "write runs.csv (a row per epoch of every run) and comparisons.csv (a row per judged comparison)");
  add_suite_dir(*cmd, o.suite_dir);
  cmd->add_option("--out", o.out, "write the CSV files into this directory instead of the suite's");
  cmd->footer(footer("tl-boost export results/study\n  tl-boost export runs/suite --out /tmp/suite-csv",
                     "0 written; 2 bad command line; 4 a file of the suite not readable or a CSV file not "
                     "writable."));
  return cmd;
}

CLI::App* add_collect_command(CLI::App& app, CollectOptions& o) {
  auto* cmd = app.add_subcommand(
      "collect", "copy each finished run's record (config, command, metrics, summary) and the interpolation "
                 "curves of a suite directory into a results directory, never weights, checkpoints or logs; list "
                 "a protocol in its suite.json (and report) once every run of it is in");
  cmd->add_option("suite_dir", o.from, "the suite's output directory (OUT/<suite name>)")
      ->required()
      ->check(CLI::ExistingDirectory);
  cmd->add_option("results_dir", o.into, "the results directory of the same suite (created if absent)")->required();
  cmd->add_option("--protocols", o.protocols, "only these protocols' runs (default: every protocol)")->delimiter(',');
  cmd->footer(footer("tl-boost collect runs/study results/study --protocols warm_restart,shrink_perturb",
                     "0 collected (a run the results directory held already is kept; one whose curves differ "
                     "is warned about); 2 bad command line; 4 a file not readable or writable, an "
                     "interpolation curve the results directory holds differs, or its suite.json is another "
                     "suite's (nothing is copied)."));
  return cmd;
}

// --part's names, checked by CLI11 (its message), turned into BenchPart after parsing.
CLI::App* add_bench_command(CLI::App& app, BenchOptions& bench, std::vector<std::string>& parts) {
  auto* cmd = app.add_subcommand(
      "bench", "measure load time, matrix-product peak, training and evaluation throughput, each lever A/B");
  cmd->add_option("config", bench.config, "experiment config: data dir, model, classes, batch sizes (JSON)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--set", bench.overrides, "override a config key: key.path=value (repeatable)")
      ->allow_extra_args(false);
  std::vector<std::string> names;
  for (const BenchPart part : kBenchParts) names.emplace_back(to_string(part));
  cmd->add_option("--part", parts, "only these parts: load, matmul, train, eval, levers, jobs, protocol")
      ->check(CLI::IsMember(names))
      ->delimiter(',');
  cmd->add_option("--batch-sizes", bench.batch_sizes, "training batch sizes")->delimiter(',')->capture_default_str();
  cmd->add_option("--eval-batch-sizes", bench.eval_batch_sizes, "evaluation batch sizes")
      ->delimiter(',')
      ->capture_default_str();
  cmd->add_option("--seconds", bench.seconds, "seconds per throughput measurement")
      ->check(number_range(0, true))
      ->capture_default_str();
  cmd->add_option("--pairs", bench.pairs, "A/B pairs per lever")->check(number_range(1, false))->capture_default_str();
  cmd->add_option("--protocol-epochs", bench.protocol_epochs, "epochs per stage of the timed protocol run")
      ->check(number_range(1, false))
      ->capture_default_str();
  cmd->add_option("--threads", bench.threads, "intra-op threads, 0 = every core (overrides the config)")
      ->check(number_range(0, false, kMaxThreads));
  cmd->add_option("--json", bench.json, "also write every figure to this JSON file");
  add_data_dir(*cmd, bench.data.flag);
  cmd->add_flag("--default-malloc", bench.default_malloc, "keep the C library's default memory settings")
      ->group("");  // for the bench's own child processes
  cmd->add_flag("--child", bench.child, "a child process of another bench")->group("");
  cmd->footer(footer("tl-boost bench configs/smoke.json --part matmul,train --json bench.json",
                     "0 measured; 2 bad command line or config; 3 dataset missing or malformed; 4 a file "
                     "not readable or writable."));
  return cmd;
}

CLI::App* add_validate_command(CLI::App& app, ValidateOptions& validate) {
  auto* cmd = app.add_subcommand(
      "validate", "check a config or a suite file and print it resolved (a suite: its protocols, seeds, splits "
                  "and the units --plan would plan)");
  cmd->add_option("config", validate.config, "experiment config or suite file (JSON; a suite file has \"protocols\")")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--set", validate.overrides,
                  "override a config key: key.path=value (repeatable; a suite's: every protocol config's)")
      ->allow_extra_args(false);
  cmd->add_option("--seeds", validate.seeds, "a suite file's seeds, as suite --seeds");
  cmd->add_option("--splits", validate.splits, "a suite file's class splits, as suite --splits");
  add_data_dir(*cmd, validate.data.flag);
  cmd->footer(footer("tl-boost validate configs/transferred.json --set train.lr=0.05\n"
                     "  tl-boost validate configs/study.json --seeds 0",
                     "0 the file is valid (a missing data directory is warned about on stderr, with where it "
                     "was looked for, since the file may be meant for another machine); 2 bad command line, "
                     "config or suite file."));
  return cmd;
}

CLI::App* add_help_command(CLI::App& app, std::string& topic) {
  auto* cmd = app.add_subcommand("help", "show the help of a command, or this one");
  cmd->add_option("command", topic, "the command");
  cmd->footer(footer("tl-boost help run", "0 shown; 2 unknown command."));
  return cmd;
}

int show_help(const CLI::App& app, const std::vector<CLI::App*>& commands, const std::string& topic) {
  if (topic.empty()) {
    // app.help() would show the help of the command it parsed, "help" itself.
    std::cout << app.get_formatter()->make_help(&app, app.get_name(), CLI::AppFormatMode::Normal);
    return 0;
  }
  const CLI::App* command = find_command(commands, topic);
  if (command == nullptr) unknown_command(topic, commands);
  std::cout << command->help("tl-boost");
  return 0;
}

// The command line as typed, shell-quoted, without --resume: the "continue with" hints repeat it.
std::string typed_command_line(int argc, char** argv) {
  std::string command_line;
  for (int i = 0; i < argc; ++i) {
    if (std::string(argv[i]) == "--resume") continue;
    command_line += (i == 0 ? "" : " ") + shell_quote(argv[i]);
  }
  return command_line;
}

// Every command's options, filled in by parsing.
struct Commands {
  GlobalFlags flags;
  RunOptions run;
  SuiteOptions suite;
  ReportCommandOptions report;
  ExportOptions export_options;
  CollectOptions collect;
  BenchOptions bench;
  std::vector<std::string> bench_parts;
  ValidateOptions validate;
  std::string help_topic;
  CLI::App *run_cmd = nullptr, *suite_cmd = nullptr, *report_cmd = nullptr, *export_cmd = nullptr,
           *collect_cmd = nullptr, *bench_cmd = nullptr, *validate_cmd = nullptr, *help_cmd = nullptr;

  std::vector<CLI::App*> all() const {
    return {run_cmd, suite_cmd, report_cmd, export_cmd, collect_cmd, bench_cmd, validate_cmd, help_cmd};
  }
};

void add_commands(CLI::App& app, Commands& c) {
  add_global_flags(app, c.flags);
  c.run_cmd = add_run_command(app, c.run);
  c.suite_cmd = add_suite_command(app, c.suite);
  c.report_cmd = add_report_command(app, c.report);
  c.export_cmd = add_export_command(app, c.export_options);
  c.collect_cmd = add_collect_command(app, c.collect);
  c.bench_cmd = add_bench_command(app, c.bench, c.bench_parts);
  c.validate_cmd = add_validate_command(app, c.validate);
  c.help_cmd = add_help_command(app, c.help_topic);
}

// TL_BOOST_DATA beside --data-dir; an empty value of either is not given.
DataDirChoice data_dir_choice(const std::optional<std::string>& flag) {
  DataDirChoice choice;
  if (flag && !flag->empty()) choice.flag = flag;
  if (const char* value = std::getenv(kDataDirVariable); value != nullptr && *value != '\0') choice.environment = value;
  return choice;
}

// Runs the parsed command (not help, not --version).
int dispatch(Commands& c, int argc, char** argv) {
  const std::vector<std::string> arguments(argv, argv + argc);
  const std::string command_line = typed_command_line(argc, argv);
  if (*c.run_cmd) {
    c.run.data = data_dir_choice(c.run.data.flag);
    c.run.command_line = command_line;
    c.run.argv = arguments;
    install_interrupt_handlers();
    return run_command(c.run);
  }
  if (*c.suite_cmd) {
    c.suite.data = data_dir_choice(c.suite.data.flag);
    c.suite.command_line = command_line;
    c.suite.argv = arguments;
    c.suite.self = self_path(argv[0]);
    install_interrupt_handlers();
    return suite_command(c.suite);
  }
  if (*c.report_cmd) return report_command(c.report);
  if (*c.export_cmd) return export_command(c.export_options);
  if (*c.collect_cmd) return collect_command(c.collect);
  if (*c.bench_cmd) {
    c.bench.data = data_dir_choice(c.bench.data.flag);
    c.bench.self = self_path(argv[0]);
    for (const auto& name : c.bench_parts) c.bench.parts.push_back(*parse_bench_part(name));
    return bench_command(c.bench);
  }
  c.validate.data = data_dir_choice(c.validate.data.flag);
  return validate_command(c.validate);
}

}  // namespace

int cli_main(int argc, char** argv) {
  CLI::App app{"tl-boost: transfer-learning generalization-boost experiments on CIFAR-10", "tl-boost"};
  Commands c;
  add_commands(app, c);
  const std::vector<CLI::App*> commands = c.all();
  const std::string word = command_word(argc, argv);
  // CLI11 would only say the word was not expected; a suggestion is more use.
  if (!word.empty() && find_command(commands, word) == nullptr) unknown_command(word, commands);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help
    // One error format for the whole program: main prints it with the tl-boost prefix.
    throw ConfigError(usage_problem(e, app, commands, word) + help_hint(word));
  }
  setup_logging(c.flags.quiet, c.flags.verbose);
  if (c.flags.show_version) {
    std::cout << version_text();
    return 0;
  }
  if (*c.help_cmd) return show_help(app, commands, c.help_topic);
  const std::vector<CLI::App*> ran = c.all();
  if (std::none_of(ran.begin(), ran.end(), [](const CLI::App* command) { return command->parsed(); })) {
    // Nothing asked: the usage goes to stderr, as any usage error's message does.
    std::cerr << app.help();
    return static_cast<int>(ExitCode::kUsage);
  }
  return dispatch(c, argc, argv);
}

}  // namespace tl_boost
