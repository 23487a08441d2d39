#include "tl_boost/source_cache.hpp"

#include <spdlog/spdlog.h>

#include "tl_boost/checkpoint.hpp"
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

namespace {

// Why the cached source network in `done` cannot be started from (a truncated source.pt, a broken
// stage.json), or "" when it loads.
std::string unreadable_source(const ExperimentConfig& config, const RunLayout& done, const Session& session) {
  try {
    const std::vector<StagePlan> plans = plan_stages(config);
    progress_from_json(read_json_file(done.stage_record()), plans, done.stage_record().string());
    ConvNet net = make_network(config, plans.front(), session.device.device);
    load_weights(net, done.stage_weights(plans.front().name));
    return "";
  } catch (const std::exception& e) {
    return e.what();
  }
}

}  // namespace

void ensure_cached_source(const ExperimentConfig& config, const SuiteLayout& suite, const Session& session) {
  const std::string key = source_key(config);
  const RunLayout done = suite.source(key);
  std::error_code ec;
  std::filesystem::create_directories(suite.sources(), ec);
  if (ec) throw IoError(suite.sources().string() + ": cannot create: " + ec.message());
  const FileLock lock(suite.source_lock(key));
  if (lock.waited()) spdlog::info("waited for another process training the source network {}", done.dir().string());
  if (source_cached(suite, key)) {
    const std::string problem = unreadable_source(config, done, session);
    if (problem.empty()) {
      spdlog::info("source network {} (seed {}) already trained: {}", config.name, config.seed, done.dir().string());
      return;
    }
    // A damaged cache entry would fail every target started from it, on every rerun: train it again.
    spdlog::warn("the cached source network {} cannot be loaded ({}); removing it and training it again",
                 done.dir().string(), problem);
    std::filesystem::remove_all(done.dir(), ec);
    if (ec) throw IoError(done.dir().string() + ": cannot remove the damaged cached source network: " + ec.message());
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
