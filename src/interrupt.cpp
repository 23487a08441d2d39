#include "tl_boost/interrupt.hpp"

#include <csignal>

namespace tl_boost {

namespace {
volatile std::sig_atomic_t g_signal = 0;

extern "C" void record_signal(int signal) { g_signal = signal; }
}  // namespace

void install_interrupt_handlers() {
  std::signal(SIGINT, record_signal);
  std::signal(SIGTERM, record_signal);
}

int pending_interrupt() noexcept { return g_signal; }

}  // namespace tl_boost
