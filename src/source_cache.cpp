#include "tl_boost/source_cache.hpp"

#include <spdlog/spdlog.h>

#include "tl_boost/error.hpp"
#include "tl_boost/experiment_identity.hpp"
#include "tl_boost/file_lock.hpp"
#include "tl_boost/protocol.hpp"
#include "tl_boost/run_output.hpp"
#include "tl_boost/run_recorder.hpp"

namespace tl_boost {

bool source_cached(const SuiteLayout& suite, const std::string& key) {
  return std::filesystem::exists(suite.source(key).stage_record());
}

void ensure_cached_source(const ExperimentConfig& config, const SuiteLayout& suite, const Session& session) {
  const std::string key = source_key(config);
  const RunLayout done = suite.source(key);
  std::error_code ec;
  std::filesystem::create_directories(suite.sources(), ec);
  if (ec) throw IoError(suite.sources().string() + ": cannot create: " + ec.message());
  const FileLock lock(suite.source_lock(key));
  if (lock.waited()) spdlog::info("waited for another process training the source network {}", done.dir().string());
  if (source_cached(suite, key)) {
    spdlog::info("source network {} (seed {}) already trained: {}", config.name, config.seed, done.dir().string());
    return;
  }
  // The partial directory is checkpointed after every epoch like a run, so an interrupted source
  // continues where it stopped; its key names everything that determines it, so nothing differs.
  const RunLayout partial = suite.source_partial(key);
  const std::vector<StagePlan> plans = plan_stages(config);
  RunProgress progress;
  const bool continuing = std::filesystem::exists(partial.checkpoint());
  if (continuing) {
    progress = progress_from_json(read_json_file(partial.checkpoint()), plans, partial.checkpoint().string());
    spdlog::info("resuming the source network of {} (seed {}) after epoch {} -> {}", config.name, config.seed,
                 progress.completed.empty() ? progress.history.size() : plans.front().epochs, done.dir().string());
  } else {
    std::filesystem::remove_all(partial.dir(), ec);
    std::filesystem::create_directories(partial.dir(), ec);
    if (ec) throw IoError(partial.dir().string() + ": cannot create: " + ec.message());
    spdlog::info("training source network of {} (seed {}) -> {}", config.name, config.seed, done.dir().string());
  }
  RunRecorder recorder(partial, progress, continuing);
  run_protocol(config, session.data, session.device.device, recorder, progress, 1);
  // stage.json: the finished source stage in checkpoint form, which a target run continues from.
  write_file_atomic(partial.stage_record(), progress_to_json(recorder.progress()).dump(2) + "\n");
  recorder.remove_checkpoint();
  std::filesystem::rename(partial.dir(), done.dir(), ec);
  if (ec) throw IoError(done.dir().string() + ": cannot move the trained source into place: " + ec.message());
}

}  // namespace tl_boost
