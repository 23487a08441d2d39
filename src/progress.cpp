#include "tl_boost/progress.hpp"

#include <algorithm>
#include <cstdio>

#include <spdlog/spdlog.h>

#include "tl_boost/stopwatch.hpp"

namespace tl_boost {

std::string format_duration(double seconds) {
  const auto s = static_cast<long>(seconds < 0 ? 0 : seconds);
  char text[32];
  if (s >= 3600) {
    std::snprintf(text, sizeof text, "%ldh%02ldm", s / 3600, (s % 3600) / 60);
  } else {
    std::snprintf(text, sizeof text, "%ldm%02lds", s / 60, s % 60);
  }
  return text;
}

std::string progress_text(std::size_t done, std::size_t total, double elapsed_seconds, const std::optional<Eta>& eta,
                          int bar_width) {
  std::string text;
  if (bar_width > 0) {
    const auto width = static_cast<std::size_t>(bar_width);
    const std::size_t filled = total == 0 ? width : std::min(width, done * width / total);
    text = "[" + std::string(filled, '#') + std::string(width - filled, '-') + "] ";
  }
  text += std::to_string(done) + "/" + std::to_string(total) + " units, elapsed " + format_duration(elapsed_seconds) +
          ", ETA ";
  if (!eta) return text + "unknown";
  return text + format_duration(eta->seconds) + (eta->measured ? "" : " (planned)");
}

SuiteProgress::SuiteProgress(const std::vector<bool>& complete, bool live, ProgressPlan plan)
    : slot_(complete.size()),
      started_(complete.size()),
      jobs_(plan.jobs),
      tail_seconds_(plan.tail_seconds),
      total_(complete.size()),
      done_(static_cast<std::size_t>(std::count(complete.begin(), complete.end(), true))),
      live_(live) {
  for (std::size_t i = 0; i < complete.size(); ++i) {
    if (complete[i]) continue;
    slot_[i] = clocks_.size();
    clocks_.push_back({i < plan.unit_seconds.size() ? plan.unit_seconds[i] : 0.0, UnitState::kWaiting, 0.0});
  }
  if (!live_) return;
  ticker_ = std::thread([this] {
    std::unique_lock<std::mutex> lock(mutex_);
    while (!stopping_) {
      draw_locked();
      wake_.wait_for(lock, std::chrono::seconds(1));
    }
  });
}

SuiteProgress::~SuiteProgress() {
  if (!live_) return;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
    draw_locked();
    std::fputc('\n', stderr);
  }
  wake_.notify_all();
  ticker_.join();
}

std::string SuiteProgress::status_locked(int bar_width) {
  const Clock::time_point now = Clock::now();
  for (std::size_t i = 0; i < slot_.size(); ++i) {
    if (slot_[i] && clocks_[*slot_[i]].state == UnitState::kRunning) {
      clocks_[*slot_[i]].seconds = std::chrono::duration<double>(now - started_[i]).count();
    }
  }
  std::optional<Eta> eta = done_ >= total_ ? std::optional<Eta>(Eta{0.0, true}) : estimate_time_left(clocks_, jobs_, tail_seconds_);
  return progress_text(done_, total_, seconds_since(start_), eta, bar_width);
}

void SuiteProgress::draw_locked() {
  std::fprintf(stderr, "\r\033[K%s", status_locked(20).c_str());
  std::fflush(stderr);
}

void SuiteProgress::unit_started(std::size_t index) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (index >= slot_.size() || !slot_[index]) return;
  started_[index] = Clock::now();
  clocks_[*slot_[index]].state = UnitState::kRunning;
}

void SuiteProgress::unit_done(std::size_t index, const std::string& what) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++done_;
  if (index < slot_.size() && slot_[index]) {
    UnitClock& clock = clocks_[*slot_[index]];
    if (clock.state == UnitState::kWaiting) started_[index] = start_;  // never told it started
    clock.seconds = std::chrono::duration<double>(Clock::now() - started_[index]).count();
    clock.state = UnitState::kDone;
  }
  if (live_) {
    std::fprintf(stderr, "\r\033[K%s\n", what.c_str());
    draw_locked();
  } else {
    spdlog::info("{}; {}", what, status_locked(0));
  }
}

}  // namespace tl_boost
