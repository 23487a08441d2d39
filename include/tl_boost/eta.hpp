#pragma once
// A suite's estimated time left, from the plan's price of each unit (suite/cost_estimate.hpp) and
// the units' measured times as they finish. LibTorch-free and pure: progress.hpp draws it.
#include <optional>
#include <vector>

namespace tl_boost {

enum class UnitState { kWaiting, kRunning, kDone };

/// One unit pending when the suite started: its planned seconds (0: not priced) and how far it got.
struct UnitClock {
  double estimate = 0.0;
  UnitState state = UnitState::kWaiting;
  double seconds = 0.0;  // running for (kRunning), took (kDone)
};

/// The seconds left and whether finished units informed them.
struct Eta {
  double seconds = 0.0;
  bool measured = false;  // false: the plan's prices alone
};

/// The time left for `units`, `jobs` at a time, then `tail` planned seconds (the interpolations).
/// The plan's seconds are scaled by how long the finished units took against their plan (their
/// time over their planned time), weighed by n / (n + 2) for n finished units against the plan's
/// own 1, so that one unit's luck does not swing the estimate; a running unit counts what is left
/// of its scaled plan. Without a price for every unit, units count alike and the scale is the
/// finished units' mean time: none while none has finished.
std::optional<Eta> estimate_time_left(const std::vector<UnitClock>& units, int jobs, double tail = 0.0);

}  // namespace tl_boost
