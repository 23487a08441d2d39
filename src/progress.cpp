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

std::string progress_text(std::size_t done, std::size_t total, double elapsed_seconds, int bar_width,
                          std::size_t found_complete) {
  std::string text;
  if (bar_width > 0) {
    const auto width = static_cast<std::size_t>(bar_width);
    const std::size_t filled = total == 0 ? width : std::min(width, done * width / total);
    text = "[" + std::string(filled, '#') + std::string(width - filled, '-') + "] ";
  }
  text += std::to_string(done) + "/" + std::to_string(total) + " units, elapsed " + format_duration(elapsed_seconds) +
          ", ETA ";
  if (done >= total) return text + format_duration(0);
  if (done <= found_complete) return text + "unknown";
  const double per_unit = elapsed_seconds / static_cast<double>(done - found_complete);
  return text + format_duration(per_unit * static_cast<double>(total - done));
}

SuiteProgress::SuiteProgress(std::size_t total, std::size_t found_complete, bool live)
    : total_(total), found_complete_(found_complete), done_(found_complete), live_(live) {
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

void SuiteProgress::draw_locked() {
  std::fprintf(stderr, "\r\033[K%s", progress_text(done_, total_, seconds_since(start_), 20, found_complete_).c_str());
  std::fflush(stderr);
}

void SuiteProgress::unit_done(const std::string& what) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++done_;
  if (live_) {
    std::fprintf(stderr, "\r\033[K%s\n", what.c_str());
    draw_locked();
  } else {
    spdlog::info("{}; {}", what, progress_text(done_, total_, seconds_since(start_), 0, found_complete_));
  }
}

}  // namespace tl_boost
