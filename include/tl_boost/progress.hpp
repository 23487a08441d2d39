#pragma once
// A suite's progress: units done of all, time elapsed and an ETA. On a terminal, one status line
// redrawn in place every second; elsewhere (files, CI), a plain log line per finished unit.
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "tl_boost/eta.hpp"

namespace tl_boost {

/// "[#####---------------] 5/20 units, elapsed 3m12s, ETA 9m36s" (eta.hpp's estimate), without the
/// bar when `bar_width` is 0; "ETA 5h30m (planned)" while no unit has finished, "ETA unknown" without
/// an estimate.
std::string progress_text(std::size_t done, std::size_t total, double elapsed_seconds, const std::optional<Eta>& eta,
                          int bar_width);

/// "1h02m" above an hour, else "3m07s".
std::string format_duration(double seconds);

/// What the plan says each unit costs, for the ETA before units finish (cost_estimate.hpp).
struct ProgressPlan {
  std::vector<double> unit_seconds;  // by unit index; empty or 0: not priced
  int jobs = 1;
  double tail_seconds = 0.0;         // after the units: the interpolations
};

class SuiteProgress {
 public:
  /// `complete`: the units complete before the suite started (by index; they count as done but
  /// not in the ETA); `plan` prices the others. `live`: redraw a status line on stderr every
  /// second (only when stderr is a terminal and nothing else writes to it meanwhile, as with units
  /// in child processes).
  SuiteProgress(const std::vector<bool>& complete, bool live, ProgressPlan plan = {});
  ~SuiteProgress();
  SuiteProgress(const SuiteProgress&) = delete;
  SuiteProgress& operator=(const SuiteProgress&) = delete;

  /// Unit `index` started (its time counts from now).
  void unit_started(std::size_t index);
  /// Unit `index` ended: prints `what` (and the status) above the live line, or as a log line.
  void unit_done(std::size_t index, const std::string& what);

 private:
  using Clock = std::chrono::steady_clock;
  std::string status_locked(int bar_width);
  void draw_locked();
  // Per unit index: the ETA's clock (only the units pending at the start) and when it started.
  std::vector<std::optional<std::size_t>> slot_;
  std::vector<UnitClock> clocks_;
  std::vector<Clock::time_point> started_;
  int jobs_ = 1;
  double tail_seconds_ = 0.0;
  std::size_t total_;
  std::size_t done_;
  bool live_;
  Clock::time_point start_ = Clock::now();
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread ticker_;
};

}  // namespace tl_boost
