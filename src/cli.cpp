#include "tl_boost/cli.hpp"

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
         "\n\nREADME.md documents every command, config key and output file.";
}

// The first word that is not a flag: the command. The global options are all flags, so it is the
// word CLI11 takes as the subcommand.
std::string command_word(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.empty() || arg[0] != '-') return arg;
  }
  return "";
}

CLI::App* find_command(const std::vector<CLI::App*>& commands, const std::string& name) {
  for (auto* command : commands) {
    if (command->get_name() == name) return command;
  }
  return nullptr;
}

[[noreturn]] void unknown_command(const std::string& word, const std::vector<CLI::App*>& commands) {
  std::vector<std::string> names;
  for (const auto* command : commands) names.push_back(command->get_name());
  const std::optional<std::string> best = closest_match(word, names);
  std::string known;
  for (const auto& name : names) known += (known.empty() ? "" : ", ") + name;
  throw ConfigError("unknown command '" + word + "'; " +
                    (best ? "did you mean '" + *best + "'?" : "the commands are " + known));
}

// "see 'tl-boost help run'", so that every usage error says where the options are listed.
std::string help_hint(const std::string& command) {
  return "; see 'tl-boost help" + (command.empty() || command == "help" ? std::string() : " " + command) + "'";
}

// CLI11 lists unexpected arguments last first; this names them in the order they were typed.
std::string usage_problem(const CLI::ParseError& e, const CLI::App& app) {
  if (dynamic_cast<const CLI::ExtrasError*>(&e) == nullptr) return e.what();
  const std::vector<std::string> remaining = app.remaining(true);
  std::string extras;
  for (const auto& arg : remaining) extras += (extras.empty() ? "" : " ") + arg;
  return "unexpected argument" + std::string(remaining.size() > 1 ? "s" : "") + ": " + extras;
}

}  // namespace

