#include "tl_boost/report_reader.hpp"

#include <cmath>
#include <fstream>
#include <sstream>
#include <type_traits>

#include "tl_boost/error.hpp"
#include "tl_boost/layout.hpp"

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

SuiteRun run_from_summary(const json& summary, const std::string& protocol, std::uint64_t seed,
                          const std::string& split) {
  SuiteRun run;
  run.protocol = protocol;
  run.seed = seed;
  run.split = split;
  const json env = summary.value("environment", json::object());
  run.environment.hostname = env.value("hostname", "?");
  run.environment.cpu = env.value("cpu", "?");
  run.environment.device = env.value("device", "?");
  run.environment.threads = env.value("threads", 0);
  run.environment.libtorch_version = env.value("libtorch_version", "?");
  run.environment.git_sha = env.value("git_sha", "?");
  run.environment.data_fingerprint = env.value("data_fingerprint", "?");
  if (env.contains("data_source")) {
    const json& source = env["data_source"];
    run.environment.data_source =
        DataSource{source.at("tarball_md5").get<std::string>(), source.at("tarball_sha256").get<std::string>(),
                   source.at("official").get<bool>()};
  }
  const json& config = summary.at("config");
  run.data_dir = config.at("data").value("dir", "?");
  run.transfer.groups = config.value("groups", std::map<std::string, std::vector<std::string>>{});
  run.transfer.source_classes = config.value("source_classes", std::vector<std::string>{});
  run.transfer.target_classes = config.value("target_classes", std::vector<std::string>{});
  run.transfer.freeze_transferred = config.value("freeze_transferred", false);
  run.transfer.transfer_layers = config.value("transfer_layers", 1);
  run.transfer.transfer_init = parse_transfer_init(config.value("transfer_init", std::string("copy")));
  run.transfer.compute_matched = config.value("compute_matched", false);
  const json& target = summary.at("stages").at("target");
  run.target.test_acc = target.at("test_acc").get<double>();
  run.target.best_val_acc = target.at("best_val_acc").get<double>();
  run.target.final_val_acc = target.at("final_val_acc").get<double>();
  run.target.final_train_acc = target.at("final_train_acc").get<double>();
  run.target.train_val_gap = target.at("train_val_gap").get<double>();
  run.target.final_train_loss = target.at("final_train_loss").get<double>();
  if (summary.contains("probe") && !summary["probe"].is_null()) {
    const json& probe = summary["probe"];
    ProbeFigures p;
    p.final_network = probe.at("test_acc").get<double>();
    const auto reference = [&probe](const char* name) -> std::optional<double> {
      if (!probe.contains(name)) return std::nullopt;  // not asked for, or a run from before references
      return probe[name].at("test_acc").get<double>();
    };
    p.source_network = reference("source_network");
    p.random_network = reference("random_network");
    p.conv1_only = reference("conv1_only");
    run.probe = p;
  }
  const json landscape = summary.value("landscape", json::object());
  if (landscape.contains("sharpness") && landscape["sharpness"].contains("top_eigenvalue")) {
    run.landscape.top_eigenvalue = landscape["sharpness"]["top_eigenvalue"].get<double>();
  }
  if (landscape.contains("distance") && landscape["distance"].is_object() && !landscape["distance"].empty()) {
    // The whole network's distance from the per-layer ones: sqrt(sum absolute^2) / sqrt(sum norm^2).
    double moved = 0.0, start = 0.0;
    for (const auto& [layer, d] : landscape["distance"].items()) {
      moved += std::pow(d.at("absolute").get<double>(), 2);
      start += std::pow(d.at("initial_norm").get<double>(), 2);
    }
    if (start > 0) run.landscape.relative_distance = std::sqrt(moved / start);
  }
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
  const std::optional<std::size_t> val_loss = columns.find("val_loss");
  std::vector<MetricsRow> rows;
  for (std::size_t line_number = 2; std::getline(in, line); ++line_number) {
    const std::vector<std::string> cells = row_cells(line, columns, path, line_number);
    MetricsRow row;
    row.stage = cells[stage];
    row.epoch = parse_number<int>(cells[epoch], path, line_number, "epoch");
    row.train_loss = parse_number<double>(cells[train_loss], path, line_number, "train_loss");
    row.train_acc = parse_number<double>(cells[train_acc], path, line_number, "train_acc");
    row.val_acc = parse_number<double>(cells[val_acc], path, line_number, "val_acc");
    if (val_loss) row.val_loss = parse_number<double>(cells[*val_loss], path, line_number, "val_loss");
    rows.push_back(row);
  }
  return rows;
}

