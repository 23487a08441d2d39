#include "tl_boost/report_reader.hpp"

#include <cmath>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <type_traits>

#include "tl_boost/config/json_reader.hpp"
#include "tl_boost/error.hpp"
#include "tl_boost/interpolation_csv.hpp"
#include "tl_boost/layout.hpp"
#include "tl_boost/stage.hpp"

namespace tl_boost {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::vector<std::string> split_cells(const std::string& line) {
  std::vector<std::string> cells;
  std::stringstream in(line);
  for (std::string cell; std::getline(in, cell, ',');) cells.push_back(cell);
  return cells;
}

// The columns of a metrics.csv header, by name.
class CsvColumns {
 public:
  CsvColumns(const fs::path& path, const std::string& header)
      : path_(path), header_(header), names_(split_cells(header)) {}

  std::size_t count() const { return names_.size(); }

  std::optional<std::size_t> find(const std::string& name) const {
    for (std::size_t i = 0; i < names_.size(); ++i) {
      if (names_[i] == name) return i;
    }
    return std::nullopt;
  }

  std::size_t index(const std::string& name) const {
    if (const auto i = find(name)) return *i;
    throw IoError(path_.string() + ": expected a column '" + name + "' in the header, found '" + header_ + "'");
  }

 private:
  fs::path path_;
  std::string header_;
  std::vector<std::string> names_;
};

// A data line's cells, as many as the header has columns (else an IoError naming the line).
std::vector<std::string> row_cells(const std::string& line, const CsvColumns& columns, const fs::path& path,
                                   std::size_t line_number) {
  std::vector<std::string> cells = split_cells(line);
  if (cells.size() != columns.count()) {
    throw IoError(path.string() + ":" + std::to_string(line_number) + ": expected " +
                  std::to_string(columns.count()) + " columns, found " + std::to_string(cells.size()));
  }
  return cells;
}

template <typename Number>
Number parse_number(const std::string& cell, const fs::path& path, std::size_t line, const std::string& column) {
  try {
    std::size_t used = 0;
    Number value;
    if constexpr (std::is_same_v<Number, int>) {
      value = std::stoi(cell, &used);
    } else {
      value = std::stod(cell, &used);
    }
    if (used == cell.size()) return value;
  } catch (const std::logic_error&) {  // std::invalid_argument, std::out_of_range
  }
  throw IoError(path.string() + ":" + std::to_string(line) + ": expected a number in column '" + column + "', found '" +
                cell + "'");
}

Stage parse_stage_cell(const std::string& cell, const fs::path& path, std::size_t line) {
  if (const std::optional<Stage> stage = parse_stage(cell)) return *stage;
  throw IoError(path.string() + ":" + std::to_string(line) + ": expected " + to_string(Stage::kSource) + " or " +
                to_string(Stage::kTarget) + " in column 'stage', found '" + cell + "'");
}

// "completed", or why the run is not: its error, else its status.
std::string run_status(const json& summary, const fs::path& path) {
  JsonObject root(summary, {path.string(), "", JsonSource::kRecord});
  std::string status = "no status", error;
  root.read("status", status);
  if (status == "completed") return status;
  return root.read("error", error) ? error : status;
}

// What the environment of an older summary lacks reads "?" (threads: 0; data_source: none).
RunEnvironment read_environment(JsonObject& summary) {
  RunEnvironment environment;
  JsonObject recorded = summary.object("environment");
  const std::pair<const char*, std::string*> texts[] = {
      {"hostname", &environment.hostname}, {"cpu", &environment.cpu},
      {"device", &environment.device},     {"libtorch_version", &environment.libtorch_version},
      {"git_sha", &environment.git_sha},   {"data_fingerprint", &environment.data_fingerprint}};
  for (const auto& [key, text] : texts) {
    *text = "?";
    recorded.read(key, *text);
  }
  recorded.read("threads", environment.threads);
  if (recorded.find("data_source") != nullptr) {
    JsonObject source = recorded.required_object("data_source");
    environment.data_source = DataSource{source.required<std::string>("tarball_md5"),
                                         source.required<std::string>("tarball_sha256"),
                                         source.required<bool>("official")};
  }
  return environment;
}

// The config the run recorded; what an older one lacks has its default (the data directory: "?").
TransferSetup read_transfer(JsonObject& summary, std::string& data_dir) {
  ExperimentConfig unknown;
  unknown.data.dir = "?";
  const json* recorded = summary.find("config");
  if (recorded == nullptr) summary.at("config").fail("missing");
  const ExperimentConfig c = read_recorded_config(*recorded, summary.at("config"), unknown);
  data_dir = c.data.dir;
  return {c.groups,           c.source_classes,  c.target_classes, c.freeze_transferred,
          c.transfer_layers,  c.transfer_init,   c.compute_matched, c.target_seed_offset,
          c.source_labels,    c.conv1_init,      c.data.max_per_class, c.data.target_max_per_class};
}

TargetFigures read_target(JsonObject& summary) {
  JsonObject target = summary.required_object("stages").required_object(to_string(Stage::kTarget));
  TargetFigures figures;
  const std::pair<const char*, double*> numbers[] = {
      {"test_acc", &figures.test_acc},       {"best_val_acc", &figures.best_val_acc},
      {"final_val_acc", &figures.final_val_acc}, {"final_train_acc", &figures.final_train_acc},
      {"train_val_gap", &figures.train_val_gap}, {"final_train_loss", &figures.final_train_loss}};
  for (const auto& [key, number] : numbers) *number = target.required<double>(key);
  double test_loss = 0.0;
  if (target.read("test_loss", test_loss)) figures.test_loss = test_loss;
  return figures;
}

std::optional<ProbeFigures> read_probe(JsonObject& summary) {
  const nlohmann::json* recorded = summary.find("probe");
  if (recorded == nullptr || recorded->is_null()) return std::nullopt;
  JsonObject probe = summary.required_object("probe");
  ProbeFigures p;
  p.final_network = probe.required<double>("test_acc");
  const auto reference = [&probe](const char* name) -> std::optional<double> {
    if (probe.find(name) == nullptr) return std::nullopt;  // not asked for, or a run from before references
    return probe.required_object(name).required<double>("test_acc");
  };
  p.source_network = reference("source_network");
  p.random_network = reference("random_network");
  p.conv1_only = reference("conv1_only");
  return p;
}

LandscapeFigures read_landscape(JsonObject& summary) {
  LandscapeFigures figures;
  JsonObject landscape = summary.object("landscape");
  if (landscape.find("sharpness") != nullptr) {
    double top = 0.0;
    JsonObject sharpness = landscape.required_object("sharpness");
    if (sharpness.read("top_eigenvalue", top)) figures.top_eigenvalue = top;
    sharpness.read("converged", figures.sharpness_converged);
  }
  const nlohmann::json* distance = landscape.find("distance");
  if (distance != nullptr && distance->is_object() && !distance->empty()) {
    // The whole network's distance from the per-layer ones: sqrt(sum absolute^2) / sqrt(sum norm^2).
    double moved = 0.0, start = 0.0;
    for (const auto& [layer, d] : distance->items()) {
      JsonObject per_layer(d, landscape.at("distance").child(layer));
      moved += std::pow(per_layer.required<double>("absolute"), 2);
      start += std::pow(per_layer.required<double>("initial_norm"), 2);
    }
    if (start > 0) figures.relative_distance = std::sqrt(moved / start);
  }
  return figures;
}

SuiteRun run_from_summary(const json& summary, const fs::path& path, const std::string& protocol,
                          std::uint64_t seed, const std::string& split) {
  // Written by tl-boost: a summary that does not read back is an IoError naming it.
  JsonObject root(summary, {path.string(), "", JsonSource::kRecord});
  SuiteRun run;
  run.protocol = protocol;
  run.seed = seed;
  run.split = split;
  run.environment = read_environment(root);
  run.transfer = read_transfer(root, run.data_dir);
  run.target = read_target(root);
  run.probe = read_probe(root);
  run.landscape = read_landscape(root);
  return run;
}

}  // namespace

