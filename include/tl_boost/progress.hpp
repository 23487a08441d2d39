#pragma once
// A suite's progress: units done of all, time elapsed and an ETA. On a terminal, one status line
// redrawn in place every second; elsewhere (files, CI), a plain log line per finished unit.
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <string>
#include <thread>

namespace tl_boost {

/// "[#####---------------] 5/20 units, elapsed 3m12s, ETA 9m36s"; without the bar when `bar_width`
/// is 0. The ETA is the mean time of the units run so far times the units left; the first
/// `found_complete` units of `done` were complete before the suite started (a resumed suite), took
/// no time and so count for progress but not for the ETA.
std::string progress_text(std::size_t done, std::size_t total, double elapsed_seconds, int bar_width = 20,
                          std::size_t found_complete = 0);

/// "1h02m" above an hour, else "3m07s".
std::string format_duration(double seconds);

class SuiteProgress {
 public:
  /// `found_complete` of the `total` units were complete before the suite started.
  /// `live`: redraw a status line on stderr every second (only when stderr is a terminal and
  /// nothing else writes to it meanwhile, as with units in child processes).
  SuiteProgress(std::size_t total, std::size_t found_complete, bool live);
  ~SuiteProgress();
  SuiteProgress(const SuiteProgress&) = delete;
  SuiteProgress& operator=(const SuiteProgress&) = delete;

  /// A unit ended: prints `what` (and the status) above the live line, or as a log line.
  void unit_done(const std::string& what);

 private:
  void draw_locked();
  std::size_t total_;
  std::size_t found_complete_;
  std::size_t done_;
  bool live_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread ticker_;
};

}  // namespace tl_boost
