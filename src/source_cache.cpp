#include "tl_boost/source_cache.hpp"

#include <optional>

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

// A file of a cache entry that cannot be used, and why.
struct Damage {
  std::filesystem::path file;
  std::string problem;
};

// The file of the cached source network in `done` that cannot be started from (a truncated
// source.pt, a broken stage.json), or none when it loads.
std::optional<Damage> damaged_source(const ExperimentConfig& config, const RunLayout& done, const Session& session) {
  const std::vector<StagePlan> plans = plan_stages(config);
  try {
    const RunProgress stage = progress_from_json(read_json_file(done.stage_record()), plans, done.stage_record().string());
    if (stage.completed.empty()) {
      return Damage{done.stage_record(), done.stage_record().string() +
                                             ": expected the finished source stage, found no completed stage"};
    }
  } catch (const Error& e) {
    return Damage{done.stage_record(), e.what()};
  }
  const std::filesystem::path weights = done.stage_weights(plans.front().stage);
  try {
    ConvNet net = make_network(config, plans.front(), session.device.device);
    load_weights(net, weights);
  } catch (const std::exception& e) {
    return Damage{weights, e.what()};
  }
  return std::nullopt;
}

// The checkpoint of an interrupted source in `partial` cannot be continued from: which file, and why.
std::optional<Damage> damaged_partial(const RunLayout& partial, const std::vector<StagePlan>& plans) {
  try {
    const RunProgress progress =
        progress_from_json(read_json_file(partial.checkpoint()), plans, partial.checkpoint().string());
    const std::filesystem::path state = partial.training_state(progress.state_file);
    if (!progress.state_file.empty() && !std::filesystem::exists(state)) {
      return Damage{state, state.string() + ": expected the training state the checkpoint names, found none"};
    }
  } catch (const Error& e) {
    return Damage{partial.checkpoint(), e.what()};
  }
  return std::nullopt;
}

// Every repaired cache entry says so the same way: which file, why, and that the entry is rebuilt.
void remove_damaged(const std::filesystem::path& entry, const Damage& damage, const std::string& rebuilt) {
  spdlog::warn("cache entry {}: {} is unreadable ({}); rebuilding the entry: {}", entry.string(),
               damage.file.filename().string(), damage.problem, rebuilt);
  std::error_code ec;
  std::filesystem::remove_all(entry, ec);
  if (ec) throw IoError(entry.string() + ": cannot remove the damaged cache entry: " + ec.message());
}

}  // namespace

namespace {

// Whether source `key` is cached and sound; a damaged entry is removed, to be trained again (it
// would fail every target started from it, on every rerun).
bool cached_and_sound(const ExperimentConfig& config, const SuiteLayout& suite, const std::string& key,
                      const Session& session) {
  if (!source_cached(suite, key)) return false;
  const RunLayout done = suite.source(key);
  const std::optional<Damage> damage = damaged_source(config, done, session);
  if (!damage) {
    spdlog::info("source network {} (seed {}) already trained: {}", config.name, config.seed, done.dir().string());
    return true;
  }
  remove_damaged(done.dir(), *damage, "the cached source network is removed and trained again");
  return false;
}

// Where the partial source starts: its checkpoint's progress (continuing), or an empty directory.
// The partial directory is checkpointed after every epoch like a run, so an interrupted source
// continues where it stopped; its key names everything that determines it, so nothing differs.
std::pair<RunProgress, bool> partial_source_start(const ExperimentConfig& config, const RunLayout& partial,
                                                  const RunLayout& done, const std::vector<StagePlan>& plans) {
  if (std::filesystem::exists(partial.checkpoint())) {
    if (const std::optional<Damage> damage = damaged_partial(partial, plans)) {
      remove_damaged(partial.dir(), *damage, "the interrupted source network is trained again from its first epoch");
    }
  }
  if (std::filesystem::exists(partial.checkpoint())) {
    RunProgress progress = progress_from_json(read_json_file(partial.checkpoint()), plans, partial.checkpoint().string());
    spdlog::info("resuming the source network of {} (seed {}) after epoch {} -> {}", config.name, config.seed,
                 progress.completed.empty() ? progress.history.size() : plans.front().epochs, done.dir().string());
    return {std::move(progress), true};
  }
  std::error_code ec;
  std::filesystem::remove_all(partial.dir(), ec);
  std::filesystem::create_directories(partial.dir(), ec);
  if (ec) throw IoError(partial.dir().string() + ": cannot create: " + ec.message());
  spdlog::info("training source network of {} (seed {}) -> {}", config.name, config.seed, done.dir().string());
  return {RunProgress{}, false};
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
  if (cached_and_sound(config, suite, key, session)) return;

  const RunLayout partial = suite.source_partial(key);
  const std::vector<StagePlan> plans = plan_stages(config);
  auto [progress, continuing] = partial_source_start(config, partial, done, plans);
  RunRecorder recorder(partial, progress, continuing);
  run_protocol(config, session.data, session.device.device, recorder, progress, 1);
  // stage.json: the finished source stage in checkpoint form, which a target run continues from.
  write_file_atomic(partial.stage_record(), progress_to_json(recorder.progress()).dump(2) + "\n");
  recorder.remove_checkpoint();
  std::filesystem::rename(partial.dir(), done.dir(), ec);
  if (ec) throw IoError(done.dir().string() + ": cannot move the trained source into place: " + ec.message());
}

}  // namespace tl_boost
