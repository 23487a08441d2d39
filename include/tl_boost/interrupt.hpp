#pragma once
// SIGINT/SIGTERM become a flag that training checks between batches, so a run stops at a clean
// point with its last complete epoch checkpointed. Blocking calls (waiting for a child process
// or a lock) are interrupted by the signal, so their callers can stop too.
namespace tl_boost {

/// Installs handlers for SIGINT and SIGTERM that record the signal (without SA_RESTART).
void install_interrupt_handlers();

/// The signal received since the handlers were installed, or 0.
int pending_interrupt() noexcept;

}  // namespace tl_boost
