#include "tl_boost/layout.hpp"

#include <cstdlib>

namespace tl_boost {

namespace {

constexpr const char* kRunFiles[] = {"metrics.csv", "summary.json", "config.json", "command.json", "checkpoint.json"};
constexpr const char* kTrainingStatePrefix = "checkpoint-";

}  // namespace

std::optional<std::filesystem::path> throughput_record_file() {
  const char* cache = std::getenv("XDG_CACHE_HOME");
  if (cache != nullptr && *cache != '\0') return std::filesystem::path(cache) / "tl-boost" / "throughputs.json";
  const char* home = std::getenv("HOME");
  if (home != nullptr && *home != '\0') return std::filesystem::path(home) / ".cache" / "tl-boost" / "throughputs.json";
  return std::nullopt;
}

RunLayout RunLayout::under(const std::filesystem::path& out_root, const std::string& name, std::uint64_t seed) {
  return RunLayout(out_root / name / ("seed-" + std::to_string(seed)));
}

std::string RunLayout::training_state_name(Stage stage, int epoch) {
  return kTrainingStatePrefix + to_string(stage) + "-" + std::to_string(epoch) + ".pt";
}

bool RunLayout::is_run_file(const std::string& file_name) {
  for (const char* name : kRunFiles) {
    if (file_name == name) return true;
  }
  for (const Stage stage : kStages) {
    if (file_name == stage_weights_name(stage)) return true;
  }
  return file_name.rfind(kTrainingStatePrefix, 0) == 0;
}

}  // namespace tl_boost