std::vector<MetricsRow> read_metrics_rows(const fs::path& path) {
  std::ifstream in(path);
  if (!in) throw IoError(path.string() + ": expected a metrics file, found none");
  std::string line;
  std::getline(in, line);
  const CsvColumns columns(path, line);
  const std::size_t stage = columns.index("stage"), epoch = columns.index("epoch"),
                    train_loss = columns.index("train_loss"), train_acc = columns.index("train_acc"),
                    val_acc = columns.index("val_acc");
  const std::optional<std::size_t> val_loss = columns.find("val_loss"), lr = columns.find("lr"),
                                   seconds = columns.find("seconds");
  std::vector<MetricsRow> rows;
  for (std::size_t line_number = 2; std::getline(in, line); ++line_number) {
    const std::vector<std::string> cells = row_cells(line, columns, path, line_number);
    MetricsRow row;
    row.stage = parse_stage_cell(cells[stage], path, line_number);
    row.epoch = parse_number<int>(cells[epoch], path, line_number, "epoch");
    row.train_loss = parse_number<double>(cells[train_loss], path, line_number, "train_loss");
    row.train_acc = parse_number<double>(cells[train_acc], path, line_number, "train_acc");
    row.val_acc = parse_number<double>(cells[val_acc], path, line_number, "val_acc");
    if (val_loss) row.val_loss = parse_number<double>(cells[*val_loss], path, line_number, "val_loss");
    if (lr) row.lr = parse_number<double>(cells[*lr], path, line_number, "lr");
    if (seconds) row.seconds = parse_number<double>(cells[*seconds], path, line_number, "seconds");
    rows.push_back(row);
  }
  return rows;
}

