#pragma once
// The commands behind the CLI, each a function of a plain options struct.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "tl_boost/bench/report.hpp"
#include "tl_boost/config/data_location.hpp"
#include "tl_boost/report/write_report.hpp"

namespace tl_boost {

struct RunOptions {
  std::filesystem::path config;
  std::optional<std::uint64_t> seed;   // overrides the config's "seed"
  std::optional<std::string> device;   // overrides "device"
  std::optional<int> threads;          // overrides "threads"
  std::filesystem::path out = "runs";  // runs go to OUT/<name>/seed-<N>/
  std::vector<std::string> overrides;  // key.path=value, applied after the file
  bool force = false;                  // replace an existing run directory
  bool resume = false;                 // continue an interrupted run from its last complete epoch
  DataDirChoice data;                  // --data-dir and TL_BOOST_DATA
  std::string command_line;            // as typed, for the "how to resume" hint
  std::vector<std::string> argv;       // as received, for command.json
};

struct ValidateOptions {
  std::filesystem::path config;        // a config or a suite file (told apart by its keys)
  std::vector<std::string> overrides;  // for a suite: applied to every protocol config
  std::optional<std::string> seeds;    // suite files only, as suite --seeds
  std::optional<std::string> splits;   // suite files only, as suite --splits
  DataDirChoice data;                  // --data-dir and TL_BOOST_DATA
};

struct SuiteOptions {
  std::filesystem::path suite;         // suite file (configs/suite.json)
  std::optional<std::string> seeds;    // seed list: 0-4, 0,2,5; the suite file's "seeds", else 0-4
  std::optional<std::string> splits;   // class splits by name or index: default,random-7-0 or 0-2; all when unset
  int jobs = 0;                        // units at once, each in its own process; 0: one per core
  std::optional<int> threads;          // per unit; default: every core / jobs
  std::optional<std::string> device;
  std::filesystem::path out = "runs";  // the suite goes to OUT/<suite name>/
  std::vector<std::string> overrides;  // key.path=value for every protocol config
  std::optional<std::size_t> unit;     // run this unit alone
  bool plan = false;                   // print the units as JSON lines and stop
  DataDirChoice data;                  // --data-dir (passed on to child processes) and TL_BOOST_DATA
  std::string self;                    // this program, for child processes
  std::string command_line;
  std::vector<std::string> argv;       // as received, for each run's command.json
};

struct BenchOptions {
  std::filesystem::path config;        // data dir, model, classes, batch sizes and the protocol timed
  std::vector<std::string> overrides;  // key.path=value, applied after the file
  std::vector<BenchPart> parts;        // empty: all of load, matmul, train, eval, levers, jobs, protocol
  std::vector<std::int64_t> batch_sizes{32, 64, 128, 256};
  std::vector<std::int64_t> eval_batch_sizes{250, 500, 1000, 2000};
  double seconds = 2.0;                // per throughput measurement
  int pairs = 3;                       // A/B pairs per lever
  int protocol_epochs = 2;             // per stage, for the end-to-end protocol time
  std::optional<int> threads;          // default: the config's
  std::optional<std::filesystem::path> json;  // also write every figure here
  DataDirChoice data;                  // --data-dir and TL_BOOST_DATA
  bool child = false;                  // run by another bench: figures to --json only, no tables
  bool default_malloc = false;         // leave the C library's memory settings alone (a lever's B side)
  std::string self;                    // this program, for child processes
};

/// `tl-boost run`: trains every stage, writes the run directory, returns the exit code.
int run_command(const RunOptions& options);

/// `tl-boost suite`: every protocol for every seed, each source network trained once per seed;
/// continues where an earlier invocation stopped.
int suite_command(const SuiteOptions& options);

struct ReportCommandOptions {
  std::filesystem::path suite_dir;
  ReportOptions report;
};

/// `tl-boost report`: report.md, report.json and report.html of a suite directory; the
/// expectations' and the hypotheses' verdicts on the console.
int report_command(const ReportCommandOptions& options);

struct ExportOptions {
  std::filesystem::path suite_dir;
  std::optional<std::filesystem::path> out;  // the suite's directory by default
};

/// `tl-boost export`: runs.csv (a row per epoch of every run) and comparisons.csv (a row per
/// comparison the report judges) of a suite directory.
int export_command(const ExportOptions& options);

struct CollectOptions {
  std::filesystem::path from;        // a suite's output directory (OUT/<suite name>)
  std::filesystem::path into;        // the results directory of the same suite
  std::vector<std::string> protocols;  // only these protocols' runs; all when empty
};

/// `tl-boost collect`: the record of every finished run and the interpolation curves of a suite's
/// output directory, copied into a results directory; says what it copied and kept.
int collect_command(const CollectOptions& options);

/// `tl-boost bench`: measures load time, matrix-product peak, training and evaluation throughput,
/// each performance lever A/B, jobs versus threads and one protocol end to end; prints Markdown tables.
int bench_command(const BenchOptions& options);

/// `tl-boost validate`: prints the resolved config as JSON on stdout, and warns on stderr when its
/// data directory does not exist (the config is still valid: exit 0). A suite file (one with
/// "protocols") is checked as `suite` would load it, every protocol config resolved, and printed
/// as its manifest with the unit counts `suite --plan` would plan.
int validate_command(const ValidateOptions& options);

/// `tl-boost --version` text.
std::string version_text();

}  // namespace tl_boost
