#include "tl_boost/run_output.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <unistd.h>

#include "tl_boost/error.hpp"

namespace tl_boost {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr const char* kRunFiles[] = {"metrics.csv", "summary.json", "config.json", "source.pt", "target.pt"};

}  // namespace

fs::path run_directory(const fs::path& out_root, const std::string& name, std::uint64_t seed) {
  return out_root / name / ("seed-" + std::to_string(seed));
}

void prepare_run_directory(const fs::path& dir, bool force) {
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_empty(dir, ec)) {
    if (!force) {
      throw IoError(dir.string() + ": a run already exists here; pass --force to replace it");
    }
    for (const char* name : kRunFiles) fs::remove(dir / name, ec);
  }
  fs::create_directories(dir, ec);
  if (ec || !fs::is_directory(dir)) {
    throw IoError(dir.string() + ": cannot create the run directory: " + (ec ? ec.message() : "not a directory"));
  }
}

void write_file_atomic(const fs::path& path, const std::string& content) {
  const fs::path temporary = path.string() + ".tmp";
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

void MetricsCsvWriter::append(const std::string& stage, const EpochMetrics& metrics) {
  out_ << format_metrics_row(stage, metrics) << '\n' << std::flush;
  if (!out_) throw IoError(path_.string() + ": write failed (disk full?)");
}

std::string format_metrics_row(const std::string& stage, const EpochMetrics& m) {
  char line[256];
  std::snprintf(line, sizeof line, "%s,%d,%.6f,%.6f,%.6f,%.6f,%.6g,%.3f", stage.c_str(), m.epoch, m.train_loss,
                m.train_acc, m.val_loss, m.val_acc, m.lr, m.seconds);
  return line;
}

json make_summary(const ExperimentConfig& config, const RunResult& result, const RunEnvironment& env) {
  json stages = json::object();
  for (const StageResult& stage : result.stages) {
    const EpochMetrics& last = stage.final_epoch();
    const EpochMetrics& best = stage.best_epoch();
    stages[stage.plan.name] = {
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
  return {
      {"name", config.name},
      {"seed", config.seed},
      {"status", "completed"},
      {"seconds", result.seconds},
      {"stages", stages},
      {"environment",
       {{"device", env.device},
        {"threads", env.threads},
        {"libtorch_version", env.libtorch_version},
        {"tl_boost_version", env.tl_boost_version},
        {"git_sha", env.git_sha},
        {"started_at", env.started_at},
        {"hostname", env.hostname}}},
      {"config", to_json(config)},
  };
}

}  // namespace tl_boost
