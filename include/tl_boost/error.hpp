#pragma once
// One error hierarchy for the whole program: thrown where a problem is known, caught once in main.
#include <stdexcept>
#include <string>

namespace tl_boost {

/// Process exit codes; documented in docs/CLI.md ("Exit codes").
enum class ExitCode : int {
  kOk = 0,
  kInternal = 1,     // a bug or an unexpected library exception
  kUsage = 2,        // bad command line or bad config
  kData = 3,         // dataset files missing or malformed
  kIo = 4,           // cannot read or write an output/input file
  kDevice = 5,       // requested device unavailable
  kRunFailed = 6,    // training diverged (NaN/Inf loss)
  kInterruptedInt = 130,   // SIGINT: 128 + 2
  kInterruptedTerm = 143,  // SIGTERM: 128 + 15
};

class Error : public std::runtime_error {
 public:
  Error(const std::string& message, ExitCode code) : std::runtime_error(message), code_(code) {}
  ExitCode code() const noexcept { return code_; }
  int exit_code() const noexcept { return static_cast<int>(code_); }

 private:
  ExitCode code_;
};

class ConfigError : public Error {
 public:
  explicit ConfigError(const std::string& message) : Error(message, ExitCode::kUsage) {}
};

class DataError : public Error {
 public:
  explicit DataError(const std::string& message) : Error(message, ExitCode::kData) {}
};

class IoError : public Error {
 public:
  explicit IoError(const std::string& message) : Error(message, ExitCode::kIo) {}
};

class DeviceError : public Error {
 public:
  explicit DeviceError(const std::string& message) : Error(message, ExitCode::kDevice) {}
};

class RunFailedError : public Error {
 public:
  explicit RunFailedError(const std::string& message) : Error(message, ExitCode::kRunFailed) {}
};

/// SIGINT or SIGTERM arrived; the last complete epoch is checkpointed. Exit 128 + signal.
class InterruptedError : public Error {
 public:
  InterruptedError(const std::string& message, int signal)
      : Error(message, signal == 15 ? ExitCode::kInterruptedTerm : ExitCode::kInterruptedInt), signal_(signal) {}
  int signal() const noexcept { return signal_; }

 private:
  int signal_;
};

}  // namespace tl_boost
