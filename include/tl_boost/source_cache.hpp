#pragma once
// A suite's source networks, each trained once and shared by every target run that starts from
// it: sources/<key>/ (key = source_key of the config). Trained in sources/<key>.partial/ and
// renamed into place, so the cache never holds half a source; a lock file beside it makes
// concurrent units (child processes, cluster tasks) train it once.
#include <string>

#include "tl_boost/config.hpp"
#include "tl_boost/layout.hpp"
#include "tl_boost/session.hpp"

namespace tl_boost {

/// Whether the source network `key` is trained and in the cache.
bool source_cached(const SuiteLayout& suite, const std::string& key);

/// Trains the source stage of `config` into the cache unless it is there already (or another
/// process is training it: then waits for that). An interrupted training continues from its
/// last checkpointed epoch. A cached network that no longer loads (a truncated source.pt) is
/// removed with a warning naming it and trained again.
void ensure_cached_source(const ExperimentConfig& config, const SuiteLayout& suite, const Session& session);

}  // namespace tl_boost
