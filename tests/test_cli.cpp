// The command line without a dataset: help, usage, did-you-mean, and the config and flag errors
// that must stop a command before it reads any data. These run the tl-boost binary too, but need
// no CIFAR-10, so they run with the unit tests.
#include <algorithm>

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

TEST_F(Cli, AUnitPastTheSuitesLastIsAConfigErrorNamingItsUnits) {
  const std::string suite = (kSource / "configs/smoke_suite.json").string();
  ASSERT_EQ(run({"suite", suite, "--seeds", "0", "--out", out_.string(), "--plan"}), 0) << output_;
  const auto units = static_cast<std::size_t>(std::count(stdout_.begin(), stdout_.end(), '\n'));
  ASSERT_GT(units, 0u);
  const std::string past = std::to_string(units);
  EXPECT_EQ(run({"suite", suite, "--seeds", "0", "--out", out_.string(), "--unit", past}), 2) << output_;
  EXPECT_EQ(stderr_, "tl-boost: error: --unit " + past + ": the suite has units 0.." + std::to_string(units - 1) + "\n");
  EXPECT_FALSE(fs::exists(out_ / "smoke_suite" / "suite.json"));
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
  EXPECT_EQ(stderr_,
            "tl-boost: error: unknown command 'frobnicate'; the commands are run, suite, report, export, collect, "
            "bench, validate, help\n");
  EXPECT_EQ(run({"help", "suit"}), 2);
  EXPECT_EQ(stderr_, "tl-boost: error: unknown command 'suit'; did you mean 'suite'?\n");
}

