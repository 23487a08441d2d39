#include "tl_boost/eta.hpp"

#include <algorithm>

namespace tl_boost {

std::optional<Eta> estimate_time_left(const std::vector<UnitClock>& units, int jobs, double tail) {
  const bool priced = std::all_of(units.begin(), units.end(), [](const UnitClock& u) { return u.estimate > 0.0; });
  const auto plan = [priced](const UnitClock& u) { return priced ? u.estimate : 1.0; };
  double took = 0.0, planned = 0.0;
  std::size_t finished = 0;
  for (const UnitClock& u : units) {
    if (u.state != UnitState::kDone) continue;
    took += u.seconds;
    planned += plan(u);
    ++finished;
  }
  if (!priced && finished == 0) return std::nullopt;
  // The plan's seconds per planned second: 1 from the plan, took / planned from the finished units.
  const double n = static_cast<double>(finished);
  const double measured = finished > 0 ? took / planned : 1.0;
  const double scale = priced ? (2.0 + n * measured) / (2.0 + n) : measured;
  double left = 0.0, longest = 0.0;
  for (const UnitClock& u : units) {
    if (u.state == UnitState::kDone) continue;
    const double rest = std::max(0.0, scale * plan(u) - (u.state == UnitState::kRunning ? u.seconds : 0.0));
    left += rest;
    longest = std::max(longest, rest);
  }
  // `jobs` at a time, but never sooner than the longest unit left.
  const double units_left = std::max(longest, left / std::max(1, jobs));
  return Eta{units_left + (priced ? scale : 1.0) * tail, finished > 0};
}

}  // namespace tl_boost