InterpolationCurve read_interpolation_csv(const fs::path& path) {
  std::ifstream in(path);
  if (!in) throw IoError(path.string() + ": expected an interpolation file, found none");
  std::string line;
  std::getline(in, line);
  const CsvColumns columns(path, line);
  InterpolationCurve curve;
  const std::pair<const char*, std::vector<double>*> wanted[] = {{"alpha", &curve.alpha},
                                                                 {"train_loss", &curve.train_loss},
                                                                 {"train_acc", &curve.train_acc},
                                                                 {"test_loss", &curve.test_loss},
                                                                 {"test_acc", &curve.test_acc}};
  std::vector<std::size_t> index;
  for (const auto& [name, values] : wanted) index.push_back(columns.index(name));
  for (std::size_t line_number = 2; std::getline(in, line); ++line_number) {
    const std::vector<std::string> cells = row_cells(line, columns, path, line_number);
    for (std::size_t k = 0; k < index.size(); ++k) {
      wanted[k].second->push_back(parse_number<double>(cells[index[k]], path, line_number, wanted[k].first));
    }
  }
  return curve;
}

SuiteResults read_suite_results(const fs::path& dir, UnreadableRun unreadable) {
  const SuiteLayout layout(dir);
  SuiteResults results;
  results.manifest = read_manifest(layout.manifest());
  std::vector<std::string> splits;
  for (const auto& split : results.manifest.splits) splits.push_back(split.name);
  if (splits.empty()) splits.emplace_back();
  for (const auto& split : splits) {
    for (const auto& protocol : results.manifest.protocols) {
      for (const auto seed : results.manifest.seeds) {
        const RunLayout run_layout = layout.run(split, protocol, seed);
        const auto absent = [&](const std::string& reason) {
          results.absent.push_back({split, protocol, seed, reason});
        };
        if (!fs::exists(run_layout.summary())) {
          absent("missing");
          continue;
        }
        try {
          const json summary = read_json_file(run_layout.summary());
          try {
            if (summary.value("status", "") != "completed") {
              const std::string error = summary.value("error", summary.value("status", "no status"));
              absent("failed: " + error.substr(0, error.find('\n')));
              continue;
            }
            SuiteRun run = run_from_summary(summary, protocol, seed, split);
            run.metrics = read_metrics_rows(run_layout.metrics());
            results.runs.push_back(std::move(run));
          } catch (const json::exception& e) {
            throw IoError(run_layout.summary().string() + ": expected a completed run's summary, found: " + e.what());
          }
        } catch (const IoError& e) {
          if (unreadable == UnreadableRun::kThrow) throw;
          absent(std::string("unreadable: ") + e.what());
        }
      }
    }
    // The interpolations the suite wrote: between two protocols at one seed, and between two
    // seeds of one protocol.
    for (const auto& a : results.manifest.protocols) {
      for (const auto& b : results.manifest.protocols) {
        for (const auto seed_a : results.manifest.seeds) {
          for (const auto seed_b : results.manifest.seeds) {
            if ((a == b) == (seed_a == seed_b)) continue;
            const fs::path path = layout.interpolation(split, a, b, seed_a, seed_b);
            if (fs::exists(path)) results.interpolations.push_back({split, a, b, seed_a, seed_b, read_interpolation_csv(path)});
          }
        }
      }
    }
  }
  return results;
}

}  // namespace tl_boost
