#include "tl_boost/cli.hpp"

#include <filesystem>
#include <iostream>

#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "tl_boost/app.hpp"
#include "tl_boost/error.hpp"
#include "tl_boost/interrupt.hpp"

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

// This program's own path, for starting copies of it.
std::string self_path(const char* argv0) {
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string(argv0) : exe.string();
}

}  // namespace

int cli_main(int argc, char** argv) {
  CLI::App app{"tl-boost: transfer-learning generalization-boost experiments on CIFAR-10"};
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
      ->check(CLI::NonNegativeNumber);
  run_cmd->add_option("--out", run.out, "output root; the run goes to OUT/<name>/seed-<N>/")
      ->capture_default_str();
  run_cmd->add_option("--set", run.overrides, "override a config key: key.path=value (repeatable)")
      ->allow_extra_args(false);
  run_cmd->add_flag("--force", run.force, "replace an existing run directory");
  run_cmd->add_flag("--resume", run.resume, "continue an interrupted run from its last complete epoch");

  SuiteOptions suite;
  auto* suite_cmd = app.add_subcommand("suite", "run every protocol of a suite for every seed");
  suite_cmd->add_option("suite", suite.suite, "suite file (JSON)")->required()->check(CLI::ExistingFile);
  suite_cmd->add_option("--seeds", suite.seeds, "seeds: 0-4, 0,2,5")->capture_default_str();
  suite_cmd->add_option("--jobs", suite.jobs, "units at once, each in its own process (default: one per core)")
      ->check(CLI::PositiveNumber);
  suite_cmd->add_option("--threads", suite.threads, "threads per unit (default: every core / jobs)")
      ->check(CLI::PositiveNumber);
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
  suite_cmd->add_flag("--plan", suite.plan, "print the work units as JSON lines and stop");

  std::filesystem::path report_dir;
  auto* report_cmd = app.add_subcommand("report", "write report.md, report.json and report.html of a suite directory");
  report_cmd->add_option("suite_dir", report_dir, "the suite's directory (OUT/<suite name>)")
      ->required()
      ->check(CLI::ExistingDirectory);

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
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  bench_cmd->add_option("--pairs", bench.pairs, "A/B pairs per lever")->check(CLI::PositiveNumber)->capture_default_str();
  bench_cmd->add_option("--protocol-epochs", bench.protocol_epochs, "epochs per stage of the timed protocol run")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  bench_cmd->add_option("--threads", bench.threads, "intra-op threads, 0 = every core (overrides the config)")
      ->check(CLI::NonNegativeNumber);
  bench_cmd->add_option("--json", bench.json, "also write every figure to this JSON file");
  bench_cmd->add_flag("--default-malloc", bench.default_malloc, "keep the C library's default memory settings")
      ->group("");  // for the bench's own child processes
  bench_cmd->add_flag("--child", bench.child, "a child process of another bench")->group("");

  ValidateOptions validate;
  auto* validate_cmd = app.add_subcommand("validate", "check a config and print it fully resolved");
  validate_cmd->add_option("config", validate.config, "experiment config (JSON)")
      ->required()
      ->check(CLI::ExistingFile);
  validate_cmd->add_option("--set", validate.overrides, "override a config key: key.path=value (repeatable)")
      ->allow_extra_args(false);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : static_cast<int>(ExitCode::kUsage);
  }
  setup_logging(quiet, verbose);
  if (show_version) {
    std::cout << version_text();
    return 0;
  }
  std::string command_line;
  for (int i = 0; i < argc; ++i) {
    if (std::string(argv[i]) == "--resume") continue;
    command_line += (i == 0 ? "" : " ") + shell_quote(argv[i]);
  }
  if (*run_cmd) {
    run.command_line = command_line;
    install_interrupt_handlers();
    return run_command(run);
  }
  if (*suite_cmd) {
    suite.command_line = command_line;
    suite.self = self_path(argv[0]);
    install_interrupt_handlers();
    return suite_command(suite);
  }
  if (*report_cmd) return report_command(report_dir);
  if (*bench_cmd) {
    bench.self = self_path(argv[0]);
    return bench_command(bench);
  }
  if (*validate_cmd) return validate_command(validate);
  std::cout << app.help();
  return static_cast<int>(ExitCode::kUsage);
}

}  // namespace tl_boost
