#include "tl_boost/interrupt.hpp"

#include <signal.h>

#include <csignal>
#include <string>

#include "tl_boost/error.hpp"

namespace tl_boost {

namespace {
volatile std::sig_atomic_t g_signal = 0;

extern "C" void record_signal(int signal) { g_signal = signal; }

void install(int signal) {
  struct sigaction action {};
  action.sa_handler = record_signal;
  sigemptyset(&action.sa_mask);
  // No SA_RESTART (std::signal sets it): a blocking call (waitpid, flock) returns EINTR, so a
  // process waiting on a child or a lock sees the signal at once, not when the wait ends.
  action.sa_flags = 0;
  ::sigaction(signal, &action, nullptr);
}
}  // namespace

void install_interrupt_handlers() {
  install(SIGINT);
  install(SIGTERM);
}

int pending_interrupt() noexcept { return g_signal; }

void throw_if_interrupted(const char* where) {
  if (const int signal = pending_interrupt()) {
    throw InterruptedError("interrupted by signal " + std::to_string(signal) + " in " + where, signal);
  }
}

}  // namespace tl_boost