TEST_F(Cli, HelpOfACommandIsItsDashDashHelpAndHelpAloneIsTheGeneralHelp) {
  for (const char* command : {"run", "suite", "report", "export", "bench", "validate"}) {
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
  for (const char* listed :
       {"run", "suite", "report", "export", "bench", "validate", "help", "tl-boost help <command>"}) {
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
      {{"run", config, "--no-such-flag", "extra"}, "unknown flag '--no-such-flag' for 'run'"},
      {{"run", config, "extra", "more"}, "unexpected arguments: extra more"},
      {{"validate", (kSource / "configs/nope.json").string()}, "nope.json"},
      {{"report", (out_ / "no-such-suite").string()}, "no-such-suite"},
      {{"export", (out_ / "no-such-suite").string()}, "no-such-suite"},
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
  for (const char* command : {"run", "suite", "report", "export", "bench", "validate", "help"}) {
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

TEST_F(Cli, ReportPrintsTheFindingsAndTheFilesItWrote) {
  // A committed suite's runs, copied: the report rewrites its files in the directory it reads.
  const fs::path suite = out_ / "study";
  fs::create_directories(suite);
  for (const auto& entry : fs::directory_iterator(kSource / "results/study")) {
    if (entry.path().filename().string().rfind("report", 0) != 0) {
      fs::copy(entry.path(), suite / entry.path().filename(), fs::copy_options::recursive);
    }
  }
  ASSERT_EQ(run({"report", suite.string()}), 0) << output_;
  EXPECT_NE(output_.find("Boost AnB+ − baseB (transferred − scratch), test accuracy: +0.75 points [+0.44, +1.05] over "
                         "9 splits, Holm p = 0.003: supported"),
            std::string::npos)
      << output_;
  for (const char* hypothesis : {"H0 (longer training): contradicted — ", "H1 (closer to better minima): mixed",
                                 "H2 (a regularising initialisation): ", "H3 (re-initialisation): held"}) {
    EXPECT_NE(output_.find(hypothesis), std::string::npos) << hypothesis << output_;
  }
  for (const char* file : {"report.md", "report.html", "report.json"}) {
    EXPECT_NE(output_.find((suite / file).string()), std::string::npos) << file << output_;
    EXPECT_TRUE(fs::exists(suite / file)) << file;
  }
}

// Committed runs stand in for a suite's output; one of them is in the results directory already.
TEST_F(Cli, CollectCopiesTheFinishedRunsAndKeepsTheOnesTheResultsHold) {
  const fs::path runs = out_ / "runs/study", results = out_ / "results/study";
  fs::create_directories(runs / "default");
  fs::copy(kSource / "results/study/suite.json", runs / "suite.json");
  fs::copy(kSource / "results/study/default/warm_restart", runs / "default/warm_restart", fs::copy_options::recursive);
  fs::create_directories(results / "default/warm_restart");
  fs::copy(kSource / "results/study/default/warm_restart/seed-0", results / "default/warm_restart/seed-0");
  ASSERT_EQ(run({"collect", runs.string(), results.string(), "--protocols", "warm_restart,shrink_perturb"}), 0)
      << output_;
  EXPECT_EQ(stdout_, "");
  EXPECT_NE(stderr_.find("finished runs 2, interpolation curves 0; unfinished runs left 0"), std::string::npos)
      << stderr_;
  EXPECT_NE(stderr_.find("kept as they were: finished runs 1 (with the same curves, every metrics.csv column but the "
                         "seconds: 1)"),
            std::string::npos)
      << stderr_;
  EXPECT_TRUE(fs::exists(results / "default/warm_restart/seed-2/summary.json"));
  // 3 of its 27 runs (9 splits x 3 seeds): not in the results' suite.json, so not in the report.
  EXPECT_NE(stderr_.find("warm_restart joins " + (results / "suite.json").string() +
                         " (and the report) once every run is in: 3 of 27"),
            std::string::npos)
      << stderr_;
  EXPECT_EQ(run({"collect", (out_ / "nowhere").string(), results.string()}), 2) << output_;
}

// export reads only the files a suite wrote: a copy of a committed suite, no dataset.
TEST_F(Cli, ExportWritesARowPerEpochOfEveryRunAndTheJudgedComparisons) {
  const fs::path suite = out_ / "pilot", csv = out_ / "csv";
  fs::copy(kSource / "results/pilot_constant", suite, fs::copy_options::recursive);
  std::size_t epochs = 0;
  for (const auto& entry : fs::recursive_directory_iterator(suite)) {
    if (entry.path().filename() == "metrics.csv") epochs += lines_of(entry.path()).size() - 1;
  }
  ASSERT_GT(epochs, 0u);
  ASSERT_EQ(run({"export", suite.string(), "--out", csv.string()}), 0) << output_;
  EXPECT_EQ(stdout_, "");
  const std::vector<std::string> runs = lines_of(csv / "runs.csv");
  ASSERT_EQ(runs.size(), 1 + epochs);
  EXPECT_EQ(runs[0],
            "protocol,split,seed,stage,epoch,train_loss,train_acc,val_loss,val_acc,lr,seconds,test_acc,test_loss");
  const std::vector<std::string> comparisons = lines_of(csv / "comparisons.csv");
  ASSERT_GT(comparisons.size(), 1u);
  EXPECT_EQ(comparisons[0].rfind("kind,id,measure,a,b,", 0), 0u) << comparisons[0];
  EXPECT_FALSE(fs::exists(suite / "runs.csv"));  // --out
  EXPECT_NE(stderr_.find((csv / "runs.csv").string()), std::string::npos) << stderr_;
}

TEST_F(Cli, AnUnknownFlagExitsTwoSuggestingTheNearestFlagOfItsCommand) {
  const std::string smoke = (kSource / "configs/smoke.json").string();
  const std::string suite = (kSource / "configs/suite.json").string();
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases{
      {{"run", smoke, "--seeed", "3"}, "unknown flag '--seeed' for 'run'; did you mean '--seed'?; see 'tl-boost help run'"},
      {{"suite", suite, "--seed", "0-2"},
       "unknown flag '--seed' for 'suite'; did you mean '--seeds'?; see 'tl-boost help suite'"},
      {{"suite", suite, "--splts=0-2"},
       "unknown flag '--splts' for 'suite'; did you mean '--splits'?; see 'tl-boost help suite'"},
      {{"validate", smoke, "--datadir", "x"},
       "unknown flag '--datadir' for 'validate'; did you mean '--data-dir'?; see 'tl-boost help validate'"},
      {{"suite", suite, "--resume"}, "unknown flag '--resume' for 'suite' ('run' takes it); see 'tl-boost help suite'"},
      {{"run", smoke, "--quite"}, "unknown flag '--quite' for 'run'; did you mean '--quiet'?; see 'tl-boost help run'"},
  };
  for (const auto& [args, expected] : cases) {
    EXPECT_EQ(run(args), 2) << output_;
    EXPECT_EQ(stdout_, "");
    EXPECT_EQ(stderr_, "tl-boost: error: " + expected + "\n");
  }
}

TEST_F(Cli, ValidateChecksASuiteFileAsTheSuiteWouldRunItAndCountsThePlannedUnits) {
  const std::string study = (kSource / "configs/study.json").string();
  // The test's data directory, which does not exist: the checkout's may hold CIFAR-10.
  const std::string no_data = kData.string();
  ASSERT_EQ(run({"validate", study, "--data-dir", no_data}), 0) << output_;
  const json resolved = json::parse(stdout_);
  EXPECT_EQ(resolved["name"], "study");
  EXPECT_EQ(resolved["seeds"], json({0, 1, 2}));
  constexpr std::size_t kProtocols = 20;  // the study's 6, E3/E4's 2, and parts 2, 3, 4 and 5's 3 each
  EXPECT_EQ(resolved["protocols"].size(), kProtocols);
  EXPECT_EQ(resolved["splits"].size(), 9u);
  EXPECT_EQ(resolved["configs"]["transferred"], (kSource / "configs/transferred.json").string());
  EXPECT_EQ(resolved["hypotheses"], (kSource / "configs/study_hypotheses.json").string());
  const std::size_t units = resolved["units"]["total"].get<std::size_t>();
  EXPECT_EQ(resolved["units"]["target"], kProtocols * 9u * 3u);
  EXPECT_EQ(units, resolved["units"]["source"].get<std::size_t>() + kProtocols * 9u * 3u);
  EXPECT_GT(resolved["interpolations"].get<std::size_t>(), 0u);
  EXPECT_EQ(resolved["data_dirs"], json::array({no_data}));
  EXPECT_NE(stderr_.find(no_data + ": no such directory"), std::string::npos) << "the data directory is warned about";

  // The units --plan prints, one line each, are the units validate counted.
  ASSERT_EQ(run({"suite", study, "--plan", "--out", out_.string(), "--data-dir", no_data}), 0) << output_;
  EXPECT_EQ(static_cast<std::size_t>(std::count(stdout_.begin(), stdout_.end(), '\n')), units);

  ASSERT_EQ(run({"validate", study, "--seeds", "0", "--splits", "default", "--set", "train.lr=0.02"}), 0) << output_;
  const json narrowed = json::parse(stdout_);
  EXPECT_EQ(narrowed["seeds"], json::array({0}));
  EXPECT_EQ(narrowed["units"]["target"], kProtocols);
  EXPECT_EQ(narrowed["overrides"].back(), "train.lr=0.02");

  EXPECT_EQ(run({"validate", study, "--set", "train.lr=-1"}), 2) << output_;
  EXPECT_NE(stderr_.find("/train/lr: must be > 0"), std::string::npos) << stderr_;
  EXPECT_EQ(run({"validate", (kSource / "configs/smoke.json").string(), "--seeds", "0"}), 2) << output_;
  EXPECT_NE(stderr_.find("--seeds applies to suite files"), std::string::npos) << stderr_;
}

TEST_F(Cli, ValidateReportsEveryMistypedKeyOfASuiteFileAtOnce) {
  const fs::path suite = out_ / "typos.json";
  std::ofstream(suite) << R"({"protocls": ["smoke.json"], "alpah": 0.05, "seed": "0-1"})";
  EXPECT_EQ(run({"validate", suite.string()}), 2) << output_;
  EXPECT_EQ(stderr_, "tl-boost: error: " + suite.string() + ": 3 unknown keys:\n"
                     "  /alpah: unknown key 'alpah' (did you mean 'alpha'?)\n"
                     "  /protocls: unknown key 'protocls' (did you mean 'protocols'?)\n"
                     "  /seed: unknown key 'seed' (did you mean 'seeds'?)\n");
}

TEST_F(Cli, AMissingDataDirectoryIsNamedWithHowItWasFoundAndTheWaysToGiveIt) {
  const std::string smoke = (kSource / "configs/smoke.json").string();
  const std::string flag_dir = (out_ / "flag-data").string();
  const std::string env_dir = (out_ / "env-data").string();
  EXPECT_EQ(run({"run", smoke, "--out", out_.string(), "--data-dir", flag_dir}, {"TL_BOOST_DATA=" + env_dir}), 3);
  EXPECT_NE(stderr_.find(flag_dir + ": no such directory (--data-dir '" + flag_dir + "')"), std::string::npos)
      << stderr_;
  for (const char* fix : {"--data-dir DIR", "TL_BOOST_DATA=DIR", "scripts/fetch-data.sh"}) {
    EXPECT_NE(stderr_.find(fix), std::string::npos) << fix << "\n" << stderr_;
  }
  EXPECT_EQ(run({"run", smoke, "--out", out_.string()}, {"TL_BOOST_DATA=" + env_dir}), 3);
  EXPECT_NE(stderr_.find(env_dir + ": no such directory (TL_BOOST_DATA='" + env_dir + "')"), std::string::npos)
      << stderr_;
  EXPECT_FALSE(fs::exists(out_ / "smoke"));

  // validate warns, naming the same, and still exits 0; suite and bench take the flag too.
  EXPECT_EQ(run({"validate", smoke, "--data-dir", flag_dir}), 0) << output_;
  EXPECT_NE(stderr_.find(flag_dir + ": no such directory (--data-dir"), std::string::npos) << stderr_;
  EXPECT_EQ(json::parse(stdout_)["data"]["dir"], "data/cifar-10-batches-bin") << "the config keeps its data.dir";
  EXPECT_EQ(run({"suite", (kSource / "configs/smoke_suite.json").string(), "--seeds", "0", "--out", out_.string(),
                 "--data-dir", flag_dir}),
            3);
  EXPECT_NE(stderr_.find(flag_dir + ": no such directory (--data-dir"), std::string::npos) << stderr_;
  EXPECT_EQ(run({"bench", smoke, "--part", "load", "--data-dir", flag_dir}), 3) << output_;
  EXPECT_NE(stderr_.find(flag_dir + ": no such directory (--data-dir"), std::string::npos) << stderr_;
}

// A config's relative data.dir is its checkout's, wherever tl-boost is started (this test runs in
// the build directory): a checkout elsewhere with its own configs/ and data/ is read from there.
TEST_F(Cli, ARelativeDataDirOfAConfigIsTakenFromTheConfigsCheckoutNotTheWorkingDirectory) {
  const fs::path checkout = out_ / "checkout";
  fs::create_directories(checkout / "configs");
  std::ofstream(checkout / "configs/mine.json")
      << json({{"extends", (kSource / "configs/smoke.json").string()}, {"data", {{"dir", "data/cifar"}}}}).dump();
  EXPECT_EQ(run({"validate", (checkout / "configs/mine.json").string()}), 0) << output_;
  const std::string expected = (checkout / "data/cifar").string();
  EXPECT_NE(stderr_.find(expected + ": no such directory (data.dir 'data/cifar' of " +
                         (checkout / "configs/mine.json").string() + ", taken from its checkout " + checkout.string()),
            std::string::npos)
      << stderr_;
  fs::create_directories(checkout / "data/cifar");
  EXPECT_EQ(run({"validate", (checkout / "configs/mine.json").string()}), 0) << output_;
  EXPECT_EQ(stderr_, "") << "the directory is found from the checkout";
  // run finds the directory (its files are missing: exit 3, naming a file in it).
  EXPECT_EQ(run({"run", (checkout / "configs/mine.json").string(), "--out", out_.string()}), 3) << output_;
  EXPECT_NE(stderr_.find(expected + "/"), std::string::npos) << stderr_;
}

TEST_F(Cli, AnExistingRunIsRefusedBeforeTheDataIsReadSayingWhetherToResumeOrForce) {
  const std::string smoke = (kSource / "configs/smoke.json").string();
  const fs::path dir = out_ / "smoke" / "seed-0";
  fs::create_directories(dir);
  std::ofstream(dir / "checkpoint.json") << "{}";
  EXPECT_EQ(run({"run", smoke, "--out", out_.string()}), 4) << output_;
  EXPECT_NE(stderr_.find(dir.string() + ": an interrupted run is here; continue it with --resume ("), std::string::npos)
      << stderr_;
  EXPECT_NE(stderr_.find("--out " + out_.string() + " --resume), or start it over with --force"), std::string::npos)
      << stderr_;

  fs::remove(dir / "checkpoint.json");
  std::ofstream(dir / "summary.json") << json({{"status", "completed"}, {"probe", json::object()}}).dump();
  EXPECT_EQ(run({"run", smoke, "--out", out_.string()}), 4) << output_;
  EXPECT_NE(stderr_.find(dir.string() + ": a finished run is here (--resume would find nothing left to do); replace "
                                        "it with --force"),
            std::string::npos)
      << stderr_;
  // --force and --resume get past the check, to the missing data.
  EXPECT_EQ(run({"run", smoke, "--out", out_.string(), "--force", "--data-dir", kData.string()}), 3) << output_;
  EXPECT_EQ(run({"run", smoke, "--out", out_.string(), "--resume", "--data-dir", kData.string()}), 3) << output_;
}

}  // namespace

