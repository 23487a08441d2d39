#pragma once
// SIGINT/SIGTERM become a flag that every long loop checks between its steps, so a run stops at a
// clean point with its last complete epoch checkpointed. Blocking calls (waiting for a child process
// or a lock) are interrupted by the signal, so their callers can stop too.
namespace tl_boost {

/// Installs handlers for SIGINT and SIGTERM that record the signal (without SA_RESTART).
void install_interrupt_handlers();

/// The signal received since the handlers were installed, or 0.
int pending_interrupt() noexcept;

/// Throws InterruptedError ("interrupted by signal N in <where>") once SIGINT/SIGTERM arrived.
/// Every loop that can run longer than a second calls it once per step (a batch, an epoch of the
/// probe, an iteration of the power method, a point of an interpolation), so a signal stops any
/// phase within a step, not at its end.
void throw_if_interrupted(const char* where);

}  // namespace tl_boost
