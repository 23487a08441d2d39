#include "tl_boost/run_output.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <unistd.h>

#include "tl_boost/error.hpp"
#include "tl_boost/layout.hpp"

namespace tl_boost {

namespace fs = std::filesystem;
using nlohmann::json;

void prepare_run_directory(const fs::path& dir, bool force) {
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_empty(dir, ec)) {
    if (!force) {
      throw IoError(dir.string() + ": a run already exists here; pass --force to replace it");
    }
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      if (RunLayout::is_run_file(entry.path().filename().string())) fs::remove(entry.path(), ec);
    }
  }
  fs::create_directories(dir, ec);
  if (ec || !fs::is_directory(dir)) {
    throw IoError(dir.string() + ": cannot create the run directory: " + (ec ? ec.message() : "not a directory"));
  }
}

bool DataSource::operator==(const DataSource& other) const {
  return tarball_md5 == other.tarball_md5 && tarball_sha256 == other.tarball_sha256 && official == other.official;
}

std::optional<DataSource> read_data_source(const fs::path& data_dir) {
  const fs::path path = data_source_file(data_dir);
  if (!fs::exists(path)) return std::nullopt;
  const nlohmann::json j = read_json_file(path);
  try {
    return DataSource{j.at("tarball_md5").get<std::string>(), j.at("tarball_sha256").get<std::string>(),
                      j.at("official").get<bool>()};
  } catch (const nlohmann::json::exception& e) {
    throw IoError(path.string() +
                  ": expected tarball_md5, tarball_sha256 and official as scripts/fetch-data.sh "
                  "writes them (rerun it with --force), found: " +
                  e.what());
  }
}

nlohmann::json read_json_file(const fs::path& path) {
  std::ifstream in(path);
  if (!in) throw IoError(path.string() + ": cannot read (missing or unreadable)");
  try {
    return nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw IoError(path.string() + ": expected JSON, found malformed content: " + e.what());
  }
}

fs::path atomic_temporary(const fs::path& path) {
  return path.string() + "." + std::to_string(::getpid()) + ".tmp";
}

void write_file_atomic(const fs::path& path, const std::string& content) {
  const fs::path temporary = atomic_temporary(path);
  std::FILE* file = std::fopen(temporary.c_str(), "wb");
  if (file == nullptr) {
    throw IoError(temporary.string() + ": cannot open for writing: " + std::strerror(errno));
  }
  const bool written = std::fwrite(content.data(), 1, content.size(), file) == content.size() &&
                       std::fflush(file) == 0 && ::fsync(fileno(file)) == 0;
  const int write_errno = errno;
  const bool closed = std::fclose(file) == 0;
  if (!written || !closed) {
    std::remove(temporary.c_str());
    throw IoError(path.string() + ": write failed: " + std::strerror(written ? errno : write_errno));
  }
  std::error_code ec;
  fs::rename(temporary, path, ec);
  if (ec) {
    std::remove(temporary.c_str());
    throw IoError(path.string() + ": cannot rename the finished file into place: " + ec.message());
  }
}

MetricsCsvWriter::MetricsCsvWriter(const fs::path& path) : path_(path), out_(path, std::ios::trunc) {
  if (!out_) throw IoError(path.string() + ": cannot open for writing: " + std::strerror(errno));
  out_ << kHeader << '\n' << std::flush;
  if (!out_) throw IoError(path.string() + ": write failed");
}

MetricsCsvWriter::MetricsCsvWriter(const fs::path& path, std::size_t rows) : path_(path) {
  std::ifstream in(path);
  if (!in) throw IoError(path.string() + ": cannot resume: metrics.csv is missing");
  std::string kept;
  std::string line;
  std::size_t lines = 0;
  while (lines < rows + 1 && std::getline(in, line)) {
    kept += line + "\n";
    ++lines;
  }
  if (lines < rows + 1 || kept.rfind(std::string(kHeader) + "\n", 0) != 0) {
    throw IoError(path.string() + ": cannot resume: expected the header and " + std::to_string(rows) +
                  " rows of checkpointed epochs, found " + std::to_string(lines) + " lines");
  }
  in.close();
  write_file_atomic(path, kept);
  out_.open(path, std::ios::app);
  if (!out_) throw IoError(path.string() + ": cannot open for appending: " + std::strerror(errno));
}

void MetricsCsvWriter::append(Stage stage, const EpochMetrics& metrics) {
  out_ << format_metrics_row(stage, metrics) << '\n' << std::flush;
  if (!out_) throw IoError(path_.string() + ": write failed (disk full?)");
}

