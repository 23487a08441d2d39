#pragma once
// The throughputs a machine measured for `suite --plan`, recorded so that the next plan on the same
// machine and settings prices its units without measuring again. LibTorch-free: the cost estimate
// (suite/cost_estimate.hpp) builds the key and measures; this room reads and writes the record.
#include <filesystem>
#include <optional>
#include <string>

#include "tl_boost/suite_cost.hpp"

namespace tl_boost {

/// What a measurement depends on: a recorded one is reused only where every field agrees.
struct ThroughputKey {
  std::string host;
  std::string device;         // as resolved: "cpu", "cuda:0"
  int threads = 1;            // per unit
  std::string precision;
  std::string memory_format;
  std::string model;          // the network's shape: "conv 32-64 k5, 10 classes"
  std::int64_t batch_size = 0;
  std::int64_t eval_batch_size = 0;
  std::string version;        // tl-boost's: its code sets the speed too

  bool operator==(const ThroughputKey& other) const;
  bool operator!=(const ThroughputKey& other) const { return !(*this == other); }
};

/// Measured throughputs and when (UTC, "2026-12-06 18:01 UTC").
struct RecordedRates {
  CostRates rates;
  std::string recorded_at;
};

/// Looking up a key: the rates recorded for it, if any, and why a file that exists was not used
/// ("<path>: not a throughput record: ..."; empty when it read).
struct RecordLookup {
  std::optional<RecordedRates> found;
  std::string problem;
};

/// The rates recorded for `key` in the file at `path`; an absent file or key finds none.
RecordLookup find_recorded_rates(const std::filesystem::path& path, const ThroughputKey& key);

/// Records `rates` for `key` at `path` (atomically), keeping the other keys' records; a file that
/// does not read is replaced. Throws IoError naming the path when it cannot be written.
void record_rates(const std::filesystem::path& path, const ThroughputKey& key, const RecordedRates& rates);

/// Now in UTC as RecordedRates::recorded_at writes it.
std::string utc_now_text();

}  // namespace tl_boost
