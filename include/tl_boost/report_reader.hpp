#pragma once
// A suite directory read back into typed runs: its manifest and, for each completed run, the
// figures of its summary.json and the rows of its metrics.csv. The report reads files only here.
// LibTorch-free.
#include <cstdint>
#include <filesystem>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tl_boost/config.hpp"
#include "tl_boost/run_output.hpp"
#include "tl_boost/stage.hpp"
#include "tl_boost/suite_manifest.hpp"

namespace tl_boost {

/// One row of metrics.csv: the columns the report reads.
struct MetricsRow {
  Stage stage = Stage::kTarget;
  int epoch = 0;
  double train_loss = 0.0;
  double train_acc = 0.0;
  double val_acc = 0.0;
  std::optional<double> val_loss;     // none in a file without the column
  std::optional<double> lr, seconds;  // the same
};

/// Reads metrics.csv by the column names of its header, in whatever order they come; columns it
/// does not read are ignored, so a column added later breaks no old run (val_loss, lr and seconds
/// may be absent). IoError naming the file and the column when a column is missing or a cell is not
/// a number (or, in the stage column, no stage).
std::vector<MetricsRow> read_metrics_rows(const std::filesystem::path& path);

/// The target stage's figures of a run's summary.json.
struct TargetFigures {
  double test_acc = 0.0;
  double best_val_acc = 0.0;
  double final_val_acc = 0.0;
  double final_train_acc = 0.0;
  double train_val_gap = 0.0;
  double final_train_loss = 0.0;
  std::optional<double> test_loss;  // none in a summary written before it was recorded
};

/// What a run transferred, from its config: a transfer grid places the run by it.
struct TransferSetup {
  std::map<std::string, std::vector<std::string>> groups;  // the run's class groups (its split's)
  std::vector<std::string> source_classes;  // empty: no source stage (a baseline)
  std::vector<std::string> target_classes;
  bool freeze_transferred = false;
  int transfer_layers = 1;
  TransferInit transfer_init = TransferInit::kCopy;  // absent from summaries before the controls
  bool compute_matched = false;
  int target_seed_offset = 0;  // a twin's: the same source network, another target stage (absent before twins)
  // The mechanism settings (absent before them): each makes a control, never AnB+, BnB+ or baseB.
  SourceLabels source_labels = SourceLabels::kTrue;
  Conv1Init conv1_init = Conv1Init::kDefault;
  int max_per_class = 0;
  int target_max_per_class = 0;
};

/// The loss-landscape figures of a run's summary.json (`landscape`), when it measured them.
struct LandscapeFigures {
  std::optional<double> top_eigenvalue;     // landscape.sharpness.top_eigenvalue
  bool sharpness_converged = false;         // landscape.sharpness.converged: the power iteration settled
  std::optional<double> relative_distance;  // ‖θ_final − θ_start‖ / ‖θ_start‖ over every layer of landscape.distance
};

/// The base-task probe's test accuracies in a run's summary.json (`probe`): of the final network,
/// and of the reference features the run probed too (probe.references, probe.conv1_only).
struct ProbeFigures {
  double final_network = 0.0;            // probe.test_acc
  std::optional<double> source_network;  // probe.source_network.test_acc: the source stage's network, before fine-tuning
  std::optional<double> random_network;  // probe.random_network.test_acc: an untrained network
  std::optional<double> conv1_only;      // probe.conv1_only.test_acc: the final network's conv1 alone
};

/// One completed run of a suite, as read back from its directory.
struct SuiteRun {
  std::string protocol;
  std::uint64_t seed = 0;
  std::string split;  // "" in a suite without splits
  RunEnvironment environment;  // a field the summary lacks reads "?" (threads: 0; data_source: none)
  std::string data_dir = "?";  // the config's CIFAR-10 directory
  TransferSetup transfer;
  TargetFigures target;
  std::optional<ProbeFigures> probe;  // when the run had a base-task probe
  LandscapeFigures landscape;
  std::vector<MetricsRow> metrics;
};

/// Why a run of the manifest is left out of the report.
enum class AbsentKind {
  kMissing,     // no summary.json (not run, or not finished, yet)
  kFailed,      // its summary.json is not "completed"
  kUnreadable,  // its summary.json or metrics.csv cannot be read (UnreadableRun::kSkip)
};

/// A run of the manifest that the report cannot use, and why.
struct AbsentRun {
  std::string split;  // "" in a suite without splits
  std::string protocol;
  std::uint64_t seed = 0;
  AbsentKind kind = AbsentKind::kMissing;
  std::string detail;  // kFailed: the error's first line (else the status); kUnreadable: the IoError; kMissing: ""
};

/// "missing", "failed", "unreadable".
std::string to_string(AbsentKind kind);

/// Why, as report.json and the report write it: "missing", "failed: <detail>", "unreadable: <detail>".
std::string absent_reason(const AbsentRun& absent);

/// A linear interpolation between the final target networks of two runs of a suite: a vector per
/// column of interpolation_csv.hpp, alpha from 0 to 1.
struct InterpolationCurve {
  std::vector<double> alpha, train_loss, train_acc, test_loss, test_acc;
};

/// Reads an interpolation CSV by its column names; IoError naming the file as read_metrics_rows does.
InterpolationCurve read_interpolation_csv(const std::filesystem::path& path);

/// The interpolation between run (a, seed_a) and run (b, seed_b) of one split.
struct InterpolatedPair {
  std::string split;
  std::string a, b;
  std::uint64_t seed_a = 0, seed_b = 0;
  InterpolationCurve curve;
};

struct SuiteResults {
  SuiteManifest manifest;
  std::vector<InterpolatedPair> interpolations;  // those the suite wrote (SuiteLayout::interpolation)
  std::vector<SuiteRun> runs;  // completed runs only, in split, then protocol, then seed order
  std::vector<AbsentRun> absent;  // the manifest's other runs, in the same order
};

/// What to do with a summary or metrics file that cannot be read.
enum class UnreadableRun { kThrow, kSkip };

/// Reads `dir` (OUT/<suite>/) through its SuiteLayout: every split, protocol and seed of the
/// manifest. Runs without a summary, or whose summary is not "completed", are left out (and
/// listed in `absent`). An unreadable run's summary or metrics throw IoError naming the file
/// (kThrow), or are listed in `absent` with the error (kSkip: the report reports the rest).
SuiteResults read_suite_results(const std::filesystem::path& dir, UnreadableRun unreadable = UnreadableRun::kThrow);

}  // namespace tl_boost
