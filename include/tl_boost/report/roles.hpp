#pragma once
// The protocols of a suite placed by the roles their configs give them (protocol_role.hpp): at
// each transfer depth n the fine-tuned transfer from other classes that no other protocol is a
// larger or more diverse version of (AnB+, "T"), the fine-tuned self-transfer (BnB+, "S"), and
// the first protocol without a source (baseB). Controls of a transfer (transfer_init other than
// "copy") are never T, compute-matched scratch never baseB. Placed from each run's recorded config
// only: a run whose summary lacks its classes (written before they were recorded; no committed
// result is) takes no role. LibTorch-free.
#include <optional>
#include <string>
#include <vector>

#include "tl_boost/protocol_role.hpp"
#include "tl_boost/report_reader.hpp"

namespace tl_boost {

/// A protocol with runs and the role its config gives it.
struct PlacedProtocol {
  std::string protocol;
  ExperimentConfig config;
  ProtocolRole role;
};

/// The roles at one transfer depth, as indices into RolePlacement::placed.
struct DepthRoles {
  int n = 0;
  std::size_t transfer = 0;         // AnB+
  std::optional<std::size_t> self;  // BnB+
};

struct RolePlacement {
  std::vector<PlacedProtocol> placed;   // in the suite file's order
  std::optional<std::size_t> baseline;  // baseB
  std::vector<DepthRoles> by_depth;     // depths in increasing order, where an AnB+ ran
  std::vector<std::size_t> grid;        // Yosinski's grid: the protocol of each cell (place_roles)
  const std::string& name(std::size_t i) const { return placed[i].protocol; }
  /// The first protocol that `pick` accepts; "" when none does.
  template <typename Pick>
  std::string first(Pick pick) const {
    for (const auto& p : placed) {
      if (pick(p.role)) return p.protocol;
    }
    return "";
  }
};

/// What protocol_role reads of a run's recorded config; nullopt when the summary lacks its classes.
std::optional<ExperimentConfig> role_config(const TransferSetup& setup);

/// Each protocol of the manifest with runs, by the config of its first run. A cell of Yosinski's
/// grid (AnB, AnB+, BnB, BnB+ at depth n) holds the first protocol placed there that is no twin and
/// no control and, for a source of other classes, has no larger or more diverse version listed.
RolePlacement place_roles(const SuiteResults& results);

}  // namespace tl_boost
