#pragma once
// The files of a run directory: metrics.csv, summary.json, config.json, command.json. Writes are
// whole lines (flushed) or whole files (temporary file + rename), so a crash never leaves a torn file.
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tl_boost/config.hpp"
#include "tl_boost/metrics.hpp"

namespace tl_boost {

/// Which tarball a CIFAR-10 directory was unpacked from, as scripts/fetch-data.sh records it in
/// the directory's SOURCE.json (layout.hpp: data_source_file).
struct DataSource {
  std::string tarball_md5;
  std::string tarball_sha256;
  bool official = false;  // the md5 is the official release's
  bool operator==(const DataSource& other) const;
};

/// `data_dir`'s SOURCE.json; none when the directory has none (data unpacked by hand or before
/// the file existed). IoError naming the file when it is there but does not fit.
std::optional<DataSource> read_data_source(const std::filesystem::path& data_dir);

/// Where and on what a run happened, for the summary.
struct RunEnvironment {
  std::string device;
  int threads = 0;
  std::string libtorch_version;
  std::string tl_boost_version;
  std::string git_sha;
  std::string started_at;  // UTC, ISO 8601
  std::string hostname;
  std::string cpu;               // the processor's model name
  std::string data_fingerprint;  // see data_fingerprint(): which copy of CIFAR-10
  std::optional<DataSource> data_source;  // the data directory's SOURCE.json, when it has one
};

/// How a run was asked for, written to command.json beside config.json: the exact command line
/// repeats the run; the overrides say which keys of config.json came from the command line.
struct RunCommand {
  std::vector<std::string> argv;       // as the program received it, argv[0] included
  std::vector<std::string> overrides;  // key.path=value applied after the config file, in order
                                       // (--seed, --device and --threads included)
  std::string cwd;                     // relative paths in argv and in the config start here
};

/// command.json: {"argv": [...], "overrides": [...], "cwd": "..."}.
nlohmann::json command_json(const RunCommand& command);

/// Creates `dir` for a new run. An existing directory that holds files is refused (IoError)
/// unless `force`, in which case its previous run files are removed first.
void prepare_run_directory(const std::filesystem::path& dir, bool force);

/// Reads a whole JSON file; IoError with the path when it cannot be read or is not JSON.
nlohmann::json read_json_file(const std::filesystem::path& path);

/// Writes `content` to `path` through a temporary file in the same directory and a rename.
void write_file_atomic(const std::filesystem::path& path, const std::string& content);

/// The temporary file write_file_atomic writes `path` through in this process: <path>.<pid>.tmp, its
/// own, so two processes writing one file (two suite commands on one directory) never share it.
std::filesystem::path atomic_temporary(const std::filesystem::path& path);

/// metrics.csv: the header once, then one flushed line per epoch of every stage.
class MetricsCsvWriter {
 public:
  static constexpr const char* kHeader = "stage,epoch,train_loss,train_acc,val_loss,val_acc,lr,seconds";
  /// A new file with the header only.
  explicit MetricsCsvWriter(const std::filesystem::path& path);
  /// Continues a file of a resumed run: keeps the header and the first `rows` rows (those of the
  /// checkpointed epochs), drops anything after them. Throws IoError if fewer rows are there.
  MetricsCsvWriter(const std::filesystem::path& path, std::size_t rows);
  void append(Stage stage, const EpochMetrics& metrics);

 private:
  std::filesystem::path path_;
  std::ofstream out_;
};

/// One CSV line (no newline) for an epoch; shared by the writer and its tests.
std::string format_metrics_row(Stage stage, const EpochMetrics& metrics);

/// summary.json's "probe" object.
nlohmann::json probe_json(const ProbeResult& probe);

/// The measures of summary.json's "landscape" object: "distance" {layer: {absolute, relative,
/// initial_norm}} and "sharpness" {top_eigenvalue, iterations, converged, relative_change,
/// subset_size, estimates}, each present when measured. Merged into `landscape` (an object, or
/// null for a summary without one), so that a measure added later keeps those already there.
nlohmann::json landscape_json(const LandscapeResult& result, nlohmann::json landscape = nullptr);

/// summary.json of a run: "status" is "completed", or "failed" with `error` (then `result`
/// holds the stages that did complete).
nlohmann::json make_summary(const ExperimentConfig& config, const RunResult& result, const RunEnvironment& env,
                            const std::string& error = "");

}  // namespace tl_boost
