#pragma once
// Elapsed time for timings and progress, on the steady clock: wall-clock adjustments do not move it.
#include <chrono>

namespace tl_boost {

/// Seconds from `start` to now.
inline double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace tl_boost