int cli_main(int argc, char** argv) {
  CLI::App app{"tl-boost: transfer-learning generalization-boost experiments on CIFAR-10", "tl-boost"};
  app.footer("Run 'tl-boost help <command>' for a command's options, an example and its exit codes.\n"
             "README.md documents every command, config key and output file.");
  app.require_subcommand(0, 1);
  app.fallthrough();  // --quiet and --verbose work after the subcommand too
  bool show_version = false;
  bool quiet = false;
  bool verbose = false;
  app.add_flag("--version", show_version, "print tl-boost and LibTorch versions and whether CUDA is available");
  app.add_flag("-q,--quiet", quiet, "only warnings and errors");
  app.add_flag("-v,--verbose", verbose, "debug output");

  RunOptions run;
  auto* run_cmd = app.add_subcommand("run", "run one experiment config");
  run_cmd->add_option("config", run.config, "experiment config (JSON)")->required()->check(CLI::ExistingFile);
  run_cmd->add_option("--seed", run.seed, "seed (overrides the config)");
  run_cmd->add_option("--device", run.device, "cpu, cuda or auto (overrides the config)")
      ->check(CLI::IsMember({"cpu", "cuda", "auto"}));
  run_cmd->add_option("--threads", run.threads, "intra-op threads, 0 = every core (overrides the config)")
      ->check(number_range(0, false, kMaxThreads));
  run_cmd->add_option("--out", run.out, "output root; the run goes to OUT/<name>/seed-<N>/")
      ->capture_default_str();
  run_cmd->add_option("--set", run.overrides, "override a config key: key.path=value (repeatable)")
      ->allow_extra_args(false);
  run_cmd->add_flag("--force", run.force, "replace an existing run directory");
  run_cmd->add_flag("--resume", run.resume, "continue an interrupted run from its last complete epoch");
  run_cmd->footer(footer("tl-boost run configs/transferred.json --seed 1 --set train.lr=0.05",
                         "0 done; 2 bad command line or config; 3 dataset missing or malformed; 4 a file not "
                         "readable or writable, or the run exists (--force, --resume); 5 device unavailable; "
                         "6 training diverged; 130/143 interrupted (--resume continues)."));

  SuiteOptions suite;
  auto* suite_cmd = app.add_subcommand("suite", "run every protocol of a suite for every seed");
  suite_cmd->add_option("suite", suite.suite, "suite file (JSON)")->required()->check(CLI::ExistingFile);
  suite_cmd->add_option("--seeds", suite.seeds, "seeds: 0-4, 0,2,5")->capture_default_str();
  suite_cmd->add_option("--splits", suite.splits,
                        "class splits of the suite file's \"splits\", by name or index: default,random-7-0 or 0-2 "
                        "(default: all)");
  suite_cmd->add_option("--jobs", suite.jobs, "units at once, each in its own process (default: one per core)")
      ->check(number_range(1, false));
  suite_cmd->add_option("--threads", suite.threads, "threads per unit (default: every core / jobs)")
      ->check(number_range(1, false, kMaxThreads));
  suite_cmd->add_option("--device", suite.device, "cpu, cuda or auto")->check(CLI::IsMember({"cpu", "cuda", "auto"}));
  suite_cmd->add_option("--out", suite.out, "output root; the suite goes to OUT/<suite name>/")->capture_default_str();
  suite_cmd->add_option("--set", suite.overrides, "override a key of every protocol config (repeatable)")
      ->allow_extra_args(false);
  // Checked as text: an unsigned conversion would turn -1 into 18446744073709551615.
  suite_cmd->add_option("--unit", suite.unit, "run only this unit (see --plan)")
      ->check(CLI::Validator(
          [](std::string& value) {
            const bool number = !value.empty() && value.find_first_not_of("0123456789") == std::string::npos;
            return number ? std::string() : "expected a unit number from 0 to the suite's last (see --plan), found " + value;
          },
          "UNIT>=0"));
  suite_cmd->add_flag("--plan", suite.plan,
                      "print the work units as JSON lines and stop; the cost (units, unit-epochs, estimated wall "
                      "time from a short measurement) goes to stderr");
  suite_cmd->footer(footer("tl-boost suite configs/suite.json --seeds 0-4 --jobs 4",
                           "0 every unit done and the report written; 2 bad command line, suite or config; "
                           "3 dataset missing or malformed; 4 a file not readable or writable; 5 device "
                           "unavailable; 6 a unit failed (rerun to continue); 130/143 interrupted (rerun to "
                           "continue)."));

  std::filesystem::path report_dir;
  auto* report_cmd = app.add_subcommand(
      "report", "write report.md, report.json, report.html and the report-*.svg charts of a suite directory");
  report_cmd->add_option("suite_dir", report_dir, "the suite's directory (OUT/<suite name>)")
      ->required()
      ->check(CLI::ExistingDirectory);
  report_cmd->footer(footer("tl-boost report runs/suite",
                            "0 report written; 2 bad command line; 4 a file of the suite not readable or the "
                            "report not writable."));

  BenchOptions bench;
  auto* bench_cmd = app.add_subcommand(
      "bench", "measure load time, matrix-product peak, training and evaluation throughput, each lever A/B");
  bench_cmd->add_option("config", bench.config, "experiment config: data dir, model, classes, batch sizes (JSON)")
      ->required()
      ->check(CLI::ExistingFile);
  bench_cmd->add_option("--set", bench.overrides, "override a config key: key.path=value (repeatable)")
      ->allow_extra_args(false);
  bench_cmd->add_option("--part", bench.parts, "only these parts: load, matmul, train, eval, levers, jobs, protocol")
      ->check(CLI::IsMember({"load", "matmul", "train", "eval", "levers", "jobs", "protocol", "step"}))
      ->delimiter(',');
  bench_cmd->add_option("--batch-sizes", bench.batch_sizes, "training batch sizes")->delimiter(',')->capture_default_str();
  bench_cmd->add_option("--eval-batch-sizes", bench.eval_batch_sizes, "evaluation batch sizes")
      ->delimiter(',')
      ->capture_default_str();
  bench_cmd->add_option("--seconds", bench.seconds, "seconds per throughput measurement")
      ->check(number_range(0, true))
      ->capture_default_str();
  bench_cmd->add_option("--pairs", bench.pairs, "A/B pairs per lever")
      ->check(number_range(1, false))
      ->capture_default_str();
  bench_cmd->add_option("--protocol-epochs", bench.protocol_epochs, "epochs per stage of the timed protocol run")
      ->check(number_range(1, false))
      ->capture_default_str();
  bench_cmd->add_option("--threads", bench.threads, "intra-op threads, 0 = every core (overrides the config)")
      ->check(number_range(0, false, kMaxThreads));
  bench_cmd->add_option("--json", bench.json, "also write every figure to this JSON file");
  bench_cmd->add_flag("--default-malloc", bench.default_malloc, "keep the C library's default memory settings")
      ->group("");  // for the bench's own child processes
  bench_cmd->add_flag("--child", bench.child, "a child process of another bench")->group("");
  bench_cmd->footer(footer("tl-boost bench configs/smoke.json --part matmul,train --json bench.json",
                           "0 measured; 2 bad command line or config; 3 dataset missing or malformed; 4 a file "
                           "not readable or writable."));

  ValidateOptions validate;
  auto* validate_cmd = app.add_subcommand("validate", "check a config and print it fully resolved");
  validate_cmd->add_option("config", validate.config, "experiment config (JSON)")
      ->required()
      ->check(CLI::ExistingFile);
  validate_cmd->add_option("--set", validate.overrides, "override a config key: key.path=value (repeatable)")
      ->allow_extra_args(false);
  validate_cmd->footer(footer("tl-boost validate configs/transferred.json --set train.lr=0.05",
                              "0 the config is valid (a missing data.dir is warned about on stderr, since the "
                              "config may be meant for another machine); 2 bad command line or config."));

  std::string help_topic;
  auto* help_cmd = app.add_subcommand("help", "show the help of a command, or this one");
  help_cmd->add_option("command", help_topic, "the command");
  help_cmd->footer(footer("tl-boost help run", "0 shown; 2 unknown command."));

  const std::vector<CLI::App*> commands{run_cmd, suite_cmd, report_cmd, bench_cmd, validate_cmd, help_cmd};
  const std::string word = command_word(argc, argv);
  // CLI11 would only say the word was not expected; a suggestion is more use.
  if (!word.empty() && find_command(commands, word) == nullptr) unknown_command(word, commands);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help
    // One error format for the whole program: main prints it with the tl-boost prefix.
    throw ConfigError(usage_problem(e, app) + help_hint(word));
  }
  setup_logging(quiet, verbose);
  if (show_version) {
    std::cout << version_text();
    return 0;
  }
  if (*help_cmd) {
    if (help_topic.empty()) {
      // app.help() would show the help of the command it parsed, "help" itself.
      std::cout << app.get_formatter()->make_help(&app, app.get_name(), CLI::AppFormatMode::Normal);
      return 0;
    }
    const CLI::App* topic = find_command(commands, help_topic);
    if (topic == nullptr) unknown_command(help_topic, commands);
    std::cout << topic->help("tl-boost");
    return 0;
  }
  if (!*run_cmd && !*suite_cmd && !*report_cmd && !*bench_cmd && !*validate_cmd) {
    // Nothing asked: the usage goes to stderr, as any usage error's message does.
    std::cerr << app.help();
    return static_cast<int>(ExitCode::kUsage);
  }
  const std::vector<std::string> arguments(argv, argv + argc);
  std::string command_line;
  for (int i = 0; i < argc; ++i) {
    if (std::string(argv[i]) == "--resume") continue;
    command_line += (i == 0 ? "" : " ") + shell_quote(argv[i]);
  }
  if (*run_cmd) {
    run.command_line = command_line;
    run.argv = arguments;
    install_interrupt_handlers();
    return run_command(run);
  }
  if (*suite_cmd) {
    suite.command_line = command_line;
    suite.argv = arguments;
    suite.self = self_path(argv[0]);
    install_interrupt_handlers();
    return suite_command(suite);
  }
  if (*report_cmd) return report_command(report_dir);
  if (*bench_cmd) {
    bench.self = self_path(argv[0]);
    return bench_command(bench);
  }
  return validate_command(validate);
}

}  // namespace tl_boost