namespace {

std::vector<double>& values_of(InterpolationCurve& curve, InterpolationColumn column) {
  switch (column) {
    case InterpolationColumn::kAlpha: return curve.alpha;
    case InterpolationColumn::kTrainLoss: return curve.train_loss;
    case InterpolationColumn::kTrainAcc: return curve.train_acc;
    case InterpolationColumn::kTestLoss: return curve.test_loss;
    case InterpolationColumn::kTestAcc: return curve.test_acc;
  }
  throw std::logic_error("an interpolation column without a curve");
}

// The suite writes every row with its newline and the points from alpha 0 to alpha 1: a file
// without them was cut short, and its barrier would be measured between the wrong ends.
void check_whole_interpolation(const fs::path& path, const std::string& text, const InterpolationCurve& curve) {
  const std::string fix = "; delete it and rerun the suite to write it again";
  if (text.empty() || text.back() != '\n') {
    throw IoError(path.string() + ": expected every line to end with a newline, found the last one cut short" + fix);
  }
  if (curve.alpha.size() < 2 || curve.alpha.front() != 0.0 || curve.alpha.back() != 1.0) {
    throw IoError(path.string() + ": expected points from alpha 0 to alpha 1, found " +
                  std::to_string(curve.alpha.size()) + " point(s)" +
                  (curve.alpha.empty() ? std::string() : " ending at alpha " + json(curve.alpha.back()).dump()) + fix);
  }
}

}  // namespace

InterpolationCurve read_interpolation_csv(const fs::path& path) {
  std::ifstream file(path);
  if (!file) throw IoError(path.string() + ": expected an interpolation file, found none");
  const std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  std::istringstream in(text);
  std::string line;
  std::getline(in, line);
  const CsvColumns columns(path, line);
  std::vector<std::pair<InterpolationColumn, std::size_t>> index;  // each column and where the header has it
  for (const InterpolationColumn column : kInterpolationColumns) {
    index.push_back({column, columns.index(column_name(column))});
  }
  InterpolationCurve curve;
  for (std::size_t line_number = 2; std::getline(in, line); ++line_number) {
    const std::vector<std::string> cells = row_cells(line, columns, path, line_number);
    for (const auto& [column, cell] : index) {
      values_of(curve, column).push_back(parse_number<double>(cells[cell], path, line_number, column_name(column)));
    }
  }
  check_whole_interpolation(path, text, curve);
  return curve;
}

std::string to_string(AbsentKind kind) {
  switch (kind) {
    case AbsentKind::kMissing: return "missing";
    case AbsentKind::kFailed: return "failed";
    case AbsentKind::kUnreadable: return "unreadable";
  }
  return "missing";
}

std::string absent_reason(const AbsentRun& absent) {
  return absent.kind == AbsentKind::kMissing ? to_string(absent.kind) : to_string(absent.kind) + ": " + absent.detail;
}

namespace {

// Run (split, protocol, seed) into `results`: its summary and metrics, or why it is absent.
void read_run(const SuiteLayout& layout, const std::string& split, const std::string& protocol, std::uint64_t seed,
              UnreadableRun unreadable, SuiteResults& results) {
  const RunLayout run_layout = layout.run(split, protocol, seed);
  const auto absent = [&](AbsentKind kind, const std::string& detail) {
    results.absent.push_back({split, protocol, seed, kind, detail});
  };
  if (!fs::exists(run_layout.summary())) return absent(AbsentKind::kMissing, "");
  try {
    const json summary = read_json_file(run_layout.summary());
    if (const std::string status = run_status(summary, run_layout.summary()); status != "completed") {
      return absent(AbsentKind::kFailed, status.substr(0, status.find('\n')));
    }
    SuiteRun run = run_from_summary(summary, run_layout.summary(), protocol, seed, split);
    run.metrics = read_metrics_rows(run_layout.metrics());
    results.runs.push_back(std::move(run));
  } catch (const IoError& e) {
    if (unreadable == UnreadableRun::kThrow) throw;
    absent(AbsentKind::kUnreadable, e.what());
  }
}

// The interpolations the suite wrote at `split`: between two protocols at one seed, and between
// two seeds of one protocol.
void read_interpolations(const SuiteLayout& layout, const std::string& split, SuiteResults& results) {
  const SuiteManifest& m = results.manifest;
  for (const auto& a : m.protocols) {
    for (const auto& b : m.protocols) {
      for (const auto seed_a : m.seeds) {
        for (const auto seed_b : m.seeds) {
          if ((a == b) == (seed_a == seed_b)) continue;
          const fs::path path = layout.interpolation(split, a, b, seed_a, seed_b);
          if (fs::exists(path)) results.interpolations.push_back({split, a, b, seed_a, seed_b, read_interpolation_csv(path)});
        }
      }
    }
  }
}

}  // namespace

SuiteResults read_suite_results(const fs::path& dir, UnreadableRun unreadable) {
  const SuiteLayout layout(dir);
  SuiteResults results;
  results.manifest = read_manifest(layout.manifest());
  std::vector<std::string> splits;
  for (const auto& split : results.manifest.splits) splits.push_back(split.name);
  if (splits.empty()) splits.emplace_back();
  for (const auto& split : splits) {
    for (const auto& protocol : results.manifest.protocols) {
      for (const auto seed : results.manifest.seeds) read_run(layout, split, protocol, seed, unreadable, results);
    }
    read_interpolations(layout, split, results);
  }
  return results;
}

}  // namespace tl_boost
