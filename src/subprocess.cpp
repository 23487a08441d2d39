#include "tl_boost/subprocess.hpp"

#include <algorithm>
#include <string_view>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>

#include "tl_boost/error.hpp"
#include "tl_boost/interrupt.hpp"

namespace tl_boost {

namespace {

pid_t spawn(const ChildSpec& spec) {
  const int fd = ::open(spec.log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw IoError(spec.log.string() + ": cannot open for writing: " + std::strerror(errno));
  std::vector<std::string> storage = spec.args;
  std::vector<char*> argv;
  for (auto& arg : storage) argv.push_back(arg.data());
  argv.push_back(nullptr);
  // The environment is built before fork: the child may only make async-signal-safe calls.
  std::vector<char*> envp;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string_view text(*entry);
    const bool removed = std::any_of(spec.unset_env.begin(), spec.unset_env.end(), [&](const std::string& name) {
      return text.size() > name.size() && text.compare(0, name.size(), name) == 0 && text[name.size()] == '=';
    });
    if (!removed) envp.push_back(*entry);
  }
  envp.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fd);
    throw IoError(std::string("cannot start a child process: ") + std::strerror(errno));
  }
  if (pid == 0) {
    ::dup2(fd, STDOUT_FILENO);
    ::dup2(fd, STDERR_FILENO);
    ::execve(argv[0], argv.data(), envp.data());
    ::_exit(127);
  }
  ::close(fd);
  return pid;
}

int exit_code_of(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return 1;
}

}  // namespace

std::size_t run_in_processes(std::size_t count, int parallel, const std::function<ChildSpec(std::size_t)>& make,
                             const std::function<void(std::size_t, int)>& on_exit) {
  std::map<pid_t, std::size_t> running;
  std::size_t next = 0;
  std::size_t failed = 0;
  int interrupted = 0;
  std::size_t stopped = 0;
  while (next < count || !running.empty()) {
    // The handlers leave out SA_RESTART, so a signal ends the wait below with EINTR and is seen
    // here at once: every running child gets SIGTERM together and checkpoints.
    if (!interrupted && (interrupted = pending_interrupt()) != 0) {
      for (const auto& [pid, index] : running) ::kill(pid, SIGTERM);
      stopped = running.size();
    }
    while (!interrupted && next < count && static_cast<int>(running.size()) < parallel) {
      running[spawn(make(next))] = next;
      ++next;
    }
    if (running.empty()) break;
    int status = 0;
    const pid_t pid = ::waitpid(-1, &status, 0);
    if (pid < 0) {
      if (errno == EINTR) continue;  // a signal: look at the flag again
      throw IoError(std::string("waiting for child processes: ") + std::strerror(errno));
    }
    const auto it = running.find(pid);
    if (it == running.end()) continue;
    const int code = exit_code_of(status);
    if (code != 0) ++failed;
    on_exit(it->second, code);
    running.erase(it);
  }
  if (interrupted) {
    throw InterruptedError("interrupted by signal " + std::to_string(interrupted) + "; passed it on to the " +
                               std::to_string(stopped) + " running child process(es) and waited for them",
                           interrupted);
  }
  return failed;
}

}  // namespace tl_boost
