#pragma once
// Each protocol's figures over its runs (with several class splits over the split means), its
// learning curves over seeds, the transfer grid, and where the runs happened. LibTorch-free.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tl_boost/report/figures.hpp"
#include "tl_boost/report/findings.hpp"
#include "tl_boost/report/roles.hpp"
#include "tl_boost/report_reader.hpp"

namespace tl_boost {

/// Every protocol of the manifest with runs, by name; `order` gets them in the suite file's order.
std::map<std::string, ProtocolSummary> summarise_protocols(const SuiteResults& r, bool over_splits,
                                                           std::vector<std::string>& order);

/// Yosinski et al. 2014, Fig. 2: the protocol of each of the grid's cells (roles.hpp) as a
/// condition (AnB: source other classes, BnB: source the target classes themselves; '+' when
/// fine-tuned, not frozen) at its transfer depth n, and the baseline (baseB), each cell with its
/// test accuracy's paired difference from baseB (compare_protocols over `split_order`). None
/// unless the cells span at least two depths.
std::optional<TransferGrid> transfer_grid(const RolePlacement& roles,
                                          const std::map<std::string, ProtocolSummary>& protocols,
                                          const ProtocolFigures& figures, const std::vector<std::string>& split_order);

/// The protocols of `order` with a source stage, grouped by the source network their runs share:
/// the same source-stage metrics at every split and seed (a cached source trained once).
std::vector<std::vector<std::string>> source_networks(const SuiteResults& r, const std::vector<std::string>& order);

Provenance provenance(const SuiteResults& r);

}  // namespace tl_boost
