#pragma once
// Every file name of a run directory and of a suite directory, named here and nowhere else.
// LibTorch-free: the recorder, the suite, the report and the tests all find files through these.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "tl_boost/stage.hpp"

namespace tl_boost {

/// What scripts/fetch-data.sh writes into the CIFAR-10 directory: the tarball it came from.
inline std::filesystem::path data_source_file(const std::filesystem::path& data_dir) {
  return data_dir / "SOURCE.json";
}

/// The throughputs `suite --plan` measured on this machine, reused by later plans and suites:
/// $XDG_CACHE_HOME/tl-boost/throughputs.json, else $HOME/.cache/tl-boost/throughputs.json; none
/// when neither variable is set.
std::optional<std::filesystem::path> throughput_record_file();

/// OUT/<name>/seed-<N>/: one run of one config and seed.
class RunLayout {
 public:
  explicit RunLayout(std::filesystem::path dir) : dir_(std::move(dir)) {}
  /// The run of `name` and `seed` under an output root: OUT/<name>/seed-<N>.
  static RunLayout under(const std::filesystem::path& out_root, const std::string& name, std::uint64_t seed);

  const std::filesystem::path& dir() const { return dir_; }
  std::filesystem::path config() const { return dir_ / "config.json"; }    // the resolved config
  std::filesystem::path command() const { return dir_ / "command.json"; }  // the command line that ran it
  std::filesystem::path metrics() const { return dir_ / "metrics.csv"; }   // a row per epoch
  std::filesystem::path summary() const { return dir_ / "summary.json"; }  // written when the run ends
  /// What records a finished run without its weights or checkpoints: what a results directory keeps.
  std::vector<std::filesystem::path> record() const { return {config(), command(), metrics(), summary()}; }
  /// How far an unfinished run got; names the training-state file it belongs to.
  std::filesystem::path checkpoint() const { return dir_ / "checkpoint.json"; }
  /// The file name (in dir()) of the network and optimizer after `epoch` of `stage`.
  static std::string training_state_name(Stage stage, int epoch);
  std::filesystem::path training_state(const std::string& name) const { return dir_ / name; }
  /// The final weights of a finished stage: source.pt, target.pt.
  std::filesystem::path stage_weights(Stage stage) const { return dir_ / stage_weights_name(stage); }
  static std::string stage_weights_name(Stage stage) { return to_string(stage) + ".pt"; }
  /// A cached source network's finished stage in checkpoint form (a suite's sources/<key>/).
  std::filesystem::path stage_record() const { return dir_ / "stage.json"; }
  /// <dir>.lock beside the directory: held by the process training into it (a suite's units), so
  /// that two processes never train the same run at once. Outside dir(), which --force may clear.
  std::filesystem::path lock() const { return dir_.parent_path() / (dir_.filename().string() + ".lock"); }

  /// Whether `file_name` is a file a run writes (what --force may remove from the directory).
  static bool is_run_file(const std::string& file_name);

 private:
  std::filesystem::path dir_;
};

/// OUT/<suite name>/: a run directory per protocol and seed (per split, protocol and seed in a
/// suite with class splits), the cached source networks (shared by the splits), the units' logs,
/// the manifest the report reads and the report itself.
class SuiteLayout {
 public:
  explicit SuiteLayout(std::filesystem::path root) : root_(std::move(root)) {}

  const std::filesystem::path& root() const { return root_; }
  std::filesystem::path manifest() const { return root_ / "suite.json"; }
  /// The suite's declared hypotheses and predictions, copied from the file its suite file names.
  std::filesystem::path hypotheses() const { return root_ / "hypotheses.json"; }
  RunLayout run(const std::string& protocol, std::uint64_t seed) const { return RunLayout::under(root_, protocol, seed); }
  /// A run of a class split: OUT/<suite>/<split>/<protocol>/seed-<N>; split "" (a suite without
  /// splits) is run(protocol, seed).
  RunLayout run(const std::string& split, const std::string& protocol, std::uint64_t seed) const {
    return split.empty() ? run(protocol, seed) : RunLayout::under(root_ / split, protocol, seed);
  }

  std::filesystem::path sources() const { return root_ / "sources"; }
  /// A trained source network, complete once its stage_record() exists.
  RunLayout source(const std::string& key) const { return RunLayout(sources() / key); }
  /// Where a source network is trained (and checkpointed) before it is renamed into source(key).
  RunLayout source_partial(const std::string& key) const { return RunLayout(sources() / (key + ".partial")); }
  /// Held by the process training the source network `key`.
  std::filesystem::path source_lock(const std::string& key) const { return source(key).lock(); }

  std::filesystem::path logs() const { return root_ / "logs"; }
  std::filesystem::path unit_log(std::size_t unit) const { return logs() / ("unit-" + std::to_string(unit) + ".log"); }

  std::filesystem::path interpolations() const { return root_ / "interpolation"; }
  /// Held by the process writing the suite's interpolations.
  std::filesystem::path interpolation_lock() const { return root_ / "interpolation.lock"; }
  /// The linear interpolation between the final target networks of protocol `a` seed `seed_a` and
  /// protocol `b` seed `seed_b` of a split ("": a suite without splits), as CSV:
  /// interpolation/[<split>/]<a>-seed-<seed_a>--<b>-seed-<seed_b>.csv
  std::filesystem::path interpolation(const std::string& split, const std::string& a, const std::string& b,
                                      std::uint64_t seed_a, std::uint64_t seed_b) const {
    const std::string file = a + "-seed-" + std::to_string(seed_a) + "--" + b + "-seed-" + std::to_string(seed_b) + ".csv";
    return split.empty() ? interpolations() / file : interpolations() / split / file;
  }

  std::filesystem::path report_json() const { return root_ / "report.json"; }
  std::filesystem::path report_markdown() const { return root_ / "report.md"; }
  std::filesystem::path report_html() const { return root_ / "report.html"; }
  /// A chart of the report as an SVG file beside report.md, which links it by this name.
  static std::string report_chart_name(const std::string& chart) { return "report-" + chart + ".svg"; }
  std::filesystem::path report_chart(const std::string& chart) const { return root_ / report_chart_name(chart); }
  /// Whether a file name is a report chart's ("report-*.svg").
  static bool is_report_chart(const std::string& file) {
    return file.size() > 11 && file.rfind("report-", 0) == 0 && file.compare(file.size() - 4, 4, ".svg") == 0;
  }

  /// `tl-boost export`'s tidy tables: one row per epoch of every run, one per judged comparison.
  std::filesystem::path runs_csv() const { return root_ / "runs.csv"; }
  std::filesystem::path comparisons_csv() const { return root_ / "comparisons.csv"; }

 private:
  std::filesystem::path root_;
};

}  // namespace tl_boost
