#pragma once
// Running copies of this program as child processes, a bounded number at a time (suite --jobs).
#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace tl_boost {

struct ChildSpec {
  std::vector<std::string> args;  // args[0]: the program
  std::filesystem::path log;      // stdout and stderr go here
  std::vector<std::string> unset_env;  // variables removed from the child's environment
};

/// Runs `count` children, at most `parallel` at once; `make(i)` describes child i and
/// `on_exit(i, exit_code)` hears of its end (128 + signal when it was killed). Returns how many
/// exited non-zero. On SIGINT/SIGTERM (see interrupt.hpp) starts no more, passes SIGTERM on to
/// the running children, waits for them and throws InterruptedError.
std::size_t run_in_processes(std::size_t count, int parallel, const std::function<ChildSpec(std::size_t)>& make,
                             const std::function<void(std::size_t, int)>& on_exit);

}  // namespace tl_boost
