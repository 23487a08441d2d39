// The command line without a dataset: help, usage, did-you-mean, and the config and flag errors
// that must stop a command before it reads any data. These run the tl-boost binary too, but need
// no CIFAR-10, so they run with the unit tests.
#include "binary_harness.hpp"

namespace {

using namespace binary_harness;

using Cli = BinaryTest;

TEST_F(Cli, NegativeUnitIsAUsageErrorNamingTheValidRange) {
  const std::string suite = (kSource / "configs/smoke_suite.json").string();
  EXPECT_EQ(run({"suite", suite, "--seeds", "0", "--out", out_.string(), "--unit", "-1"}), 2) << output_;
  EXPECT_NE(output_.find("--unit"), std::string::npos) << output_;
  EXPECT_NE(output_.find("from 0 to the suite's last (see --plan), found -1"), std::string::npos) << output_;
  EXPECT_EQ(output_.find("18446744073709551615"), std::string::npos) << output_;
  EXPECT_FALSE(fs::exists(out_ / "smoke_suite"));
}

TEST_F(Cli, ValidatePrintsTheResolvedConfig) {
  ASSERT_EQ(run({"validate", (kSource / "configs/transferred_diverse.json").string(), "--set", "train.lr=0.02"}), 0)
      << output_;
  const json resolved = json::parse(stdout_);
  EXPECT_EQ(resolved["source_classes"], json({"frog", "dog", "airplane", "truck"}));
  EXPECT_DOUBLE_EQ(resolved["train"]["lr"].get<double>(), 0.02);
  EXPECT_EQ(run({"validate", (kSource / "configs/nope.json").string()}), 2);
}

TEST_F(Cli, InvalidUtf8InASetValueExitsTwoAndCreatesNothing) {
  auto args = run_args("scratch.json", out_ / "latin1");
  args.insert(args.end(), {"--set", "description=caf\xE9"});
  EXPECT_EQ(run(args), 2) << output_;
  EXPECT_NE(output_.find("--set 'description=caf?'"), std::string::npos) << output_;
  EXPECT_NE(output_.find("not UTF-8"), std::string::npos) << output_;
  EXPECT_FALSE(fs::exists(out_ / "latin1"));
}

TEST_F(Cli, ThreadsAboveTheBoundAreRefusedAndFlagRangesReadably) {
  auto args = run_args("scratch.json", out_ / "threads");
  args.insert(args.end(), {"--threads", "100000"});
  EXPECT_EQ(run(args), 2) << output_;
  EXPECT_NE(output_.find("--threads: must lie in [0, 1024], found 100000"), std::string::npos) << output_;
  args = run_args("scratch.json", out_ / "threads");
  args.insert(args.end(), {"--set", "threads=100000"});
  EXPECT_EQ(run(args), 2) << output_;
  EXPECT_NE(output_.find("/threads: must lie in [0, 1024]"), std::string::npos) << output_;
  EXPECT_FALSE(fs::exists(out_ / "threads"));

  // CLI11's own ranges printed DBL_MAX in full: "not in range 0.000000 to 1797...".
  const std::string suite = (kSource / "configs/smoke_suite.json").string();
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases{
      {{"run", (kSource / "configs/scratch.json").string(), "--threads", "-1"},
       "--threads: must lie in [0, 1024], found -1"},
      {{"suite", suite, "--jobs", "0"}, "--jobs: must be >= 1, found 0"},
      {{"suite", suite, "--threads", "0"}, "--threads: must lie in [1, 1024], found 0"},
      {{"bench", (kSource / "configs/smoke.json").string(), "--seconds", "0"}, "--seconds: must be > 0, found 0"},
      {{"bench", (kSource / "configs/smoke.json").string(), "--pairs", "0"}, "--pairs: must be >= 1, found 0"},
  };
  for (const auto& [command, expected] : cases) {
    EXPECT_EQ(run(command), 2) << output_;
    EXPECT_NE(output_.find(expected), std::string::npos) << output_;
    EXPECT_EQ(output_.find("0000000000000"), std::string::npos) << output_;
  }
}

// A 64 KiB tmpfs fills at the first checkpoint. LibTorch's file writer threw the failed write from
// its destructor: terminate, SIGABRT, and a checkpoint-*.pt.tmp left behind.
TEST_F(Cli, AMistypedCommandSuggestsTheNearestOneAndExitsTwo) {
  EXPECT_EQ(run({"rnu", "configs/smoke.json"}), 2);
  EXPECT_EQ(stderr_, "tl-boost: error: unknown command 'rnu'; did you mean 'run'?\n");
  EXPECT_EQ(stdout_, "");
  EXPECT_EQ(run({"-v", "valdate"}), 2);
  EXPECT_EQ(stderr_, "tl-boost: error: unknown command 'valdate'; did you mean 'validate'?\n");
  EXPECT_EQ(run({"frobnicate"}), 2);
  EXPECT_EQ(stderr_, "tl-boost: error: unknown command 'frobnicate'; the commands are run, suite, report, bench, "
                     "validate, help\n");
  EXPECT_EQ(run({"help", "suit"}), 2);
  EXPECT_EQ(stderr_, "tl-boost: error: unknown command 'suit'; did you mean 'suite'?\n");
}

TEST_F(Cli, HelpOfACommandIsItsDashDashHelpAndHelpAloneIsTheGeneralHelp) {
  for (const char* command : {"run", "suite", "report", "bench", "validate"}) {
    SCOPED_TRACE(command);
    ASSERT_EQ(run({command, "--help"}), 0) << output_;
    const std::string dash_help = stdout_;
    ASSERT_EQ(run({"help", command}), 0) << output_;
    EXPECT_EQ(stdout_, dash_help);
    EXPECT_EQ(stderr_, "");
    EXPECT_NE(stdout_.find("\nUsage: tl-boost " + std::string(command) + " [OPTIONS]"), std::string::npos) << stdout_;
  }
  ASSERT_EQ(run({"help"}), 0) << output_;
  EXPECT_EQ(stdout_.find("tl-boost: transfer-learning"), 0u) << stdout_;
  for (const char* listed : {"run", "suite", "report", "bench", "validate", "help", "tl-boost help <command>"}) {
    EXPECT_NE(stdout_.find(listed), std::string::npos) << listed << "\n" << stdout_;
  }
  ASSERT_EQ(run({"--help"}), 0) << output_;
  EXPECT_EQ(stdout_.find("tl-boost: transfer-learning"), 0u) << stdout_;
}

TEST_F(Cli, NoArgumentsPrintsTheUsageOnStderrAndExitsTwo) {
  EXPECT_EQ(run({}), 2);
  EXPECT_EQ(stdout_, "");
  EXPECT_NE(stderr_.find("Usage: tl-boost [OPTIONS] [SUBCOMMAND]"), std::string::npos) << stderr_;
  EXPECT_NE(stderr_.find("tl-boost help <command>"), std::string::npos) << stderr_;
  EXPECT_EQ(run({"--quiet"}), 2);
  EXPECT_NE(stderr_.find("Usage: tl-boost"), std::string::npos) << stderr_;
}

TEST_F(Cli, CommandLineErrorsCarryTheErrorPrefixAndPointToTheCommandsHelp) {
  const std::string config = (kSource / "configs/smoke.json").string();
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases{
      {{"run"}, "config is required"},
      {{"run", config, "--threads", "-1"}, "--threads"},
      {{"run", config, "--device", "tpu"}, "tpu"},
      {{"run", config, "--no-such-flag", "extra"}, "unexpected arguments: --no-such-flag extra"},
      {{"validate", (kSource / "configs/nope.json").string()}, "nope.json"},
      {{"report", (out_ / "no-such-suite").string()}, "no-such-suite"},
  };
  for (const auto& [args, named] : cases) {
    SCOPED_TRACE(args.back());
    EXPECT_EQ(run(args), 2) << output_;
    EXPECT_EQ(stdout_, "");
    EXPECT_EQ(stderr_.rfind("tl-boost: error: ", 0), 0u) << stderr_;
    EXPECT_NE(stderr_.find(named), std::string::npos) << stderr_;
    const std::string hint = "; see 'tl-boost help " + args.front() + "'\n";
    ASSERT_GE(stderr_.size(), hint.size()) << stderr_;
    EXPECT_EQ(stderr_.substr(stderr_.size() - hint.size()), hint) << stderr_;
  }
}

TEST_F(Cli, ABadSetValueIsBlamedOnTheSetNotTheConfigFile) {
  const std::string config = (kSource / "configs/scratch.json").string();
  const std::vector<std::pair<std::string, std::string>> cases{
      {"train.lr=-1", "tl-boost: error: --set 'train.lr=-1': " + config + ": /train/lr: must be > 0, found -1\n"},
      {"train.lr=abc", "tl-boost: error: --set 'train.lr=abc': " + config +
                           ": /train/lr: expected a number, found a string\n"},
      {"nosuchkey=1", "tl-boost: error: --set 'nosuchkey=1': " + config + ": /nosuchkey: unknown key 'nosuchkey'\n"},
      {"train.lr", "tl-boost: error: --set 'train.lr': expected key.path=value (for example train.lr=0.05)\n"},
  };
  for (const auto& [assignment, expected] : cases) {
    EXPECT_EQ(run({"validate", config, "--set", assignment}), 2) << output_;
    EXPECT_EQ(stderr_, expected);
  }
  // run says the same, before anything is created.
  EXPECT_EQ(run({"run", config, "--out", out_.string(), "--set", "train.lr=-1"}), 2) << output_;
  EXPECT_EQ(stderr_, cases.front().second);
  EXPECT_FALSE(fs::exists(out_ / "scratch"));
}

TEST_F(Cli, EveryCommandsHelpEndsWithAnExampleItsExitCodesAndTheReadme) {
  for (const char* command : {"run", "suite", "report", "bench", "validate", "help"}) {
    SCOPED_TRACE(command);
    ASSERT_EQ(run({"help", command}), 0) << output_;
    const std::size_t example = stdout_.find("\nExample:\n  tl-boost " + std::string(command) + " ");
    const std::size_t exit_codes = stdout_.find("\nExit codes: 0 ");
    ASSERT_NE(example, std::string::npos) << stdout_;
    ASSERT_NE(exit_codes, std::string::npos) << stdout_;
    EXPECT_LT(example, exit_codes);
    const std::string readme = "\ndocs/CLI.md documents every command and output file, docs/CONFIG.md every config key.\n";
    ASSERT_GE(stdout_.size(), readme.size());
    EXPECT_EQ(stdout_.substr(stdout_.size() - readme.size()), readme) << stdout_;
  }
}

}  // namespace