std::string format_metrics_row(Stage stage, const EpochMetrics& m) {
  char line[256];
  std::snprintf(line, sizeof line, "%s,%d,%.6f,%.6f,%.6f,%.6f,%.6g,%.3f", to_string(stage).c_str(), m.epoch,
                m.train_loss, m.train_acc, m.val_loss, m.val_acc, m.lr, m.seconds);
  return line;
}

json command_json(const RunCommand& command) {
  return {{"argv", command.argv}, {"overrides", command.overrides}, {"cwd", command.cwd}};
}

json probe_json(const ProbeResult& p) {
  json j = {{"classes", p.classes},         {"epochs", p.epochs},
            {"lr", p.lr},                   {"standardized", p.standardized},
            {"train_acc", p.train.accuracy}, {"val_acc", p.validation.accuracy},
            {"test_acc", p.test.accuracy},  {"test_loss", p.test.loss},
            {"test_size", p.test.count},    {"seconds", p.seconds}};
  for (const auto& [name, s] : p.references) {
    j[name] = {{"test_acc", s.test.accuracy},
               {"test_loss", s.test.loss},
               {"train_acc", s.train.accuracy},
               {"val_acc", s.validation.accuracy}};
  }
  return j;
}

json landscape_json(const LandscapeResult& result, json landscape) {
  if (!landscape.is_object()) landscape = json::object();
  if (result.distance) {
    json layers = json::object();
    for (const LayerDistance& d : *result.distance) {
      layers[d.layer] = {{"absolute", d.absolute}, {"relative", d.relative}, {"initial_norm", d.initial_norm}};
    }
    landscape["distance"] = layers;
  }
  if (result.sharpness) {
    const SharpnessResult& s = *result.sharpness;
    landscape["sharpness"] = {{"top_eigenvalue", s.top_eigenvalue}, {"iterations", s.iterations},
                              {"converged", s.converged},           {"relative_change", s.relative_change},
                              {"subset_size", s.subset_size},       {"estimates", s.estimates}};
  }
  return landscape;
}

json make_summary(const ExperimentConfig& config, const RunResult& result, const RunEnvironment& env,
                  const std::string& error) {
  json stages = json::object();
  for (const StageResult& stage : result.stages) {
    const EpochMetrics& last = stage.final_epoch();
    const EpochMetrics& best = stage.best_epoch();
    stages[to_string(stage.plan.stage)] = {
        {"classes", stage.plan.classes},
        {"epochs", stage.plan.epochs},
        {"transferred_layers", stage.plan.transferred_layers},
        {"frozen", stage.plan.freeze_transferred},
        {"train_size", stage.train_size},
        {"validation_size", stage.validation_size},
        {"test_size", stage.test.count},
        {"final_train_loss", last.train_loss},
        {"final_train_acc", last.train_acc},
        {"final_val_loss", last.val_loss},
        {"final_val_acc", last.val_acc},
        {"train_val_gap", last.train_acc - last.val_acc},
        {"best_val_acc", best.val_acc},
        {"best_val_epoch", best.epoch},
        {"test_acc", stage.test.accuracy},
        {"test_loss", stage.test.loss},
        {"seconds", stage.seconds},
    };
  }
  json summary = {
      {"name", config.name},
      {"seed", config.seed},
      {"status", error.empty() ? "completed" : "failed"},
      {"seconds", result.seconds},
      {"stages", stages},
      {"environment",
       {{"device", env.device},
        {"threads", env.threads},
        {"libtorch_version", env.libtorch_version},
        {"tl_boost_version", env.tl_boost_version},
        {"git_sha", env.git_sha},
        {"started_at", env.started_at},
        {"hostname", env.hostname},
        {"cpu", env.cpu},
        {"data_fingerprint", env.data_fingerprint}}},
      {"config", to_json(config)},
  };
  if (env.data_source) {
    summary["environment"]["data_source"] = {{"tarball_md5", env.data_source->tarball_md5},
                                             {"tarball_sha256", env.data_source->tarball_sha256},
                                             {"official", env.data_source->official}};
  }
  if (result.probe) summary["probe"] = probe_json(*result.probe);
  if (result.landscape) summary["landscape"] = landscape_json(*result.landscape);
  if (!error.empty()) summary["error"] = error;
  return summary;
}

}  // namespace tl_boost
