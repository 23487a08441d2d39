#include "tl_boost/report/roles.hpp"

#include <algorithm>
#include <numeric>
#include <set>

namespace tl_boost {

namespace {

bool fine_tuned_at(const ProtocolRole& role, SourceKind source, int n) {
  return role.source == source && !role.frozen && role.depth == n && !role.control();
}

// No other protocol is a larger or more diverse version of protocol i's source.
bool plain_source(const RolePlacement& r, std::size_t i) {
  for (std::size_t j = 0; j < r.placed.size(); ++j) {
    if (j != i && relate_sources(r.placed[i].config, r.placed[j].config) != SourceRelation::kUnrelated) return false;
  }
  return true;
}

// AnB+ at depth n.
bool plain_transfer(const RolePlacement& r, std::size_t i, int n) {
  return fine_tuned_at(r.placed[i].role, SourceKind::kDisjoint, n) && plain_source(r, i);
}

// The placed protocols, originals before twins: a twin (another target stage of its protocol's
// experiment) holds a role only where no original does, wherever the suite lists it.
std::vector<std::size_t> originals_first(const RolePlacement& r) {
  std::vector<std::size_t> order(r.placed.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_partition(order.begin(), order.end(),
                        [&](std::size_t i) { return r.placed[i].config.target_seed_offset == 0; });
  return order;
}

std::optional<DepthRoles> roles_at(const RolePlacement& r, int n) {
  std::optional<std::size_t> t, s;
  for (const std::size_t i : originals_first(r)) {
    if (!t && plain_transfer(r, i, n)) t = i;
    if (!s && fine_tuned_at(r.placed[i].role, SourceKind::kSelf, n)) s = i;
  }
  if (!t) return std::nullopt;
  return DepthRoles{n, *t, s};
}

std::vector<std::size_t> grid_cells(const RolePlacement& r) {
  std::set<std::pair<std::string, int>> taken;
  std::vector<std::size_t> cells;
  for (std::size_t i = 0; i < r.placed.size(); ++i) {
    const ProtocolRole& role = r.placed[i].role;
    const bool grid_source = role.source == SourceKind::kSelf || role.source == SourceKind::kDisjoint;
    if (!grid_source || role.control() || r.placed[i].config.target_seed_offset != 0) continue;
    if (role.source == SourceKind::kDisjoint && !plain_source(r, i)) continue;
    if (taken.insert({role.yosinski_condition, role.depth}).second) cells.push_back(i);
  }
  return cells;
}

}  // namespace

std::optional<ExperimentConfig> role_config(const TransferSetup& t) {
  if (t.target_classes.empty()) return std::nullopt;
  ExperimentConfig c;
  c.groups = t.groups;
  c.source_classes = t.source_classes;
  c.target_classes = t.target_classes;
  c.freeze_transferred = t.freeze_transferred;
  c.transfer_layers = t.transfer_layers;
  c.transfer_init = t.transfer_init;
  c.compute_matched = t.compute_matched;
  c.target_seed_offset = t.target_seed_offset;
  c.source_labels = t.source_labels;
  c.conv1_init = t.conv1_init;
  c.data.max_per_class = t.max_per_class;
  c.data.target_max_per_class = t.target_max_per_class;
  return c;
}

RolePlacement place_roles(const SuiteResults& results) {
  RolePlacement r;
  for (const auto& protocol : results.manifest.protocols) {
    for (const auto& run : results.runs) {
      if (run.protocol != protocol) continue;
      if (const auto config = role_config(run.transfer))
        r.placed.push_back({protocol, *config, protocol_role(*config)});
      break;
    }
  }
  // The controls (weight statistics, compute-matched scratch) share the roles of the transfer and
  // the baseline they control for, so they are never taken for either.
  std::set<int> depths;
  for (const std::size_t i : originals_first(r)) {
    const ProtocolRole& role = r.placed[i].role;
    if (role.control()) continue;
    if (role.source == SourceKind::kNone && !r.baseline) r.baseline = i;
    if (role.source == SourceKind::kDisjoint && !role.frozen) depths.insert(role.depth);
  }
  for (const int n : depths) {
    if (const auto d = roles_at(r, n)) r.by_depth.push_back(*d);
  }
  r.grid = grid_cells(r);
  return r;
}

}  // namespace tl_boost
